// A user of yilian: who they are, their role and their two org-unit scopes.
//
// The capture scope bounds what the user may write, the view scope what they
// may read; each is a set of org units and covers everything below each of
// them. A village doctor's scopes are the villages their team serves; a
// township clerk's, the township. Scopes never widen through a role.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yilian::auth {

struct User {
  int64_t id = 0;
  std::string username;  // 3–32 of [a-z0-9._-], unique, lowercase
  std::string display_name;
  std::string role;  // a RoleCatalog code
  std::optional<int64_t> practitioner_id;
  std::vector<std::string> view_scope;     // org unit codes
  std::vector<std::string> capture_scope;  // org unit codes
  std::string password_hash;
  bool must_change_password = false;
  std::string status = "active";  // "active" | "disabled"
  int64_t failed_logins = 0;
  int64_t locked_until = 0;  // epoch seconds; 0 = not locked
  std::string last_login_at;
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;
};

}  // namespace yilian::auth
