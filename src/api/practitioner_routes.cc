#include <memory>

#include "api/guard.h"
#include "api/registry_routes.h"
#include "api/request_params.h"
#include "core/json_fields.h"
#include "http/json_response.h"
#include "practitioner/practitioner_json.h"
#include "practitioner/practitioner_registry.h"

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

void RegisterPractitionerRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);
  auto reg = std::make_shared<PractitionerRegistry>(ctx.db, ctx.codes, ctx.org_units);

  guard.Add("GET", "/api/v1/practitioners", auth::Permission::kRegistryRead, [reg](Request& r) {
    if (Status s = OnlyParams(r, {"facility_id", "role", "name", "ou", "page", "page_size"});
        !s.ok()) {
      return http::Error(s);
    }
    auto paging = ReadPaging(r);
    if (!paging.ok()) return http::Error(paging.status());
    practitioner_store::Query q;
    q.page = paging->page;
    q.page_size = paging->page_size;
    auto facility = QueryInt(r, "facility_id", 0, 1, INT64_MAX);
    if (!facility.ok()) return http::Error(facility.status());
    if (*facility > 0) q.facility_id = *facility;
    if (auto role = r.Query("role")) {
      if (Status s = reg->codes().CheckCode("practitioner_role", *role, "role"); !s.ok()) {
        return http::Error(s);
      }
      q.role = *role;
    }
    if (auto name = r.Query("name")) {
      q.name_prefix = TrimText(*name);
      if (q.name_prefix.empty()) return http::Error(Status::InvalidField("name", "is empty"));
      if (Utf8Length(q.name_prefix) > 50) {
        return http::Error(Status::InvalidField("name", "is longer than 50 characters"));
      }
    }
    if (auto ou = r.Query("ou")) {
      auto tree = reg->org_units().tree();
      if (!tree->Find(*ou)) {
        return http::Error(Status::InvalidField("ou", "org unit " + *ou + " does not exist"));
      }
      q.ranges = tree->CodeRanges(*ou);
    }
    auto page = reg->List(q);
    if (!page.ok()) return http::Error(page.status());
    json items = json::array();
    for (const auto& p : page->items) {
      items.push_back(PractitionerToJson(p, &reg->codes(), /*masked=*/true));
    }
    return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
  });

  guard.AddRegistryWrite(
      "POST", "/api/v1/practitioners", auth::Permission::kRegistryWrite,
      RegistryKind::kPractitioner, "", [reg](Request& r) {
        auto body = http::ParseJsonBody(r);
        if (!body.ok()) return http::Error(body.status());
        auto p = reg->Create(*body);
        if (!p.ok()) return http::Error(p.status());
        Response resp = http::Json(201, PractitionerToJson(*p, &reg->codes(), /*masked=*/false));
        resp.headers.emplace_back("Location", "/api/v1/practitioners/" + std::to_string(p->id));
        return WithETag(std::move(resp), p->version);
      });

  guard.Add(
      "GET", "/api/v1/practitioners/{id}", auth::Permission::kRegistryRead, [reg](Request& r) {
        auto id = PathId(r, "id");
        if (!id.ok()) return http::Error(id.status());
        auto p = reg->Get(*id);
        if (!p.ok()) return http::Error(p.status());
        return WithETag(http::Json(200, PractitionerToJson(*p, &reg->codes(), /*masked=*/false)),
                        p->version);
      });

  guard.AddRegistryWrite(
      "PATCH", "/api/v1/practitioners/{id}", auth::Permission::kRegistryWrite,
      RegistryKind::kPractitioner, "id", [reg](Request& r) {
        auto id = PathId(r, "id");
        if (!id.ok()) return http::Error(id.status());
        auto body = http::ParseJsonBody(r);
        if (!body.ok()) return http::Error(body.status());
        auto version = ExpectedVersion(r, &*body);
        if (!version.ok()) return http::Error(version.status());
        auto p = reg->Update(*id, *body, *version);
        if (!p.ok()) return http::Error(p.status());
        return WithETag(http::Json(200, PractitionerToJson(*p, &reg->codes(), /*masked=*/false)),
                        p->version);
      });
}

}  // namespace yilian::api
