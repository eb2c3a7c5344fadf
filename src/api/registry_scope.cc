#include "api/registry_scope.h"

#include "api/guard.h"
#include "facility/facility_store.h"
#include "practitioner/practitioner_store.h"
#include "team/team_store.h"

namespace yilian::api {
namespace {

using nlohmann::json;

std::optional<std::string> StringMember(const json& body, const char* name) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int64_t> IntMember(const json& body, const char* name) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

// The org unit of a facility, or "" when there is no such facility (the
// handler reports that).
Result<std::string> FacilityOrgUnit(storage::Connection& c, int64_t id) {
  auto f = facility_store::Get(c, id);
  if (!f.ok()) return f.status();
  return *f ? (*f)->org_unit_code : std::string();
}

Result<std::vector<std::string>> TouchedUnits(storage::Connection& c, RegistryKind kind,
                                              const json& body, const std::optional<int64_t>& id) {
  std::vector<std::string> units;
  auto add = [&](const std::string& code) {
    if (!code.empty()) units.push_back(code);
  };
  switch (kind) {
    case RegistryKind::kFacility:
    case RegistryKind::kAlliance:
      if (auto ou = StringMember(body, "org_unit_code")) add(*ou);
      if (id && kind == RegistryKind::kFacility) {
        auto stored = FacilityOrgUnit(c, *id);
        if (!stored.ok()) return stored.status();
        add(*stored);
      }
      if (id && kind == RegistryKind::kAlliance) {
        auto a = facility_store::GetAlliance(c, *id);
        if (!a.ok()) return a.status();
        if (*a) add((*a)->org_unit_code);
      }
      break;
    case RegistryKind::kPractitioner:
    case RegistryKind::kTeam: {
      if (auto f = IntMember(body, "facility_id")) {
        auto ou = FacilityOrgUnit(c, *f);
        if (!ou.ok()) return ou.status();
        add(*ou);
      }
      if (body.is_object() && body.contains("village_codes") && body["village_codes"].is_array()) {
        for (const auto& v : body["village_codes"]) {
          if (v.is_string()) add(v.get<std::string>());
        }
      }
      if (id) {
        int64_t facility = 0;
        if (kind == RegistryKind::kPractitioner) {
          auto pr = practitioner_store::Get(c, *id);
          if (!pr.ok()) return pr.status();
          if (*pr) facility = (*pr)->facility_id;
        } else {
          auto t = team_store::Get(c, *id);
          if (!t.ok()) return t.status();
          if (*t) facility = (*t)->facility_id;
        }
        if (facility) {
          auto ou = FacilityOrgUnit(c, facility);
          if (!ou.ok()) return ou.status();
          add(*ou);
        }
      }
      break;
    }
    case RegistryKind::kOrgUnit:
      break;  // handled by the caller: codes, not ids
  }
  return units;
}

}  // namespace

Status CheckRegistryWrite(const ApiContext& ctx, const auth::Principal& p, RegistryKind kind,
                          const http::Request& r, const std::optional<std::string>& path_id) {
  json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) body = json();
  auto tree = ctx.org_units.tree();
  std::vector<std::string> units;
  if (kind == RegistryKind::kOrgUnit) {
    if (path_id) units.push_back(*path_id);
    for (const char* member : {"parent_code", "into"}) {
      if (auto code = StringMember(body, member)) units.push_back(*code);
    }
    // A body naming no code is malformed: the handler lists what is missing.
    if (!path_id && StringMember(body, "code") && !StringMember(body, "parent_code") &&
        !p.Can(auth::Permission::kUserManage)) {
      AuditDenied(ctx, p, r.method + " " + r.path, "a new root org unit");
      return Status::PermissionDenied("only an administrator creates a root org unit");
    }
  } else {
    std::optional<int64_t> id;
    if (path_id) {
      try {
        id = std::stoll(*path_id);
      } catch (...) {
        return Status::Ok();  // the handler answers 400 for the id
      }
    }
    Status s = ctx.db.Read([&](storage::Connection& c) {
      auto touched = TouchedUnits(c, kind, body, id);
      if (!touched.ok()) return touched.status();
      units = std::move(*touched);
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  for (const auto& code : units) {
    if (!tree->Find(code)) continue;  // the handler names the unknown unit
    if (!p.Captures(*tree, code)) {
      AuditDenied(ctx, p, r.method + " " + r.path,
                  "org unit " + code + " is outside the capture scope");
      return Status::PermissionDenied("org unit " + code + " is outside your capture scope");
    }
  }
  return Status::Ok();
}

}  // namespace yilian::api
