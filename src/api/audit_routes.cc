// /audit: the audit log for auditors (permission audit.read), filtered by
// user, resident, org unit, action and time, inside the auditor's view
// scope; /residents/{id}/access-history: who looked at a resident's record.
#include "api/guard.h"
#include "api/request_params.h"
#include "api/routes.h"
#include "audit/audit_store.h"
#include "core/date.h"
#include "http/json_response.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Result<std::string> DateParam(const Request& r, const char* name) {
  auto v = r.Query(name);
  if (!v) return std::string();
  if (!Date::ParseIso(*v)) {
    return Status::InvalidField(name, "must be a date as YYYY-MM-DD");
  }
  return *v;
}

Response Search(const ApiContext& ctx, audit_store::Query q, const Paging& paging) {
  q.page = paging.page;
  q.page_size = paging.page_size;
  // Reads are appended in batches (every second): the trail appends what is
  // queued first, so an auditor sees every read made before the query.
  auto page = ctx.audit.Search(q);
  if (!page.ok()) return http::Error(page.status());
  json items = json::array();
  for (const auto& e : page->items) items.push_back(audit::AuditEventToJson(e));
  return http::Json(200, PageJson(std::move(items), paging, page->has_more));
}

}  // namespace

void RegisterAuditRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);
  using auth::Permission;

  guard.Add(
      "GET", "/api/v1/audit", Permission::kAuditRead, [&ctx](Request& r, const auth::Principal& p) {
        if (Status s = OnlyParams(
                r, {"user_id", "resident_id", "ou", "action", "from", "to", "page", "page_size"});
            !s.ok()) {
          return http::Error(s);
        }
        auto paging = ReadPaging(r);
        if (!paging.ok()) return http::Error(paging.status());
        audit_store::Query q;
        auto user = QueryInt(r, "user_id", 0, 1, INT64_MAX);
        auto resident = QueryInt(r, "resident_id", 0, 1, INT64_MAX);
        auto from = DateParam(r, "from");
        auto to = DateParam(r, "to");
        for (const Status* s : {&user.status(), &resident.status(), &from.status(), &to.status()}) {
          if (!s->ok()) return http::Error(*s);
        }
        if (*user) q.user_id = *user;
        if (*resident) q.resident_id = *resident;
        q.from = *from;
        q.to = *to;
        q.action = r.Query("action").value_or("");
        std::string ou = r.Query("ou").value_or("");
        auto ranges = p.ViewRanges(*ctx.org_units.tree(), ou);
        if (!ranges.ok()) return http::Error(ranges.status());
        q.ranges = std::move(*ranges);
        q.include_unplaced = ou.empty();
        return Search(ctx, std::move(q), *paging);
      });

  guard.Add("GET", "/api/v1/residents/{id}/access-history", Permission::kAuditRead,
            [&ctx](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"page", "page_size"}); !s.ok()) {
                return http::Error(s);
              }
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto res = ctx.residents.Get(*id);
              if (!res.ok()) return http::Error(res.status());
              if (!p.Sees(*ctx.org_units.tree(), res->village_code)) {
                return http::Error(Status::PermissionDenied("resident " + std::to_string(*id) +
                                                            " is outside your view scope"));
              }
              audit_store::Query q;
              q.resident_id = *id;
              return Search(ctx, std::move(q), *paging);
            });
}

}  // namespace yilian::api
