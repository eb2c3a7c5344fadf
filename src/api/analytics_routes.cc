// /api/v1/indicators, /analytics, /targets and org units' populations: the
// figures a commission is judged on, answered from the live cube.
#include <chrono>
#include <set>

#include "api/care_routes.h"
#include "api/guard.h"
#include "api/request_params.h"
#include "core/json_fields.h"
#include "core/period.h"
#include "http/json_response.h"
#include "indicator/analytics.h"
#include "live/live_state.h"

namespace yilian::api {
using http::Request;
using nlohmann::json;
using namespace yilian::indicator;

namespace {

std::vector<std::string> SplitParam(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : v) {
    if (c == ';' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

json Num(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json RowJson(const AnalyticsRow& r) {
  json j = {{"dx", r.dx->id},
            {"dx_name", r.dx->name},
            {"ou", r.ou->code},
            {"ou_name", r.ou->name},
            {"ou_level", r.ou->level},
            {"parent", r.ou->parent_code},
            {"pe", r.pe.code},
            {"from", r.counted.start.ToIso()},
            {"to", r.counted.end.ToIso()},
            {"numerator", r.current.numerator},
            {"denominator", Num(r.current.denominator)},
            {"value", Num(r.current.value)},
            {"unit", r.dx->unit},
            {"last_year",
             {{"numerator", r.last_year.numerator},
              {"denominator", Num(r.last_year.denominator)},
              {"value", Num(r.last_year.value)}}},
            {"change", Num(r.change)},
            {"change_kind", r.change_kind.empty() ? json(nullptr) : json(r.change_kind)},
            {"target", Num(r.target)},
            {"completion", Num(r.completion)},
            {"progress", Num(r.progress)},
            {"rank", r.rank},
            {"siblings", r.siblings}};
  if (!r.category_code.empty()) j["category"] = r.category_code;
  return j;
}

std::string Csv(const std::vector<AnalyticsRow>& rows) {
  auto num = [](const std::optional<double>& v) {
    if (!v) return std::string();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", *v);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  std::string out =
      "\xEF\xBB\xBF指标代码,指标,机构代码,机构,期间,分组,分子,分母,值,单位,去年同期,同比变化,目标,"
      "完成率(%),排名\n";
  for (const auto& r : rows) {
    out += r.dx->id + "," + r.dx->name + "," + r.ou->code + "," + r.ou->name + "," + r.pe.code +
           "," + r.category_code + "," + num(r.current.numerator) + "," +
           num(r.current.denominator) + "," + num(r.current.value) + "," + r.dx->unit + "," +
           num(r.last_year.value) + "," + num(r.change) + "," + num(r.target) + "," +
           num(r.completion) + "," + std::to_string(r.rank) + "/" + std::to_string(r.siblings) +
           "\n";
  }
  return out;
}

}  // namespace

void RegisterAnalyticsRoutes(http::Router& router, const ApiContext& ctx) {
  if (!ctx.care) return;
  const CareServices& care = *ctx.care;
  GuardedRouter guard(router, ctx);
  using auth::Permission;
  const IndicatorSet& set = IndicatorSet::Default();

  guard.Add("GET", "/api/v1/indicators", Permission::kIndicatorRead, [&set](Request&) {
    json items = json::array();
    for (const auto& in : set.all()) {
      items.push_back(
          {{"id", in.id},
           {"name", in.name},
           {"name_en", in.name_en},
           {"numerator", in.numerator},
           {"denominator", in.denominator.empty() ? json(nullptr) : json(in.denominator)},
           {"factor", in.factor},
           {"unit", in.unit},
           {"decimals", in.decimals},
           {"definition", in.definition},
           {"group", in.group},
           {"disaggregations", in.disaggregations}});
    }
    json elements = json::array();
    for (const auto& e : ElementCatalogue::Default().elements()) {
      elements.push_back({{"id", e.id}, {"name", e.name}, {"flow", e.flow}, {"by_age", e.by_age}});
    }
    return http::Json(200,
                      {{"version", set.version()}, {"indicators", items}, {"elements", elements}});
  });

  guard.Add(
      "GET", "/api/v1/analytics", Permission::kIndicatorRead,
      [&ctx, &care, &set](Request& r, const auth::Principal& p) {
        auto started = std::chrono::steady_clock::now();
        if (Status s = OnlyParams(r, {"dx", "ou", "ou_level", "pe", "disagg", "format", "on"});
            !s.ok()) {
          return http::Error(s);
        }
        FieldErrors errs;
        AnalyticsQuery q;
        q.today = Today();
        if (auto on = r.Query("on")) {
          auto d = Date::ParseIso(*on);
          if (!d) return http::Error(Status::InvalidField("on", "must be a date YYYY-MM-DD"));
          q.today = *d;
        }
        auto dx = SplitParam(r.Query("dx").value_or(""));
        if (dx.empty()) errs.Add("dx", "is required: indicator ids (GET /api/v1/indicators)");
        for (const auto& id : dx) {
          if (const Indicator* in = set.Find(id))
            q.dx.push_back(in);
          else
            errs.Add("dx", "no indicator " + id);
        }
        auto tree = ctx.org_units.tree();
        auto ous = SplitParam(r.Query("ou").value_or(p.view_scope.empty() ? "" : p.view_scope[0]));
        if (ous.empty()) errs.Add("ou", "is required");
        std::optional<int64_t> level;
        if (r.Query("ou_level")) {
          auto l = QueryInt(r, "ou_level", 0, 1, 5);
          if (!l.ok()) return http::Error(l.status());
          level = *l;
        }
        for (const auto& code : ous) {
          const OrgUnit* u = tree->Find(code);
          if (!u) {
            errs.Add("ou", "no org unit " + code);
            continue;
          }
          if (!p.Sees(*tree, code)) {
            AuditDenied(ctx, p, "GET " + r.path, "org unit " + code + " is outside the view scope");
            return http::Error(
                Status::PermissionDenied("org unit " + code + " is outside your view scope"));
          }
          if (level) {
            if (*level < u->level) {
              errs.Add("ou_level",
                       "is above org unit " + code + " (level " + std::to_string(u->level) + ")");
              continue;
            }
            for (const OrgUnit* d : tree->DescendantsAtLevel(code, static_cast<int>(*level)))
              if (d->status == "active") q.ou.push_back(d);
          } else {
            q.ou.push_back(u);
          }
        }
        auto pes = SplitParam(r.Query("pe").value_or(std::to_string(q.today.year())));
        for (const auto& code : pes) {
          auto pe = ParsePeriod(code);
          if (!pe.ok()) {
            for (const auto& f : pe.status().fields()) errs.Add(f.field, f.reason);
          } else {
            q.pe.push_back(*pe);
          }
        }
        q.disaggregation = r.Query("disagg").value_or("");
        if (!q.disaggregation.empty()) {
          if (q.disaggregation != "sex" && q.disaggregation != "age_group" &&
              q.disaggregation != "key_population") {
            errs.Add("disagg", "must be sex, age_group or key_population");
          } else {
            for (const Indicator* in : q.dx) {
              if (std::find(in->disaggregations.begin(), in->disaggregations.end(),
                            q.disaggregation) == in->disaggregations.end())
                errs.Add("disagg", in->id + " is not broken down by " + q.disaggregation);
            }
          }
        }
        std::string format = r.Query("format").value_or("json");
        if (format != "json" && format != "csv") errs.Add("format", "must be json or csv");
        if (!errs.empty()) return http::Error(errs.ToStatus("analytics request"));
        size_t cells = q.dx.size() * q.ou.size() * q.pe.size();
        if (cells > 50000) {
          return http::Error(Status::InvalidField(
              "ou", "the request asks for " + std::to_string(cells) +
                        " figures; at most 50,000 at once (fewer org units or periods)"));
        }
        std::vector<AnalyticsRow> rows = care.live.Read([&](const live::Aggregates& a) {
          return Analytics(a.indicators, a.external, *tree).Evaluate(q);
        });
        if (format == "csv") {
          http::Response resp;
          resp.status = 200;
          resp.content_type = "text/csv; charset=utf-8";
          resp.body = Csv(rows);
          resp.headers.emplace_back("Content-Disposition",
                                    "attachment; filename=\"analytics.csv\"");
          return resp;
        }
        json out = json::array();
        for (const auto& row : rows) out.push_back(RowJson(row));
        auto took = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
        return http::Json(200, {{"rows", out}, {"today", q.today.ToIso()}, {"took_us", took}});
      });

  guard.Add("GET", "/api/v1/targets", Permission::kIndicatorRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"ou", "year"}); !s.ok()) return http::Error(s);
              auto tree = ctx.org_units.tree();
              std::string ou = r.Query("ou").value_or(p.view_scope.empty() ? "" : p.view_scope[0]);
              if (!tree->Find(ou))
                return http::Error(Status::InvalidField("ou", "no org unit " + ou));
              if (!p.Sees(*tree, ou))
                return http::Error(
                    Status::PermissionDenied("org unit " + ou + " is outside your view scope"));
              std::optional<int> year;
              if (r.Query("year")) {
                auto y = QueryInt(r, "year", 0, 2000, 2100);
                if (!y.ok()) return http::Error(y.status());
                year = static_cast<int>(*y);
              }
              json items = json::array();
              care.live.Read([&](const live::Aggregates& a) {
                for (const auto& [key, target] : a.external.targets) {
                  const auto& [indicator, code, y] = key;
                  if ((year && y != *year) || !tree->IsWithin(code, ou)) continue;
                  const OrgUnit* u = tree->Find(code);
                  items.push_back({{"indicator", indicator},
                                   {"org_unit_code", code},
                                   {"org_unit_name", u ? u->name : ""},
                                   {"year", y},
                                   {"target", target}});
                }
                return 0;
              });
              return http::Json(200, {{"items", items}});
            });

