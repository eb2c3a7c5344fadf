#include <algorithm>

#include "api/care_routes.h"
#include "api/guard.h"
#include "api/request_params.h"
#include "core/json_fields.h"
#include "core/period.h"
#include "http/json_response.h"
#include "live/live_state.h"
#include "storage/rows.h"
#include "workpoint/fund_run.h"

namespace yilian::api {
using http::Request;
using nlohmann::json;

namespace {

json TallyJson(const PointTally& t) {
  return {{"points", static_cast<double>(t.points_centi) / 100.0},
          {"services", t.services},
          {"verified", t.verified},
          {"verified_rate", t.services == 0 ? json(nullptr)
                                            : json(static_cast<double>(t.verified) /
                                                   static_cast<double>(t.services))}};
}

struct Keyed {
  int64_t id;
  std::string name;
  std::string detail;  // facility name for practitioners and teams
};

// Facilities, practitioners or teams located under `ranges`, with names.
Result<std::vector<Keyed>> KeysUnder(
    const ApiContext& ctx, const std::string& by,
    const std::vector<std::pair<std::string, std::string>>& ranges) {
  std::vector<Keyed> out;
  std::string where = storage::RangeClause("f.org_unit_code", ranges.size());
  std::string sql;
  if (by == "facility") {
    sql = "SELECT f.id, f.name, '' FROM facilities f WHERE " + where + " ORDER BY f.id";
  } else if (by == "practitioner") {
    sql =
        "SELECT p.id, p.name, f.name FROM practitioners p JOIN facilities f ON f.id = "
        "p.facility_id WHERE " +
        where + " ORDER BY p.id";
  } else {
    sql =
        "SELECT t.id, t.name, f.name FROM teams t JOIN facilities f ON f.id = t.facility_id "
        "WHERE " +
        where + " ORDER BY t.id";
  }
  Status s = ctx.db.Read([&](storage::Connection& c) {
    auto st = c.Prepare(sql);
    if (!st.ok()) return st.status();
    int i = 0;
    for (const auto& [lo, hi] : ranges) {
      (*st)->BindText(++i, lo);
      (*st)->BindText(++i, hi);
    }
    while (true) {
      auto row = (*st)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      out.push_back({(*st)->Int(0), std::string((*st)->Text(1)), std::string((*st)->Text(2))});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

// The org unit a request is about: `ou`, else the first unit of the view scope.
Result<std::string> UnitOf(const ApiContext& ctx, const Request& r, const auth::Principal& p) {
  std::string ou = r.Query("ou").value_or(p.view_scope.empty() ? "" : p.view_scope.front());
  auto tree = ctx.org_units.tree();
  if (ou.empty() || !tree->Find(ou)) {
    return Status::InvalidField("ou",
                                ou.empty() ? "is required" : "org unit " + ou + " does not exist");
  }
  if (!p.Sees(*tree, ou)) {
    AuditDenied(ctx, p, "GET " + r.path, "org unit " + ou + " is outside the view scope");
    return Status::PermissionDenied("org unit " + ou + " is outside your view scope");
  }
  return ou;
}

}  // namespace

void RegisterWorkpointRoutes(http::Router& router, const ApiContext& ctx) {
  if (!ctx.care) return;
  const CareServices& care = *ctx.care;
  GuardedRouter guard(router, ctx);
  using auth::Permission;

  guard.Add("GET", "/api/v1/work-points", Permission::kWorkpointRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"by", "ou", "pe"}); !s.ok()) return http::Error(s);
              std::string by = r.Query("by").value_or("facility");
              if (by != "practitioner" && by != "team" && by != "facility" && by != "org_unit") {
                return http::Error(
                    Status::InvalidField("by", "must be practitioner, team, facility or org_unit"));
              }
              auto ou = UnitOf(ctx, r, p);
              if (!ou.ok()) return http::Error(ou.status());
              auto pe = ParsePeriod(r.Query("pe").value_or(std::to_string(Today().year())));
              if (!pe.ok()) return http::Error(pe.status());
              Period last = pe->YearBefore();
              auto tree = ctx.org_units.tree();
              json rows = json::array();
              PointTally total, total_last;
              if (by == "org_unit") {
                auto children = tree->Children(*ou);
                care.live.Read([&](const live::Aggregates& a) {
                  total = a.points.OfOrgUnit(*ou, pe->start, pe->end);
                  total_last = a.points.OfOrgUnit(*ou, last.start, last.end);
                  for (const OrgUnit* u : children) {
                    if (u->status != "active") continue;
                    PointTally t = a.points.OfOrgUnit(u->code, pe->start, pe->end);
                    json j = TallyJson(t);
                    j["org_unit_code"] = u->code;
                    j["name"] = u->name;
                    j["points_last_year"] =
                        static_cast<double>(
                            a.points.OfOrgUnit(u->code, last.start, last.end).points_centi) /
                        100.0;
                    rows.push_back(std::move(j));
                  }
                  return 0;
                });
              } else {
                auto keys = KeysUnder(ctx, by, tree->CodeRanges(*ou));
                if (!keys.ok()) return http::Error(keys.status());
                PointLedger::By dim = by == "practitioner" ? PointLedger::By::kPractitioner
                                      : by == "team"       ? PointLedger::By::kTeam
                                                           : PointLedger::By::kFacility;
                care.live.Read([&](const live::Aggregates& a) {
                  total = a.points.OfOrgUnit(*ou, pe->start, pe->end);
                  total_last = a.points.OfOrgUnit(*ou, last.start, last.end);
                  for (const auto& k : *keys) {
                    PointTally t = a.points.Of(dim, k.id, pe->start, pe->end);
                    PointTally l = a.points.Of(dim, k.id, last.start, last.end);
                    if (t.services == 0 && l.services == 0) continue;
                    json j = TallyJson(t);
                    j["id"] = k.id;
                    j["name"] = k.name;
                    if (!k.detail.empty()) j["facility_name"] = k.detail;
                    j["points_last_year"] = static_cast<double>(l.points_centi) / 100.0;
                    rows.push_back(std::move(j));
                  }
                  return 0;
                });
              }
              std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
                return a["points"].get<double>() > b["points"].get<double>();
              });
              for (size_t i = 0; i < rows.size(); ++i) rows[i]["rank"] = i + 1;
              json t = TallyJson(total);
              t["points_last_year"] = static_cast<double>(total_last.points_centi) / 100.0;
              return http::Json(200, {{"by", by},
                                      {"ou", *ou},
                                      {"pe", pe->code},
                                      {"from", pe->start.ToIso()},
                                      {"to", pe->end.ToIso()},
                                      {"total", t},
                                      {"rows", rows}});
            });

  guard.Add("POST", "/api/v1/fund-runs", Permission::kFundManage,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              FundRunRequest req;
              FieldErrors errs;
              FundRunRequestFromJson(*body, &req, &errs);
              if (!errs.empty()) return http::Error(errs.ToStatus("fund run"));
              auto tree = ctx.org_units.tree();
              if (tree->Find(req.org_unit_code) && !p.Sees(*tree, req.org_unit_code)) {
                AuditDenied(ctx, p, "POST " + r.path, "org unit outside the view scope");
                return http::Error(Status::PermissionDenied("org unit " + req.org_unit_code +
                                                            " is outside your view scope"));
              }
              auto run = care.funds.Run(req, p.username);
              if (!run.ok()) return http::Error(run.status());
              http::Response resp = http::Json(req.dry_run ? 200 : 201, FundRunToJson(*run));
              if (!req.dry_run)
                resp.headers.emplace_back("Location",
                                          "/api/v1/fund-runs/" + std::to_string(run->id));
              return resp;
            });
  guard.Add(
      "GET", "/api/v1/fund-runs", Permission::kWorkpointRead,
      [&ctx, &care](Request& r, const auth::Principal& p) {
        if (Status s = OnlyParams(r, {"ou", "year"}); !s.ok()) return http::Error(s);
        auto ou = UnitOf(ctx, r, p);
        if (!ou.ok()) return http::Error(ou.status());
        std::optional<int> year;
        if (r.Query("year")) {
          auto y = QueryInt(r, "year", 0, 2000, 2100);
          if (!y.ok()) return http::Error(y.status());
          year = static_cast<int>(*y);
        }
        auto runs = care.funds.List(*ou, year);
        if (!runs.ok()) return http::Error(runs.status());
        json items = json::array();
        for (const auto& run : *runs) {
          items.push_back({{"id", run.id},
                           {"period", run.period},
                           {"kind", run.request.kind},
                           {"pool_yuan", static_cast<double>(run.allocation.pool_cents) / 100.0},
                           {"facilities", run.allocation.lines.size()},
                           {"created_by", run.created_by},
                           {"created_at", run.created_at}});
        }
        return http::Json(200, {{"items", items}});
      });
  guard.Add("GET", "/api/v1/fund-runs/{id}", Permission::kWorkpointRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              if (Status s = OnlyParams(r, {"format"}); !s.ok()) return http::Error(s);
              auto run = care.funds.Get(*id);
              if (!run.ok()) return http::Error(run.status());
              auto tree = ctx.org_units.tree();
              if (!p.Sees(*tree, run->request.org_unit_code)) {
                return http::Error(
                    Status::NotFound("fund run " + std::to_string(*id) + " does not exist"));
              }
              std::string format = r.Query("format").value_or("json");
              if (format == "csv") {
                http::Response resp;
                resp.status = 200;
                resp.content_type = "text/csv; charset=utf-8";
                resp.body = "\xEF\xBB\xBF" + FundRunToCsv(*run);
                resp.headers.emplace_back(
                    "Content-Disposition",
                    "attachment; filename=\"fund-run-" + std::to_string(*id) + ".csv\"");
                return resp;
              }
              if (format != "json")
                return http::Error(Status::InvalidField("format", "must be json or csv"));
              return http::Json(200, FundRunToJson(*run));
            });
}

}  // namespace yilian::api
