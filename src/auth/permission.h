// Permissions: what a role may do, per resource and action.
//
// The set is closed (code refers to each by enum, so a typo cannot compile),
// while which role holds which permission is data (data/security/roles.json,
// see role.h). A permission never widens a user's org-unit scope: reading a
// resident needs kResidentRead *and* the resident inside the view scope.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yilian::auth {

enum class Permission {
  kResidentRead,        // search (masked) and open a record (audited)
  kResidentWrite,       // create and update records, inside the capture scope
  kResidentMerge,       // merge duplicate records
  kResidentExport,      // bulk export of personal data (audited)
  kResidentBreakGlass,  // time-limited access to one resident outside scope, with a reason
  kRegistryRead,        // org units, facilities, practitioners, teams, households' shells
  kRegistryWrite,       // facilities, alliances, practitioners, teams, households
  kOrgUnitWrite,        // create, rename, move and merge org units
  kUserManage,          // users, roles, scopes, password resets
  kAuditRead,           // the audit log and residents' access histories
  kWorkpointRead,       // work-point tallies and fund runs, inside the view scope
  kFundManage,          // run quarterly pre-payments and the year-end settlement
  kIndicatorRead,       // indicators, analytics and reports, inside the view scope
  kTargetManage,        // annual targets and statistical populations
  kCount
};

// "resident.read", … as in roles.json and the API.
std::string_view PermissionName(Permission p);
std::optional<Permission> ParsePermission(std::string_view name);

class PermissionSet {
 public:
  PermissionSet() = default;
  PermissionSet(std::initializer_list<Permission> ps) {
    for (Permission p : ps) Add(p);
  }
  void Add(Permission p) { bits_.set(static_cast<size_t>(p)); }
  bool Has(Permission p) const { return bits_.test(static_cast<size_t>(p)); }
  bool empty() const { return bits_.none(); }
  // Permissions in both sets (an API token never exceeds its user's role).
  PermissionSet Intersect(const PermissionSet& o) const {
    PermissionSet r;
    r.bits_ = bits_ & o.bits_;
    return r;
  }
  bool ContainsAll(const PermissionSet& o) const { return (bits_ & o.bits_) == o.bits_; }
  std::vector<std::string> Names() const;
  // Comma-separated names, as stored.
  std::string Join() const;
  bool operator==(const PermissionSet&) const = default;

 private:
  std::bitset<static_cast<size_t>(Permission::kCount)> bits_;
};

// Parses comma-separated or listed names; unknown names are returned in *unknown.
PermissionSet ParsePermissions(const std::vector<std::string>& names,
                               std::vector<std::string>* unknown);
PermissionSet SplitPermissions(std::string_view joined);

}  // namespace yilian::auth
