#include "auth/role.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/embedded_data.h"

namespace yilian::auth {

Result<RoleCatalog> RoleCatalog::Parse(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("roles") || !j["roles"].is_array()) {
    return Status::Invalid("roles file: expected an object with a \"roles\" array");
  }
  RoleCatalog cat;
  cat.version_ = j.value("version", "");
  FieldErrors errs;
  for (size_t i = 0; i < j["roles"].size(); ++i) {
    const auto& r = j["roles"][i];
    std::string where = "roles[" + std::to_string(i) + "]";
    if (!r.is_object() || !r.contains("code") || !r["code"].is_string() ||
        !r.contains("permissions") || !r["permissions"].is_array()) {
      errs.Add(where, "needs a string \"code\" and a \"permissions\" array");
      continue;
    }
    Role role;
    role.code = r["code"].get<std::string>();
    role.name_zh = r.value("name_zh", role.code);
    role.name_en = r.value("name_en", role.code);
    if (cat.Find(role.code)) errs.Add(where + ".code", "role " + role.code + " appears twice");
    for (const auto& p : r["permissions"]) {
      auto perm = p.is_string() ? ParsePermission(p.get<std::string>()) : std::nullopt;
      if (!perm) {
        errs.Add(where + ".permissions", "unknown permission " + p.dump());
        continue;
      }
      role.permissions.Add(*perm);
    }
    cat.roles_.push_back(std::move(role));
  }
  if (!cat.Find("admin")) errs.Add("roles", "the admin role is missing");
  if (!errs.empty()) return errs.ToStatus("roles file");
  return cat;
}

const RoleCatalog& RoleCatalog::Default() {
  static const RoleCatalog kCatalog = [] {
    auto text = FindEmbeddedFile("security/roles.json");
    auto cat = text ? Parse(*text) : Result<RoleCatalog>(Status::NotFound("security/roles.json"));
    if (!cat.ok()) {
      std::cerr << "yilian: embedded roles file is invalid: " << cat.status().ToString() << "\n";
      std::abort();
    }
    return std::move(*cat);
  }();
  return kCatalog;
}

Result<RoleCatalog> RoleCatalog::Load(const std::string& path) {
  if (path.empty()) return Default();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidField("roles", "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto cat = Parse(text.str());
  if (!cat.ok())
    return Status::Invalid(path + ": " + cat.status().message(), cat.status().fields());
  return cat;
}

const Role* RoleCatalog::Find(std::string_view code) const {
  for (const auto& r : roles_) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

}  // namespace yilian::auth
