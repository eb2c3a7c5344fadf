// Authenticator: who is calling. Logins, sessions, API tokens, password
// changes and break-the-glass grants.
//
// Contracts:
// - Login checks the per-address throttle before touching the password, then
//   the account lock, then the Argon2id hash. Wrong username and wrong
//   password get the same answer (and cost the same hash), so accounts cannot
//   be enumerated. Five consecutive failures lock the account for a minute,
//   doubling with each further failure up to an hour.
// - A session lives `session_idle_seconds` after its last use and never more
//   than `session_max_seconds` after login. Its secret is returned once, at
//   login; only its hash is stored. A CSRF token belongs to each session.
// - An API token carries a subset of its user's permissions and expires; a
//   token's effective permissions are those it lists that the user's role
//   still grants.
// - A disabled user, a revoked or expired credential, and a password change
//   (which revokes every other session) take effect on the next request.
// - Every login, failed login, logout, password change, token creation and
//   revocation and break-the-glass grant is audited in the same transaction
//   as its write.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_event.h"
#include "auth/credential_cache.h"
#include "auth/login_throttle.h"
#include "auth/principal.h"
#include "auth/role.h"
#include "auth/user_store.h"
#include "core/status.h"
#include "storage/database.h"

namespace yilian::auth {

struct AuthOptions {
  int64_t session_idle_seconds = 30 * 60;
  int64_t session_max_seconds = 12 * 3600;
  int lock_after_failures = 5;
  int64_t first_lock_seconds = 60;
  int64_t max_lock_seconds = 3600;
  double login_attempts_per_minute = 10;  // per client address
  double login_burst = 10;
  int64_t break_glass_seconds = 4 * 3600;
  int64_t default_token_days = 90;
  // Seconds since the epoch; tests move time forward.
  std::function<int64_t()> now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  std::function<double()> monotonic = [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
};

struct Session {
  std::string token;  // the secret, for the cookie; never stored
  std::string csrf_token;
  int64_t expires_at = 0;
  Principal principal;
};

struct NewApiToken {
  std::string token;  // shown once
  user_store::ApiToken stored;
};

// What a request presented.
struct Credentials {
  std::string session_token;  // from the session cookie
  std::string bearer_token;   // from "Authorization: Bearer …"
  std::string ip;
  uint64_t request_id = 0;
};

class Authenticator {
 public:
  Authenticator(storage::Database& db, const RoleCatalog& roles, CredentialCache& cache,
                AuthOptions options = {});

  // kTooManyRequests (with detail retry_after) when throttled or locked,
  // kUnauthenticated when the username or password is wrong or the account
  // is disabled.
  Result<Session> Login(const std::string& username, const std::string& password,
                        const std::string& ip, uint64_t request_id);

  // kUnauthenticated when nothing valid was presented.
  Result<Principal> Authenticate(const Credentials& cred);

  Status Logout(const Principal& p);
  // Checks the old password and the policy; revokes every other session.
  Status ChangePassword(const Principal& p, const std::string& old_password,
                        const std::string& new_password);

  // Only from a session (a token cannot mint tokens). `permissions` empty
  // means all of the role's; `days` 1–366.
  Result<NewApiToken> CreateToken(const Principal& p, const std::string& name,
                                  const std::vector<std::string>& permissions, int64_t days);
  Result<std::vector<user_store::ApiToken>> ListTokens(const Principal& p);
  // Own tokens; a user manager may revoke anyone's.
  Status RevokeToken(const Principal& p, int64_t token_id);

  // Records a reason and grants `p` access to one resident for
  // break_glass_seconds. `village_code` is the resident's, for the audit.
  Result<user_store::AccessGrant> BreakGlass(const Principal& p, int64_t resident_id,
                                             const std::string& village_code,
                                             const std::string& reason);
  // The active grant of p for the resident, if any.
  Result<std::optional<user_store::AccessGrant>> ActiveGrant(const Principal& p,
                                                             int64_t resident_id);

  // Builds the principal of a stored user (role and scopes as stored).
  Result<Principal> PrincipalOf(const User& u) const;

  const RoleCatalog& roles() const { return roles_; }
  CredentialCache& cache() { return cache_; }
  const AuthOptions& options() const { return opt_; }

 private:
  Result<std::shared_ptr<const User>> LoadUser(int64_t id, int64_t now);
  Result<Principal> FromSession(const std::string& token, const Credentials& cred, int64_t now);
  Result<Principal> FromToken(const std::string& token, const Credentials& cred, int64_t now);

  storage::Database& db_;
  const RoleCatalog& roles_;
  CredentialCache& cache_;
  AuthOptions opt_;
  LoginThrottle throttle_;
  std::string dummy_hash_;  // verified against when the username is unknown
};

// The audit actor for a principal.
audit::Actor ActorOf(const Principal& p);

}  // namespace yilian::auth
