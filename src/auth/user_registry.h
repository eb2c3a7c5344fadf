// UserRegistry: accounts, their roles and scopes, managed by administrators
// (API /users, CLI `yilian user`).
//
// Rules: usernames are 3–32 characters of [a-z0-9._-] and unique; the role
// exists in the catalogue; every scope unit exists; the capture scope lies
// inside the view scope (nobody writes what they cannot read). An account
// linked to a practitioner with no scope given gets the villages that the
// practitioner's teams serve. A password given must satisfy the policy; with
// none, a one-time password is generated and must be changed at first login.
// Changing a role, scope or status, or resetting a password, ends the user's
// sessions at once. Every change is audited in its own transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_event.h"
#include "auth/credential_cache.h"
#include "auth/role.h"
#include "auth/user.h"
#include "core/status.h"
#include "orgunit/org_unit_registry.h"
#include "storage/database.h"

namespace yilian::auth {

struct CreatedUser {
  User user;
  std::string one_time_password;  // empty when the caller chose the password
};

class UserRegistry {
 public:
  UserRegistry(storage::Database& db, const RoleCatalog& roles, const OrgUnitRegistry& org_units,
               CredentialCache& cache)
      : db_(db), roles_(roles), org_units_(org_units), cache_(cache) {}

  // `password` empty: generate a one-time password (returned) that must be
  // changed at first login.
  Result<CreatedUser> Create(User u, const std::string& password, const audit::Actor& by);
  // Patch members: display_name, role, view_scope, capture_scope, status,
  // practitioner_id. Refused with kPreconditionFailed when stale.
  Result<User> Update(int64_t id, const nlohmann::json& patch, int64_t expected_version,
                      const audit::Actor& by);
  // A new one-time password; the user must change it at next login.
  Result<std::string> ResetPassword(int64_t id, const audit::Actor& by);
  // Sets a chosen password (policy applies); for the CLI and first set-up.
  Status SetPassword(int64_t id, const std::string& password, bool must_change,
                     const audit::Actor& by);

  Result<User> Get(int64_t id);
  Result<User> GetByUsername(const std::string& username);
  Result<std::vector<User>> List(int64_t page, int64_t page_size, bool* has_more);
  Result<int64_t> Count();
  const RoleCatalog& roles() const { return roles_; }

 private:
  // Normalises and validates u in c (practitioner, team villages).
  Status Check(storage::Connection& c, User& u, FieldErrors* errs) const;

  storage::Database& db_;
  const RoleCatalog& roles_;
  const OrgUnitRegistry& org_units_;
  CredentialCache& cache_;
};

// The API form of a user (never the password hash).
nlohmann::json UserToJson(const User& u, const RoleCatalog& roles);
// Reads a create body into u and *password; unknown members are errors.
void UserFromJson(const nlohmann::json& j, User* u, std::string* password, FieldErrors* errs);

}  // namespace yilian::auth
