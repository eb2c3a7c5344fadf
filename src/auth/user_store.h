// The users table and the credentials hanging off it: sessions, API tokens
// and break-the-glass grants. Plain SQL, no rules (see user_registry.h and
// authenticator.h for those). Times are epoch seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/user.h"
#include "core/status.h"
#include "storage/database.h"

namespace yilian::user_store {

Result<int64_t> Insert(storage::Connection& c, const auth::User& u);
// Writes every column of u where the stored version is u.version - 1.
// Returns false when the version did not match.
Result<bool> Update(storage::Connection& c, const auth::User& u);
Result<std::optional<auth::User>> Get(storage::Connection& c, int64_t id);
Result<std::optional<auth::User>> GetByUsername(storage::Connection& c, std::string_view username);
// Ordered by username.
Result<std::vector<auth::User>> List(storage::Connection& c, int64_t offset, int64_t limit);
Result<int64_t> Count(storage::Connection& c);
// Counts the failed login and sets the lock, without a version bump (the
// admin editing the user must not be refused because someone mistyped).
Status RecordLoginOutcome(storage::Connection& c, int64_t id, int64_t failed_logins,
                          int64_t locked_until, const std::string& last_login_at);
Status SetPasswordHash(storage::Connection& c, int64_t id, const std::string& hash,
                       bool must_change, const std::string& now);

struct Session {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  std::string ip;
  int64_t created_at = 0;
  int64_t expires_at = 0;  // absolute
  int64_t last_seen_at = 0;
  bool revoked = false;
};
Result<int64_t> InsertSession(storage::Connection& c, const Session& s);
Result<std::optional<Session>> GetSessionByHash(storage::Connection& c, std::string_view hash);
Status TouchSession(storage::Connection& c, int64_t id, int64_t last_seen_at);
Status RevokeSession(storage::Connection& c, int64_t id);
// Every session of the user but `except_session` (password change, disable,
// role change).
Status RevokeUserSessions(storage::Connection& c, int64_t user_id, int64_t except_session = 0);

struct ApiToken {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0;
  std::string name;
  std::string permissions;  // comma-separated
  int64_t created_at = 0;
  int64_t expires_at = 0;
  bool revoked = false;
  std::optional<int64_t> last_used_at;
};
Result<int64_t> InsertToken(storage::Connection& c, const ApiToken& t);
Result<std::optional<ApiToken>> GetTokenByHash(storage::Connection& c, std::string_view hash);
Result<std::optional<ApiToken>> GetToken(storage::Connection& c, int64_t id);
Result<std::vector<ApiToken>> ListTokens(storage::Connection& c, int64_t user_id);
Status RevokeToken(storage::Connection& c, int64_t id);
Status TouchToken(storage::Connection& c, int64_t id, int64_t when);

struct AccessGrant {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t resident_id = 0;
  std::string reason;
  int64_t granted_at = 0;
  int64_t expires_at = 0;
};
Result<int64_t> InsertGrant(storage::Connection& c, const AccessGrant& g);
// The latest grant of the user for the resident that is still valid at `now`.
Result<std::optional<AccessGrant>> ActiveGrant(storage::Connection& c, int64_t user_id,
                                               int64_t resident_id, int64_t now);

}  // namespace yilian::user_store

namespace yilian::user_store {
// Villages served by the active teams the practitioner belongs to (the
// default scope of a village doctor's account), ordered by code.
Result<std::vector<std::string>> VillagesServedBy(storage::Connection& c, int64_t practitioner_id);
Result<bool> PractitionerExists(storage::Connection& c, int64_t practitioner_id);
}  // namespace yilian::user_store