  guard.Add("PUT", "/api/v1/targets", Permission::kTargetManage,
            [&ctx, &care, &set](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              FieldErrors errs;
              JsonFields f(*body, &errs);
              const json* items = f.Raw("items");
              f.Finish();
              if (!items || !items->is_array() || items->empty() || items->size() > 10000) {
                errs.Add("items",
                         "must be a list of 1 to 10,000 {indicator, org_unit_code, year, target}");
              }
              if (!errs.empty()) return http::Error(errs.ToStatus("targets"));
              auto tree = ctx.org_units.tree();
              std::vector<TargetValue> targets;
              for (size_t i = 0; i < items->size(); ++i) {
                TargetValue t;
                std::string prefix = "items[" + std::to_string(i) + "].";
                JsonFields g((*items)[i], &errs, prefix);
                int64_t year = 0;
                g.Str("indicator", &t.indicator, true, 60);
                g.Str("org_unit_code", &t.org_unit_code, true, 12);
                g.Int("year", &year, true, 2000, 2100);
                t.year = static_cast<int>(year);
                const json* v = g.Raw("target");
                g.Finish();
                const Indicator* in = set.Find(t.indicator);
                if (!t.indicator.empty() && !in)
                  errs.Add(prefix + "indicator", "no indicator " + t.indicator);
                if (!t.org_unit_code.empty()) {
                  if (!tree->Find(t.org_unit_code)) {
                    errs.Add(prefix + "org_unit_code", "no org unit " + t.org_unit_code);
                  } else if (!p.Sees(*tree, t.org_unit_code)) {
                    return http::Error(Status::PermissionDenied("org unit " + t.org_unit_code +
                                                                " is outside your view scope"));
                  }
                }
                if (!v || !v->is_number() || v->get<double>() < 0) {
                  errs.Add(prefix + "target", "must be a number, 0 or more");
                } else {
                  t.target = v->get<double>();
                  if (in && in->rate() && in->factor == 100 && t.target > 100)
                    errs.Add(prefix + "target", "a rate in % is at most 100");
                }
                targets.push_back(std::move(t));
              }
              if (!errs.empty()) return http::Error(errs.ToStatus("targets"));
              if (Status s = care.live.PutTargets(targets); !s.ok()) return http::Error(s);
              return http::Json(200, {{"saved", targets.size()}});
            });

