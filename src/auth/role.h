// Roles: named bundles of permissions, loaded from data/security/roles.json.
//
// The catalogue is immutable after loading and shared by every request. A
// file that names an unknown permission, repeats a role code or leaves out
// the administrator role is refused at load, so a typo cannot silently take
// a permission away (or grant one).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/permission.h"
#include "core/status.h"

namespace yilian::auth {

struct Role {
  std::string code;  // "village_doctor", …
  std::string name_zh;
  std::string name_en;
  PermissionSet permissions;
};

class RoleCatalog {
 public:
  // Parses a roles file (the format of data/security/roles.json).
  static Result<RoleCatalog> Parse(std::string_view json_text);
  // The catalogue embedded in the binary; aborts if the embedded file is bad
  // (a build defect caught by the unit tests).
  static const RoleCatalog& Default();
  // Default() when `path` is empty, else the file at `path` (a site's own
  // roles; errors name the file).
  static Result<RoleCatalog> Load(const std::string& path);

  const Role* Find(std::string_view code) const;
  const std::vector<Role>& roles() const { return roles_; }
  const std::string& version() const { return version_; }

 private:
  std::vector<Role> roles_;
  std::string version_;
};

}  // namespace yilian::auth
