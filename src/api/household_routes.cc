#include <memory>

#include "api/registry_routes.h"
#include "api/request_params.h"
#include "http/json_response.h"
#include "resident/household_json.h"
#include "resident/household_registry.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

json WithMembers(const HouseholdRecord& r, const HouseholdRegistry& reg) {
  json j = HouseholdToJson(r.household, reg.org_units().tree().get());
  j["members"] = HouseholdMembersToJson(r.members, &reg.codes());
  return j;
}

}  // namespace

void RegisterHouseholdRoutes(http::Router& router, const ApiContext& ctx) {
  auto reg = std::make_shared<HouseholdRegistry>(ctx.db, ctx.codes, ctx.org_units);

  router.Add("GET", "/api/v1/households", [reg](Request& r) {
    if (Status s = OnlyParams(r, {"ou", "page", "page_size"}); !s.ok()) return http::Error(s);
    auto paging = ReadPaging(r);
    if (!paging.ok()) return http::Error(paging.status());
    auto tree = reg->org_units().tree();
    household_store::Query q;
    q.page = paging->page;
    q.page_size = paging->page_size;
    if (auto ou = r.Query("ou")) {
      if (!tree->Find(*ou)) {
        return http::Error(Status::InvalidField("ou", "org unit " + *ou + " does not exist"));
      }
      q.ranges = tree->CodeRanges(*ou);
    }
    auto page = reg->List(q);
    if (!page.ok()) return http::Error(page.status());
    json items = json::array();
    for (const auto& h : page->items) items.push_back(HouseholdToJson(h, tree.get()));
    return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
  });

  router.Add("POST", "/api/v1/households", [reg](Request& r) {
    auto body = http::ParseJsonBody(r);
    if (!body.ok()) return http::Error(body.status());
    auto h = reg->Create(*body);
    if (!h.ok()) return http::Error(h.status());
    Response resp = http::Json(201, WithMembers(*h, *reg));
    resp.headers.emplace_back("Location", "/api/v1/households/" + std::to_string(h->household.id));
    return WithETag(std::move(resp), h->household.version);
  });

  router.Add("GET", "/api/v1/households/{id}", [reg](Request& r) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    auto h = reg->Get(*id);
    if (!h.ok()) return http::Error(h.status());
    return WithETag(http::Json(200, WithMembers(*h, *reg)), h->household.version);
  });

  // The head is named once the residents exist, so households need an update too.
  router.Add("PATCH", "/api/v1/households/{id}", [reg](Request& r) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    auto body = http::ParseJsonBody(r);
    if (!body.ok()) return http::Error(body.status());
    auto version = ExpectedVersion(r, &*body);
    if (!version.ok()) return http::Error(version.status());
    auto h = reg->Update(*id, *body, *version);
    if (!h.ok()) return http::Error(h.status());
    return WithETag(http::Json(200, WithMembers(*h, *reg)), h->household.version);
  });
}

}  // namespace yilian::api
