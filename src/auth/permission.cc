#include "auth/permission.h"

#include <array>

namespace yilian::auth {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(Permission::kCount)> kNames = {
    "resident.read",        "resident.write", "resident.merge", "resident.export",
    "resident.break_glass", "registry.read",  "registry.write", "org_unit.write",
    "user.manage",          "audit.read",     "workpoint.read", "fund.manage", "indicator.read", "target.manage"};

}  // namespace

std::string_view PermissionName(Permission p) { return kNames[static_cast<size_t>(p)]; }

std::optional<Permission> ParsePermission(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Permission>(i);
  }
  return std::nullopt;
}

std::vector<std::string> PermissionSet::Names() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (bits_.test(i)) out.emplace_back(kNames[i]);
  }
  return out;
}

std::string PermissionSet::Join() const {
  std::string out;
  for (const auto& n : Names()) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

PermissionSet ParsePermissions(const std::vector<std::string>& names,
                               std::vector<std::string>* unknown) {
  PermissionSet s;
  for (const auto& n : names) {
    if (auto p = ParsePermission(n)) {
      s.Add(*p);
    } else if (unknown) {
      unknown->push_back(n);
    }
  }
  return s;
}

PermissionSet SplitPermissions(std::string_view joined) {
  PermissionSet s;
  while (!joined.empty()) {
    size_t comma = joined.find(',');
    std::string_view part = joined.substr(0, comma);
    if (auto p = ParsePermission(part)) s.Add(*p);
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return s;
}

}  // namespace yilian::auth