  guard.Add("GET", "/api/v1/org-units/{code}/populations", Permission::kIndicatorRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto tree = ctx.org_units.tree();
              std::string code = r.path_params["code"];
              if (!tree->Find(code)) return http::Error(Status::NotFound("no org unit " + code));
              if (!p.Sees(*tree, code))
                return http::Error(
                    Status::PermissionDenied("org unit " + code + " is outside your view scope"));
              json items = json::array();
              care.live.Read([&](const live::Aggregates& a) {
                Analytics an(a.indicators, a.external, *tree);
                std::set<int> years = {Today().year(), Today().year() - 1};
                for (const auto& [key, v] : a.external.populations)
                  if (key.first == code) years.insert(key.second);
                for (int y : years) {
                  auto given = a.external.Population(code, y);
                  Date on = std::min(Today(), *Date::FromYmd(y, 12, 31));
                  items.push_back({{"year", y},
                                   {"population", an.Population(code, y, on)},
                                   {"given", given.has_value()}});
                }
                return 0;
              });
              return http::Json(200, {{"org_unit_code", code}, {"items", items}});
            });

  guard.Add("PUT", "/api/v1/org-units/{code}/populations/{year}", Permission::kTargetManage,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto tree = ctx.org_units.tree();
              std::string code = r.path_params["code"];
              if (!tree->Find(code)) return http::Error(Status::NotFound("no org unit " + code));
              if (!p.Sees(*tree, code))
                return http::Error(
                    Status::PermissionDenied("org unit " + code + " is outside your view scope"));
              int year = std::atoi(r.path_params["year"].c_str());
              if (year < 2000 || year > 2100 || std::to_string(year) != r.path_params["year"])
                return http::Error(Status::InvalidField("year", "must be a year 2000 to 2100"));
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              FieldErrors errs;
              JsonFields f(*body, &errs);
              int64_t population = 0;
              std::string source = "api:" + p.username;
              f.Int("population", &population, true, 0, 2000000000);
              f.Str("source", &source, false, 100);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("population"));
              if (Status s = care.live.PutPopulation(code, year, population, source); !s.ok())
                return http::Error(s);
              return http::Json(
                  200, {{"org_unit_code", code}, {"year", year}, {"population", population}});
            });
}

}  // namespace yilian::api
