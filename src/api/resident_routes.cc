#include <cctype>

#include "api/care_routes.h"
#include "api/guard.h"
#include "api/registry_routes.h"
#include "api/request_params.h"
#include "api/resident_access.h"
#include "api/routes.h"
#include "core/json_fields.h"
#include "http/json_response.h"
#include "identity/citizen_id.h"
#include "resident/resident_json.h"
#include "resident/resident_rules.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

json Summary(const Resident& r, const CodeSets& codes, Date today) {
  return ResidentToJson(r, &codes, /*masked=*/true, today);
}

// The search parameters of GET /residents, each checked for its form so
// that nothing malformed (a quote, a semicolon) reaches a query.
Result<resident_store::Query> ReadSearch(const Request& r, const ResidentRegistry& reg,
                                         const Paging& paging) {
  resident_store::Query q;
  q.page = paging.page;
  q.page_size = paging.page_size;
  if (auto id = r.Query("id_number")) {
    // Find a record by any spelling of the number: 15 digits, lowercase x.
    auto parsed = ParseCitizenId(*id, Today());
    q.id_number = parsed.ok() ? parsed->number : TrimText(*id);
    if (q.id_number.empty()) return Status::InvalidField("id_number", "is empty");
    // Other document types (passports, …) are letters, digits and '-'.
    for (unsigned char c : q.id_number) {
      if (!std::isalnum(c) && c != '-') {
        return Status::InvalidField("id_number", "may only contain letters, digits and '-'");
      }
    }
  }
  if (auto no = r.Query("record_no")) {
    q.record_no = TrimText(*no);
    if (!IsWellFormedRecordNo(q.record_no)) {
      return Status::InvalidField("record_no", "must be 17 digits");
    }
  }
  if (auto name = r.Query("name")) {
    q.name_prefix = TrimText(*name);
    if (q.name_prefix.empty()) return Status::InvalidField("name", "is empty");
    if (Utf8Length(q.name_prefix) > 50) {
      return Status::InvalidField("name", "is longer than 50 characters");
    }
    if (!IsCleanUtf8Text(q.name_prefix) || !IsPersonName(q.name_prefix)) {
      return Status::InvalidField("name", "may only contain letters, spaces, '-', '.' and '·'");
    }
  }
  if (auto phone = r.Query("phone")) {
    q.phone = TrimText(*phone);
    if (q.phone.empty() || q.phone.size() > 20 ||
        q.phone.find_first_not_of("0123456789-+") != std::string::npos) {
      return Status::InvalidField("phone", "must be digits (with '-' or '+')");
    }
  }
  if (auto status = r.Query("status")) {
    if (!reg.codes().Find("resident_status")->Contains(*status)) {
      return reg.codes().CheckCode("resident_status", *status, "status");
    }
    q.status = *status;
  }
  return q;
}

}  // namespace

