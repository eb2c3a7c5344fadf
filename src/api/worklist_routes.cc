#include <set>

#include "api/care_routes.h"
#include "api/guard.h"
#include "api/request_params.h"
#include "api/resident_access.h"
#include "catalogue/service_catalogue.h"
#include "http/json_response.h"
#include "live/live_state.h"
#include "practitioner/practitioner_store.h"
#include "team/team_store.h"

namespace yilian::api {
using http::Request;
using nlohmann::json;

namespace {

// The villages served by a team, or by every active team of a practitioner.
Result<std::set<std::string>> VillagesOf(const ApiContext& ctx, std::optional<int64_t> team_id,
                                         std::optional<int64_t> practitioner_id) {
  std::set<std::string> out;
  Status s = ctx.db.Read([&](storage::Connection& c) {
    std::vector<int64_t> teams;
    if (team_id) teams.push_back(*team_id);
    if (practitioner_id) {
      auto t = practitioner_store::ActiveTeamsOf(c, *practitioner_id);
      if (!t.ok()) return t.status();
      teams.insert(teams.end(), t->begin(), t->end());
    }
    for (int64_t id : teams) {
      auto t = team_store::Get(c, id);
      if (!t.ok()) return t.status();
      if (!*t)
        return Status::InvalidField("team_id", "team " + std::to_string(id) + " does not exist");
      out.insert((*t)->village_codes.begin(), (*t)->village_codes.end());
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace

void RegisterWorklistRoutes(http::Router& router, const ApiContext& ctx) {
  if (!ctx.care) return;
  const CareServices& care = *ctx.care;
  GuardedRouter guard(router, ctx);
  guard.Add("GET", "/api/v1/worklist", auth::Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"ou", "team_id", "practitioner_id", "status", "kind",
                                            "on", "page", "page_size"});
                  !s.ok()) {
                return http::Error(s);
              }
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto tree = ctx.org_units.tree();
              auto ranges = p.ViewRanges(*tree, r.Query("ou").value_or(""));
              if (!ranges.ok()) return http::Error(ranges.status());
              WorklistQuery q;
              q.ranges = std::move(*ranges);
              q.on = Today();
              if (auto on = r.Query("on")) {
                auto d = Date::ParseIso(*on);
                if (!d) return http::Error(Status::InvalidField("on", "must be a date YYYY-MM-DD"));
                q.on = *d;
              }
              q.status = r.Query("status").value_or("open");
              static const std::set<std::string> kStatuses = {"open",   "due",      "overdue",
                                                              "unseen", "upcoming", "all"};
              if (!kStatuses.count(q.status)) {
                return http::Error(Status::InvalidField(
                    "status", "must be open, due, overdue, unseen, upcoming or all"));
              }
              q.kind = r.Query("kind").value_or("");
              static const std::set<std::string> kKinds = {
                  "",          "hypertension", "diabetes", "mental", "tb",
                  "pregnancy", "postpartum",   "children", "elderly"};
              if (!kKinds.count(q.kind)) {
                return http::Error(Status::InvalidField(
                    "kind",
                    "must be hypertension, diabetes, mental, tb, pregnancy, postpartum, "
                    "children or elderly"));
              }
              std::optional<int64_t> team, practitioner;
              if (r.Query("team_id")) {
                auto v = QueryInt(r, "team_id", 0, 1, INT64_MAX);
                if (!v.ok()) return http::Error(v.status());
                team = *v;
              }
              if (r.Query("practitioner_id")) {
                auto v = QueryInt(r, "practitioner_id", 0, 1, INT64_MAX);
                if (!v.ok()) return http::Error(v.status());
                practitioner = *v;
              }
              if (team || practitioner) {
                auto villages = VillagesOf(ctx, team, practitioner);
                if (!villages.ok()) return http::Error(villages.status());
                if (villages->empty()) villages->insert("none");  // serves nothing: an empty list
                q.villages = std::move(*villages);
              }
              q.page = paging->page;
              q.page_size = paging->page_size;
              WorklistPage page =
                  care.live.Read([&](const live::Aggregates& a) { return a.worklist.Find(q); });
              json items = json::array(), ids = json::array();
              for (const auto& row : page.rows) {
                const ServiceItem* s = care.catalogue.FindItem(row.item.service);
                const OrgUnit* village = tree->Find(row.village_code);
                auto opt = [](const std::optional<Date>& d) {
                  return d ? json(d->ToIso()) : json(nullptr);
                };
                items.push_back({{"resident_id", row.resident_id},
                                 {"name", row.name},
                                 {"record_no", row.record_no},
                                 {"sex", row.sex},
                                 {"age", row.birth.AgeOn(q.on)},
                                 {"phone", row.phone},
                                 {"village_code", row.village_code},
                                 {"village_name", village ? village->name : ""},
                                 {"kind", row.item.kind},
                                 {"label", row.item.label},
                                 {"service_code", row.item.service},
                                 {"service_name", s ? s->name : row.item.service},
                                 {"window_start", row.item.window_start.ToIso()},
                                 {"due_date", row.item.due_date.ToIso()},
                                 {"last_visit", opt(row.item.last_visit)},
                                 {"visits_this_year", row.visits_this_year},
                                 {"status", row.status},
                                 {"overdue_days", row.overdue_days},
                                 {"alerts", row.item.alerts}});
                ids.push_back(row.resident_id);
              }
              AuditSearch(ctx, p, r, std::move(ids));
              json summary = {{"residents", page.summary.residents},
                              {"due", page.summary.due},
                              {"overdue", page.summary.overdue},
                              {"upcoming", page.summary.upcoming},
                              {"unseen_this_year", page.summary.unseen_this_year},
                              {"alerts", page.summary.alerts},
                              {"open_by_kind", page.summary.open_by_kind}};
              json out = PageJson(std::move(items), *paging,
                                  page.total > paging->page * paging->page_size);
              out["total"] = page.total;
              out["on"] = q.on.ToIso();
              out["summary"] = summary;
              return http::Json(200, out);
            });
}

}  // namespace yilian::api
