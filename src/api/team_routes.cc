#include <memory>

#include "api/guard.h"
#include "api/registry_routes.h"
#include "api/request_params.h"
#include "http/json_response.h"
#include "team/team_json.h"
#include "team/team_registry.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {
Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}
}  // namespace

void RegisterTeamRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);
  auto reg = std::make_shared<TeamRegistry>(ctx.db, ctx.codes, ctx.org_units);

  guard.Add("GET", "/api/v1/teams", auth::Permission::kRegistryRead, [reg](Request& r) {
    if (Status s = OnlyParams(r, {"facility_id", "village", "page", "page_size"}); !s.ok()) {
      return http::Error(s);
    }
    auto paging = ReadPaging(r);
    if (!paging.ok()) return http::Error(paging.status());
    team_store::Query q;
    q.page = paging->page;
    q.page_size = paging->page_size;
    auto facility = QueryInt(r, "facility_id", 0, 1, INT64_MAX);
    if (!facility.ok()) return http::Error(facility.status());
    if (*facility > 0) q.facility_id = *facility;
    if (auto village = r.Query("village")) {
      const OrgUnit* u = reg->org_units().tree()->Find(*village);
      if (!u || u->level != 5) {
        return http::Error(Status::InvalidField("village", *village + " is not a known village"));
      }
      q.village_code = *village;
    }
    auto page = reg->List(q);
    if (!page.ok()) return http::Error(page.status());
    json items = json::array();
    for (const auto& t : page->items) items.push_back(TeamToJson(t, &reg->codes()));
    return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
  });

  guard.AddRegistryWrite("POST", "/api/v1/teams", auth::Permission::kRegistryWrite,
                         RegistryKind::kTeam, "", [reg](Request& r) {
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto t = reg->Create(*body);
                           if (!t.ok()) return http::Error(t.status());
                           Response resp = http::Json(201, TeamToJson(*t, &reg->codes()));
                           resp.headers.emplace_back("Location",
                                                     "/api/v1/teams/" + std::to_string(t->team.id));
                           return WithETag(std::move(resp), t->team.version);
                         });

  guard.Add("GET", "/api/v1/teams/{id}", auth::Permission::kRegistryRead, [reg](Request& r) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    auto t = reg->Get(*id);
    if (!t.ok()) return http::Error(t.status());
    return WithETag(http::Json(200, TeamToJson(*t, &reg->codes())), t->team.version);
  });

  guard.AddRegistryWrite("PATCH", "/api/v1/teams/{id}", auth::Permission::kRegistryWrite,
                         RegistryKind::kTeam, "id", [reg](Request& r) {
                           auto id = PathId(r, "id");
                           if (!id.ok()) return http::Error(id.status());
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto version = ExpectedVersion(r, &*body);
                           if (!version.ok()) return http::Error(version.status());
                           auto t = reg->Update(*id, *body, *version);
                           if (!t.ok()) return http::Error(t.status());
                           return WithETag(http::Json(200, TeamToJson(*t, &reg->codes())),
                                           t->team.version);
                         });
}

}  // namespace yilian::api
