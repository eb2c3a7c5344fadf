#include <memory>

#include "api/guard.h"
#include "api/registry_routes.h"
#include "api/request_params.h"
#include "facility/facility_json.h"
#include "facility/facility_registry.h"
#include "http/json_response.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

Response Created(const json& body, const std::string& location, int64_t version) {
  Response r = http::Json(201, body);
  r.headers.emplace_back("Location", location);
  return WithETag(std::move(r), version);
}

// The code ranges of query parameter "ou" (empty when absent).
Result<std::vector<std::pair<std::string, std::string>>> OuRanges(const Request& r,
                                                                  const OrgTree& tree) {
  std::vector<std::pair<std::string, std::string>> ranges;
  if (auto ou = r.Query("ou")) {
    if (!tree.Find(*ou)) return Status::InvalidField("ou", "org unit " + *ou + " does not exist");
    ranges = tree.CodeRanges(*ou);
  }
  return ranges;
}

}  // namespace

void RegisterFacilityRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);
  auto reg = std::make_shared<FacilityRegistry>(ctx.db, ctx.codes, ctx.org_units);

  guard.Add("GET", "/api/v1/facilities", auth::Permission::kRegistryRead, [reg](Request& r) {
    if (Status s = OnlyParams(r, {"ou", "type", "alliance_id", "page", "page_size"}); !s.ok()) {
      return http::Error(s);
    }
    auto paging = ReadPaging(r);
    if (!paging.ok()) return http::Error(paging.status());
    auto tree = reg->org_units().tree();
    facility_store::Query q;
    q.page = paging->page;
    q.page_size = paging->page_size;
    auto ranges = OuRanges(r, *tree);
    if (!ranges.ok()) return http::Error(ranges.status());
    q.ranges = std::move(*ranges);
    if (auto type = r.Query("type")) {
      if (Status s = reg->codes().CheckCode("facility_type", *type, "type"); !s.ok()) {
        return http::Error(s);
      }
      q.type = *type;
    }
    auto alliance = QueryInt(r, "alliance_id", 0, 1, INT64_MAX);
    if (!alliance.ok()) return http::Error(alliance.status());
    if (*alliance > 0) q.alliance_id = *alliance;
    auto page = reg->List(q);
    if (!page.ok()) return http::Error(page.status());
    json items = json::array();
    for (const auto& f : page->items) items.push_back(FacilityToJson(f, &reg->codes(), tree.get()));
    return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
  });

  guard.AddRegistryWrite("POST", "/api/v1/facilities", auth::Permission::kRegistryWrite,
                         RegistryKind::kFacility, "", [reg](Request& r) {
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto f = reg->Create(*body);
                           if (!f.ok()) return http::Error(f.status());
                           return Created(
                               FacilityToJson(*f, &reg->codes(), reg->org_units().tree().get()),
                               "/api/v1/facilities/" + std::to_string(f->id), f->version);
                         });

  guard.Add("GET", "/api/v1/facilities/{id}", auth::Permission::kRegistryRead, [reg](Request& r) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    auto f = reg->Get(*id);
    if (!f.ok()) return http::Error(f.status());
    return WithETag(
        http::Json(200, FacilityToJson(*f, &reg->codes(), reg->org_units().tree().get())),
        f->version);
  });

  guard.AddRegistryWrite(
      "PATCH", "/api/v1/facilities/{id}", auth::Permission::kRegistryWrite, RegistryKind::kFacility,
      "id", [reg](Request& r) {
        auto id = PathId(r, "id");
        if (!id.ok()) return http::Error(id.status());
        auto body = http::ParseJsonBody(r);
        if (!body.ok()) return http::Error(body.status());
        auto version = ExpectedVersion(r, &*body);
        if (!version.ok()) return http::Error(version.status());
        auto f = reg->Update(*id, *body, *version);
        if (!f.ok()) return http::Error(f.status());
        return WithETag(
            http::Json(200, FacilityToJson(*f, &reg->codes(), reg->org_units().tree().get())),
            f->version);
      });

  guard.Add("GET", "/api/v1/alliances", auth::Permission::kRegistryRead, [reg](Request& r) {
    if (Status s = OnlyParams(r, {"ou", "page", "page_size"}); !s.ok()) return http::Error(s);
    auto paging = ReadPaging(r);
    if (!paging.ok()) return http::Error(paging.status());
    auto tree = reg->org_units().tree();
    facility_store::AllianceQuery q;
    q.page = paging->page;
    q.page_size = paging->page_size;
    auto ranges = OuRanges(r, *tree);
    if (!ranges.ok()) return http::Error(ranges.status());
    q.ranges = std::move(*ranges);
    auto page = reg->ListAlliances(q);
    if (!page.ok()) return http::Error(page.status());
    json items = json::array();
    for (const auto& a : page->items) items.push_back(AllianceToJson(a, tree.get()));
    return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
  });

  guard.AddRegistryWrite("POST", "/api/v1/alliances", auth::Permission::kRegistryWrite,
                         RegistryKind::kAlliance, "", [reg](Request& r) {
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto a = reg->CreateAlliance(*body);
                           if (!a.ok()) return http::Error(a.status());
                           return Created(AllianceToJson(*a, reg->org_units().tree().get()),
                                          "/api/v1/alliances/" + std::to_string(a->id), a->version);
                         });

  guard.Add("GET", "/api/v1/alliances/{id}", auth::Permission::kRegistryRead, [reg](Request& r) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    auto a = reg->GetAlliance(*id);
    if (!a.ok()) return http::Error(a.status());
    return WithETag(http::Json(200, AllianceToJson(*a, reg->org_units().tree().get())), a->version);
  });

  guard.AddRegistryWrite("PATCH", "/api/v1/alliances/{id}", auth::Permission::kRegistryWrite,
                         RegistryKind::kAlliance, "id", [reg](Request& r) {
                           auto id = PathId(r, "id");
                           if (!id.ok()) return http::Error(id.status());
                           auto body = http::ParseJsonBody(r);
                           if (!body.ok()) return http::Error(body.status());
                           auto version = ExpectedVersion(r, &*body);
                           if (!version.ok()) return http::Error(version.status());
                           auto a = reg->UpdateAlliance(*id, *body, *version);
                           if (!a.ok()) return http::Error(a.status());
                           return WithETag(
                               http::Json(200, AllianceToJson(*a, reg->org_units().tree().get())),
                               a->version);
                         });
}

}  // namespace yilian::api
