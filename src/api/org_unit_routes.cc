#include "api/guard.h"
#include "api/request_params.h"
#include "api/routes.h"
#include "core/json_fields.h"
#include "http/json_response.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

json OrgUnitJson(const OrgUnit& u, const OrgTree& tree) {
  json path = json::array();
  for (const OrgUnit* p : tree.Path(u.code)) path.push_back({{"code", p->code}, {"name", p->name}});
  return {{"code", u.code},
          {"name", u.name},
          {"level", u.level},
          {"parent_code", u.parent_code.empty() ? json(nullptr) : json(u.parent_code)},
          {"status", u.status},
          {"merged_into", u.merged_into.empty() ? json(nullptr) : json(u.merged_into)},
          {"valid_from", u.valid_from ? json(u.valid_from->ToIso()) : json(nullptr)},
          {"valid_to", u.valid_to ? json(u.valid_to->ToIso()) : json(nullptr)},
          {"children", tree.Children(u.code).size()},
          {"path", path},
          {"version", u.version}};
}

Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

Result<Date> EffectiveDate(JsonFields& f) {
  Date d = Today();
  f.DateField("effective_date", &d);
  return d;
}

}  // namespace

void RegisterOrgUnitRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);
  OrgUnitRegistry& reg = ctx.org_units;

  guard.Add("GET", "/api/v1/org-units", auth::Permission::kRegistryRead, [&reg](Request& r) {
    if (Status s = OnlyParams(r, {"parent", "under", "level", "status"}); !s.ok()) {
      return http::Error(s);
    }
    auto tree = reg.tree();
    std::vector<const OrgUnit*> units;
    if (auto under = r.Query("under")) {
      if (!tree->Find(*under)) {
        return http::Error(Status::InvalidField("under", "org unit " + *under + " does not exist"));
      }
      auto level = QueryInt(r, "level", 0, 1, 5);
      if (!level.ok()) return http::Error(level.status());
      if (*level == 0) return http::Error(Status::InvalidField("level", "is required with under"));
      units = tree->DescendantsAtLevel(*under, static_cast<int>(*level));
    } else if (auto parent = r.Query("parent")) {
      if (!tree->Find(*parent)) {
        return http::Error(
            Status::InvalidField("parent", "org unit " + *parent + " does not exist"));
      }
      units = tree->Children(*parent);
    } else {
      units = tree->Roots();
    }
    auto status = r.Query("status");
    json items = json::array();
    for (const OrgUnit* u : units) {
      if (status && u->status != *status) continue;
      items.push_back(OrgUnitJson(*u, *tree));
    }
    return http::Json(200, {{"items", items}});
  });

  guard.Add("GET", "/api/v1/org-units/{code}", auth::Permission::kRegistryRead, [&reg](Request& r) {
    auto tree = reg.tree();
    const OrgUnit* u = tree->Find(r.path_params["code"]);
    if (!u)
      return http::Error(Status::NotFound("org unit " + r.path_params["code"] + " does not exist"));
    return WithETag(http::Json(200, OrgUnitJson(*u, *tree)), u->version);
  });

  guard.AddRegistryWrite(
      "POST", "/api/v1/org-units", auth::Permission::kOrgUnitWrite, RegistryKind::kOrgUnit, "",
      [&reg](Request& r) {
        auto body = http::ParseJsonBody(r);
        if (!body.ok()) return http::Error(body.status());
        FieldErrors errs;
        JsonFields f(*body, &errs);
        OrgUnit u;
        int64_t level = 0;
        f.Str("code", &u.code, true, 12);
        f.Str("name", &u.name, true, 60);
        f.Str("parent_code", &u.parent_code, false, 12);
        f.Int("level", &level, false, 1, 5);
        f.OptDate("valid_from", &u.valid_from);
        Date effective = u.valid_from.value_or(Today());
        f.Finish();
        u.level = static_cast<int>(level);
        if (!errs.empty()) {
          auto tree = reg.tree();
          Status rules = ValidateNewOrgUnit(u, [&](std::string_view c) { return tree->Find(c); });
          for (const auto& fe : rules.fields()) {
            bool dup = false;
            for (const auto& e : errs.list()) dup = dup || e.field == fe.field;
            if (!dup) errs.Add(fe.field, fe.reason);
          }
          return http::Error(errs.ToStatus("org unit"));
        }
        auto created = reg.Create(u, effective);
        if (!created.ok()) return http::Error(created.status());
        Response resp = http::Json(201, OrgUnitJson(*created, *reg.tree()));
        resp.headers.emplace_back("Location", "/api/v1/org-units/" + created->code);
        return WithETag(std::move(resp), created->version);
      });

  guard.AddRegistryWrite("PATCH", "/api/v1/org-units/{code}", auth::Permission::kOrgUnitWrite,
                         RegistryKind::kOrgUnit, "code", [&reg](Request& r) {
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto version = ExpectedVersion(r, &*body);
                           if (!version.ok()) return http::Error(version.status());
                           FieldErrors errs;
                           JsonFields f(*body, &errs);
                           f.Ignore("version");
                           OrgUnitChange change;
                           change.expected_version = *version;
                           std::string name, parent;
                           if (f.Str("name", &name, false, 60)) change.name = name;
                           if (f.Str("parent_code", &parent, false, 12))
                             change.parent_code = parent;
                           change.date = *EffectiveDate(f);
                           f.Finish();
                           if (!errs.empty()) return http::Error(errs.ToStatus("org unit change"));
                           auto changed = reg.Change(r.path_params["code"], change);
                           if (!changed.ok()) return http::Error(changed.status());
                           return WithETag(http::Json(200, OrgUnitJson(*changed, *reg.tree())),
                                           changed->version);
                         });

  guard.AddRegistryWrite("POST", "/api/v1/org-units/{code}/merge", auth::Permission::kOrgUnitWrite,
                         RegistryKind::kOrgUnit, "code", [&reg](Request& r) {
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto version = ExpectedVersion(r, &*body);
                           if (!version.ok()) return http::Error(version.status());
                           FieldErrors errs;
                           JsonFields f(*body, &errs);
                           f.Ignore("version");
                           std::string into;
                           f.Str("into", &into, true, 12);
                           Date date = *EffectiveDate(f);
                           f.Finish();
                           if (!errs.empty()) return http::Error(errs.ToStatus("merge"));
                           auto out = reg.Merge(r.path_params["code"], into, date, *version);
                           if (!out.ok()) return http::Error(out.status());
                           auto tree = reg.tree();
                           return http::Json(200, {{"merged", OrgUnitJson(out->merged, *tree)},
                                                   {"into", OrgUnitJson(out->into, *tree)},
                                                   {"residents_moved", out->residents_moved},
                                                   {"households_moved", out->households_moved},
                                                   {"children_moved", out->children_moved}});
                         });

  guard.Add("GET", "/api/v1/org-units/{code}/history", auth::Permission::kRegistryRead,
            [&reg](Request& r) {
              auto events = reg.History(r.path_params["code"]);
              if (!events.ok()) return http::Error(events.status());
              json items = json::array();
              for (const auto& e : *events) {
                items.push_back({{"code", e.code},
                                 {"kind", e.kind},
                                 {"date", e.date.ToIso()},
                                 {"old_value", e.old_value},
                                 {"new_value", e.new_value},
                                 {"recorded_at", e.recorded_at}});
              }
              return http::Json(200, {{"items", items}});
            });
}

}  // namespace yilian::api
