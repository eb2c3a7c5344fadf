// GET /api/v1/reports/bulletin?ou=&pe=&format= and /reports/annual: the
// monthly bulletin and the annual summary of an org unit, from the live
// analytics, as JSON, printable HTML, CSV or Excel.
#include <fmt/format.h>

#include "api/care_routes.h"
#include "api/guard.h"
#include "api/request_params.h"
#include "core/period.h"
#include "http/json_response.h"
#include "indicator/analytics.h"
#include "live/live_state.h"
#include "report/bulletin.h"
#include "report/report_writers.h"

namespace yilian::api {
using http::Request;

void RegisterReportRoutes(http::Router& router, const ApiContext& ctx) {
  if (!ctx.care) return;
  const CareServices& care = *ctx.care;
  GuardedRouter guard(router, ctx);
  for (std::string kind : {"bulletin", "annual"}) {
    guard.Add(
        "GET", "/api/v1/reports/" + kind, auth::Permission::kIndicatorRead,
        [&ctx, &care, kind](Request& r, const auth::Principal& p) {
          if (Status s = OnlyParams(r, {"ou", "pe", "format", "on"}); !s.ok())
            return http::Error(s);
          auto tree = ctx.org_units.tree();
          std::string ou = r.Query("ou").value_or(p.view_scope.empty() ? "" : p.view_scope[0]);
          const OrgUnit* unit = tree->Find(ou);
          if (!unit) return http::Error(Status::InvalidField("ou", "no org unit " + ou));
          if (!p.Sees(*tree, ou)) {
            AuditDenied(ctx, p, "GET " + r.path, "org unit " + ou + " is outside the view scope");
            return http::Error(
                Status::PermissionDenied("org unit " + ou + " is outside your view scope"));
          }
          Date today = Today();
          if (auto on = r.Query("on")) {
            auto d = Date::ParseIso(*on);
            if (!d) return http::Error(Status::InvalidField("on", "must be a date YYYY-MM-DD"));
            today = *d;
          }
          // A bulletin defaults to last month, a summary to this year.
          Date last_month = Date::FromYmd(today.year(), today.month(), 1)->AddDays(-1);
          std::string fallback =
              kind == "annual" ? std::to_string(today.year())
                               : fmt::format("{}{:02}", last_month.year(), last_month.month());
          auto pe = ParsePeriod(r.Query("pe").value_or(fallback));
          if (!pe.ok()) return http::Error(pe.status());
          if (kind == "annual" && pe->kind != "year") {
            return http::Error(
                Status::InvalidField("pe", "an annual summary is for a year, e.g. 2026"));
          }
          std::string format = r.Query("format").value_or("json");
          if (format != "json" && format != "html" && format != "csv" && format != "xlsx") {
            return http::Error(Status::InvalidField("format", "must be json, html, csv or xlsx"));
          }
          report::Report rep = care.live.Read([&](const live::Aggregates& a) {
            indicator::Analytics an(a.indicators, a.external, *tree);
            return report::BuildReport(kind, *unit, *pe, an, indicator::IndicatorSet::Default(),
                                       *tree, today);
          });
          std::string file = fmt::format("{}-{}-{}", kind, unit->code, pe->code);
          http::Response resp;
          resp.status = 200;
          if (format == "json") return http::Json(200, report::ReportToJson(rep));
          if (format == "html") {
            resp.content_type = "text/html; charset=utf-8";
            resp.body = report::ReportToHtml(rep);
            return resp;
          }
          if (format == "csv") {
            resp.content_type = "text/csv; charset=utf-8";
            resp.body = report::ReportToCsv(rep);
          } else {
            auto bytes = report::ReportToXlsx(rep);
            if (!bytes.ok()) return http::Error(bytes.status());
            resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            resp.body = std::move(*bytes);
          }
          resp.headers.emplace_back("Content-Disposition",
                                    "attachment; filename=\"" + file + "." + format + "\"");
          return resp;
        });
  }
}

}  // namespace yilian::api