void RegisterResidentRoutes(http::Router& router, const ApiContext& ctx) {
  ResidentRegistry& reg = ctx.residents;
  GuardedRouter guard(router, ctx);
  using auth::Permission;

  guard.Add("GET", "/api/v1/residents", Permission::kResidentRead,
            [&ctx, &reg](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"id_number", "record_no", "name", "phone", "ou",
                                            "status", "page", "page_size"});
                  !s.ok()) {
                return http::Error(s);
              }
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto q = ReadSearch(r, reg, *paging);
              if (!q.ok()) return http::Error(q.status());
              Date today = Today();
              // Only ever inside the view scope: an ID number of another township
              // finds nothing rather than telling that the resident exists.
              auto ranges = p.ViewRanges(*reg.org_units().tree(), r.Query("ou").value_or(""));
              if (!ranges.ok()) {
                AuditDenied(ctx, p, "GET " + r.target, ranges.status().message());
                return http::Error(ranges.status());
              }
              q->ranges = std::move(*ranges);
              auto page = reg.Search(*q);
              if (!page.ok()) return http::Error(page.status());
              // Written as text: a lookup by ID number is one of the busiest requests.
              std::string body;
              JsonWriter w(&body);
              w.BeginObject().Key("items").BeginArray();
              json ids = json::array();
              for (const auto& res : page->items) {
                WriteResidentJson(res, &reg.codes(), /*masked=*/true, today, w);
                ids.push_back(res.id);
              }
              w.EndArray();
              w.Key("page").Int(paging->page).Key("page_size").Int(paging->page_size);
              w.Key("has_more").Bool(page->has_more).EndObject();
              AuditSearch(ctx, p, r, std::move(ids));
              return http::JsonText(200, std::move(body));
            });

  guard.Add("POST", "/api/v1/residents", Permission::kResidentWrite,
            [&ctx, &reg](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              Resident res;
              res.birth_date = Date();  // "not given" until read
              FieldErrors errs;
              ResidentFromJson(*body, &res, &errs);
              if (!errs.empty()) {
                // Report the rule violations of the readable fields too, all at once.
                Resident probe = res;
                Status rules = reg.Check(probe, *reg.org_units().tree(), Today());
                for (const auto& f : rules.fields()) {
                  bool dup = false;
                  for (const auto& e : errs.list()) dup = dup || e.field == f.field;
                  if (!dup) errs.Add(f.field, f.reason);
                }
                return http::Error(errs.ToStatus("resident"));
              }
              ResidentWriter by = WriterFor(ctx, p);
              auto created = reg.Create(std::move(res), &by);
              if (!created.ok()) return http::Error(created.status());
              json dups = json::array();
              for (const auto& d : created->possible_duplicates) {
                dups.push_back({{"resident_id", d.resident_id},
                                {"record_no", d.record_no},
                                {"name", d.name},
                                {"reason", d.reason},
                                {"href", "/api/v1/residents/" + std::to_string(d.resident_id)}});
              }
              json out = ResidentToJson(created->resident, &reg.codes(), false, Today());
              out["possible_duplicates"] = dups;
              Response resp = http::Json(201, out);
              resp.headers.emplace_back(
                  "Location", "/api/v1/residents/" + std::to_string(created->resident.id));
              return WithETag(std::move(resp), created->resident.version);
            });

  // The record page: the one place an ID number is shown in full, so an
  // audited read, inside the view scope or under a break-the-glass grant.
  auto record_page = [&ctx, &reg](Request& r, const auth::Principal& p, Result<Resident> res) {
    if (!res.ok()) return http::Error(res.status());
    auto access = CheckRead(ctx, p, *res, "GET " + r.path);
    if (!access.ok()) return http::Error(access.status());
    AuditRead(ctx, p, *res, *access);
    std::string body;
    JsonWriter w(&body);
    WriteResidentJson(*res, &reg.codes(), false, Today(), w);
    return WithETag(http::JsonText(200, std::move(body)), res->version);
  };
  guard.Add("GET", "/api/v1/residents/{id}", Permission::kResidentRead,
            [&reg, record_page](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              return record_page(r, p, reg.Get(*id));
            });

  guard.Add("GET", "/api/v1/residents/by-record-no/{record_no}", Permission::kResidentRead,
            [&reg, record_page](Request& r, const auth::Principal& p) {
              return record_page(r, p, reg.GetByRecordNo(r.path_params["record_no"]));
            });

  guard.Add("POST", "/api/v1/residents/{id}/break-glass", Permission::kResidentBreakGlass,
            [&ctx, &reg](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              FieldErrors errs;
              JsonFields f(*body, &errs);
              std::string reason;
              f.Str("reason", &reason, true, 500);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("break-glass"));
              auto res = reg.Get(*id);
              if (!res.ok()) return http::Error(res.status());
              auto grant = ctx.auth.BreakGlass(p, res->id, res->village_code, reason);
              if (!grant.ok()) return http::Error(grant.status());
              return http::Json(201, {{"grant_id", grant->id},
                                      {"resident_id", res->id},
                                      {"reason", grant->reason},
                                      {"expires_at", grant->expires_at},
                                      {"href", "/api/v1/residents/" + std::to_string(res->id)}});
            });

  guard.Add("GET", "/api/v1/residents/export", Permission::kResidentExport,
            [&ctx](Request& r, const auth::Principal& p) { return ExportResidents(ctx, r, p); });

  guard.Add("PATCH", "/api/v1/residents/{id}", Permission::kResidentWrite,
            [&ctx, &reg](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              ResidentWriter by = WriterFor(ctx, p);
              auto res = reg.Update(*id, *body, *version, &by);
              if (!res.ok()) return http::Error(res.status());
              return WithETag(http::Json(200, ResidentToJson(*res, &reg.codes(), false, Today())),
                              res->version);
            });

  guard.Add("POST", "/api/v1/residents/{id}/merge", Permission::kResidentMerge,
            [&ctx, &reg](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              FieldErrors errs;
              JsonFields f(*body, &errs);
              int64_t from = 0, keep_version = 0, from_version = 0;
              f.Int("merge_from", &from, true, 1);
              f.Int("version", &keep_version, true, 1);
              f.Int("merge_from_version", &from_version, true, 1);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("merge"));
              ResidentWriter by = WriterFor(ctx, p);
              auto out = reg.Merge(*id, from, keep_version, from_version, &by);
              if (!out.ok()) return http::Error(out.status());
              Date today = Today();
              return http::Json(200,
                                {{"kept", ResidentToJson(out->kept, &reg.codes(), false, today)},
                                 {"merged", Summary(out->merged, reg.codes(), today)}});
            });

  guard.Add(
      "GET", "/api/v1/duplicate-candidates", Permission::kResidentRead,
      [&ctx, &reg](Request& r, const auth::Principal& p) {
        if (Status s = OnlyParams(r, {"ou", "status", "page", "page_size"}); !s.ok()) {
          return http::Error(s);
        }
        auto paging = ReadPaging(r);
        if (!paging.ok()) return http::Error(paging.status());
        auto scoped = p.ViewRanges(*reg.org_units().tree(), r.Query("ou").value_or(""));
        if (!scoped.ok()) return http::Error(scoped.status());
        std::vector<std::pair<std::string, std::string>> ranges = std::move(*scoped);
        std::string status = r.Query("status").value_or("open");
        if (status != "open" && status != "merged" && status != "dismissed") {
          return http::Error(Status::InvalidField("status", "must be open, merged or dismissed"));
        }
        json items = json::array();
        bool has_more = false;
        Date today = Today();
        Status s = ctx.db.Read([&](storage::Connection& c) {
          auto list = resident_store::ListDuplicateCandidates(c, ranges, status, paging->page,
                                                              paging->page_size + 1);
          if (!list.ok()) return list.status();
          if (static_cast<int64_t>(list->size()) > paging->page_size) {
            has_more = true;
            list->pop_back();
          }
          for (const auto& d : *list) {
            auto a = resident_store::Get(c, d.resident_id);
            auto b = resident_store::Get(c, d.other_id);
            if (!a.ok()) return a.status();
            if (!b.ok()) return b.status();
            json j = {{"id", d.id},
                      {"reason", d.reason},
                      {"status", d.status},
                      {"detected_at", d.detected_at},
                      {"village_code", d.village_code}};
            j["resident"] = *a ? Summary(**a, reg.codes(), today) : json(nullptr);
            j["other"] = *b ? Summary(**b, reg.codes(), today) : json(nullptr);
            items.push_back(std::move(j));
          }
          return Status::Ok();
        });
        if (!s.ok()) return http::Error(s);
        return http::Json(200, PageJson(std::move(items), *paging, has_more));
      });

  guard.Add("POST", "/api/v1/duplicate-candidates/{id}/dismiss", Permission::kResidentMerge,
            [&ctx](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              Status s = ctx.db.Write([&](storage::Connection& c) {
                auto d = resident_store::GetDuplicateCandidate(c, *id);
                if (!d.ok()) return d.status();
                if (!*d || !p.Sees(*ctx.org_units.tree(), (*d)->village_code))
                  return Status::NotFound("duplicate candidate " + std::to_string(*id) +
                                          " does not exist");
                if (!p.Captures(*ctx.org_units.tree(), (*d)->village_code))
                  return Status::PermissionDenied(
                      "the candidate's village is outside your capture scope");
                if ((*d)->status != "open")
                  return Status::Conflict("candidate is already " + (*d)->status);
                return resident_store::SetDuplicateCandidateStatus(c, *id, "dismissed");
              });
              if (!s.ok()) return http::Error(s);
              return http::Json(200, {{"id", *id}, {"status", "dismissed"}});
            });
}

void RegisterAllRoutes(http::Router& router, const ApiContext& ctx) {
  RegisterSystemRoutes(router, ctx);
  RegisterAuthRoutes(router, ctx);
  RegisterUserRoutes(router, ctx);
  RegisterAuditRoutes(router, ctx);
  RegisterOrgUnitRoutes(router, ctx);
  RegisterResidentRoutes(router, ctx);
  RegisterFacilityRoutes(router, ctx);
  RegisterPractitionerRoutes(router, ctx);
  RegisterTeamRoutes(router, ctx);
  RegisterHouseholdRoutes(router, ctx);
  RegisterCareRoutes(router, ctx);
  RegisterWorklistRoutes(router, ctx);
  RegisterWorkpointRoutes(router, ctx);
  RegisterAnalyticsRoutes(router, ctx);
  RegisterReportRoutes(router, ctx);
}

}  // namespace yilian::api
