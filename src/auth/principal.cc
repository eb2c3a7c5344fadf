#include "auth/principal.h"

#include <algorithm>

namespace yilian::auth {
namespace {

// A merged unit is covered where it has always sat (its history) and where
// its active successor sits now (its residents moved there).
bool Covers(const OrgTree& tree, const std::vector<std::string>& scope, std::string_view code) {
  const OrgUnit* current = tree.Current(code);
  for (const auto& s : scope) {
    if (tree.IsWithin(code, s)) return true;
    if (current && current->code != code && tree.IsWithin(current->code, s)) return true;
  }
  return false;
}

}  // namespace

Status Principal::Require(Permission p) const {
  if (Can(p)) return Status::Ok();
  return Status::PermissionDenied("your role (" + role + ") does not have permission " +
                                  std::string(PermissionName(p)));
}

bool Principal::Sees(const OrgTree& tree, std::string_view code) const {
  return Covers(tree, view_scope, code);
}

bool Principal::Captures(const OrgTree& tree, std::string_view code) const {
  return Covers(tree, capture_scope, code);
}

Result<std::vector<std::pair<std::string, std::string>>> Principal::ViewRanges(
    const OrgTree& tree, std::string_view ou) const {
  std::vector<std::pair<std::string, std::string>> out;
  if (!ou.empty() && !tree.Find(ou)) {
    return Status::InvalidField("ou", "org unit " + std::string(ou) + " does not exist");
  }
  if (!ou.empty() && Sees(tree, ou)) return tree.CodeRanges(ou);
  for (const auto& s : view_scope) {
    if (!tree.Find(s)) continue;  // a scope unit removed from the tree covers nothing
    if (ou.empty() || tree.IsWithin(s, ou)) {
      auto r = tree.CodeRanges(s);
      out.insert(out.end(), r.begin(), r.end());
    }
  }
  if (out.empty()) {
    return Status::PermissionDenied(ou.empty() ? "your view scope is empty"
                                               : "org unit " + std::string(ou) +
                                                     " is outside your view scope");
  }
  std::sort(out.begin(), out.end());
  return out;
}

Principal Principal::Local(std::string name) {
  Principal p;
  p.username = std::move(name);
  p.role = "local";
  p.via = Via::kLocal;
  return p;
}

}  // namespace yilian::auth
