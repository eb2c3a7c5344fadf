#include <memory>

#include "api/guard.h"
#include "api/registry_routes.h"
#include "api/request_params.h"
#include "api/resident_access.h"
#include "auth/authenticator.h"
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

// Queues the audit event of a household read or write (households hold
// addresses and list their members).
void AuditHousehold(const ApiContext& ctx, const auth::Principal& p, const std::string& action,
                    const Household& h) {
  audit::AuditEvent e;
  e.actor = auth::ActorOf(p);
  e.action = action;
  e.resource = "household";
  e.resource_id = std::to_string(h.id);
  e.org_unit_code = h.village_code;
  ctx.audit.Record(std::move(e));
}

Status MayWrite(const ApiContext& ctx, const auth::Principal& p, const std::string& village) {
  if (village.empty() || p.Captures(*ctx.org_units.tree(), village)) return Status::Ok();
  AuditDenied(ctx, p, "write household", "village " + village + " is outside the capture scope");
  return Status::PermissionDenied("village " + village + " is outside your capture scope");
}

}  // namespace

void RegisterHouseholdRoutes(http::Router& router, const ApiContext& ctx) {
  auto reg = std::make_shared<HouseholdRegistry>(ctx.db, ctx.codes, ctx.org_units);
  GuardedRouter guard(router, ctx);
  using auth::Permission;

  guard.Add("GET", "/api/v1/households", Permission::kResidentRead,
            [reg](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"ou", "page", "page_size"}); !s.ok())
                return http::Error(s);
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto tree = reg->org_units().tree();
              household_store::Query q;
              q.page = paging->page;
              q.page_size = paging->page_size;
              auto ranges = p.ViewRanges(*tree, r.Query("ou").value_or(""));
              if (!ranges.ok()) return http::Error(ranges.status());
              q.ranges = std::move(*ranges);
              auto page = reg->List(q);
              if (!page.ok()) return http::Error(page.status());
              json items = json::array();
              for (const auto& h : page->items) items.push_back(HouseholdToJson(h, tree.get()));
              return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
            });

  guard.Add("POST", "/api/v1/households", Permission::kResidentWrite,
            [&ctx, reg](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              if (body->contains("village_code") && (*body)["village_code"].is_string()) {
                Status s = MayWrite(ctx, p, (*body)["village_code"].get<std::string>());
                if (!s.ok()) return http::Error(s);
              }
              auto h = reg->Create(*body);
              if (!h.ok()) return http::Error(h.status());
              AuditHousehold(ctx, p, "create", h->household);
              Response resp = http::Json(201, WithMembers(*h, *reg));
              resp.headers.emplace_back("Location",
                                        "/api/v1/households/" + std::to_string(h->household.id));
              return WithETag(std::move(resp), h->household.version);
            });

  guard.Add("GET", "/api/v1/households/{id}", Permission::kResidentRead,
            [&ctx, reg](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto h = reg->Get(*id);
              if (!h.ok()) return http::Error(h.status());
              if (!p.Sees(*ctx.org_units.tree(), h->household.village_code)) {
                AuditDenied(ctx, p, "GET " + r.path, "outside the view scope", std::nullopt,
                            h->household.village_code);
                return http::Error(Status::PermissionDenied("household " + std::to_string(*id) +
                                                            " is outside your view scope"));
              }
              AuditHousehold(ctx, p, "read", h->household);
              return WithETag(http::Json(200, WithMembers(*h, *reg)), h->household.version);
            });

  // The head is named once the residents exist, so households need an update too.
  guard.Add("PATCH", "/api/v1/households/{id}", Permission::kResidentWrite,
            [&ctx, reg](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              auto current = reg->Get(*id);
              if (!current.ok()) return http::Error(current.status());
              if (Status s = MayWrite(ctx, p, current->household.village_code); !s.ok()) {
                return http::Error(s);
              }
              if (body->contains("village_code") && (*body)["village_code"].is_string()) {
                Status s = MayWrite(ctx, p, (*body)["village_code"].get<std::string>());
                if (!s.ok()) return http::Error(s);
              }
              auto h = reg->Update(*id, *body, *version);
              if (!h.ok()) return http::Error(h.status());
              AuditHousehold(ctx, p, "update", h->household);
              return WithETag(http::Json(200, WithMembers(*h, *reg)), h->household.version);
            });
}

}  // namespace yilian::api
