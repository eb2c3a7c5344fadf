#include "api/care_routes.h"

#include "api/guard.h"
#include "api/request_params.h"
#include "api/resident_access.h"
#include "catalogue/service_catalogue.h"
#include "catalogue/service_form.h"
#include "contract/contract_json.h"
#include "contract/contract_registry.h"
#include "core/embedded_data.h"
#include "core/json_fields.h"
#include "followup/followup_rules.h"
#include "followup/schedule.h"
#include "http/json_response.h"
#include "live/live_state.h"
#include "program/enrolment_json.h"
#include "program/enrolment_registry.h"
#include "resident/resident_store.h"
#include "service/service_json.h"
#include "service/service_registry.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

Response Created(json body, const std::string& location, int64_t version) {
  Response r = http::Json(201, body);
  r.headers.emplace_back("Location", location);
  return WithETag(std::move(r), version);
}

// Opens resident `id` for a read by p: the record, or the refusal (audited).
Result<Resident> OpenResident(const ApiContext& ctx, const auth::Principal& p, int64_t id,
                              const std::string& what, const std::string& resource) {
  auto r = ctx.residents.Get(id);
  if (!r.ok()) return r.status();
  auto access = CheckRead(ctx, p, *r, what);
  if (!access.ok()) return access.status();
  AuditRead(ctx, p, *r, *access, resource);
  return r;
}

// The same for a record already loaded with its resident.
Status OpenLoaded(const ApiContext& ctx, const auth::Principal& p, const Resident& r,
                  const std::string& what, const std::string& resource) {
  auto access = CheckRead(ctx, p, r, what);
  if (!access.ok()) return access.status();
  AuditRead(ctx, p, r, *access, resource);
  return Status::Ok();
}

// Who a listing names: {"resident_id", "resident_name", "record_no"}.
void AddResident(json& j, const Resident& r) {
  j["resident_name"] = r.name;
  j["record_no"] = r.record_no;
}

Result<Date> QueryDate(const Request& r, const char* name, Date fallback) {
  auto v = r.Query(name);
  if (!v) return fallback;
  auto d = Date::ParseIso(*v);
  if (!d) return Status::InvalidField(name, "must be a date YYYY-MM-DD");
  return *d;
}

std::optional<Date> BodyDate(JsonFields& f, const char* name, Date fallback) {
  Date d = fallback;
  f.DateField(name, &d);
  return d;
}

json DueItemJson(const DueItem& item, const ServiceCatalogue& cat, Date on) {
  auto opt = [](const std::optional<Date>& d) { return d ? json(d->ToIso()) : json(nullptr); };
  std::string status = DueStatus(item, on);
  const ServiceItem* s = cat.FindItem(item.service);
  int visits = 0;
  for (Date d : item.visits) visits += d.year() == on.year() ? 1 : 0;
  return {{"kind", item.kind},
          {"service_code", item.service},
          {"service_name", s ? s->name : item.service},
          {"label", item.label},
          {"window_start", item.window_start.ToIso()},
          {"due_date", item.due_date.ToIso()},
          {"superseded_on", opt(item.superseded_on)},
          {"last_visit", opt(item.last_visit)},
          {"visits_this_year", visits},
          {"alerts", item.alerts},
          {"enrolment_id", item.enrolment_id ? json(*item.enrolment_id) : json(nullptr)},
          {"status", status},
          {"overdue_days", status == "overdue" ? on.days() - item.due_date.days() : 0}};
}

json ItemJson(const ServiceItem& it, const ServiceCatalogue& cat) {
  json fields = json::array();
  static const char* kTypes[] = {"int", "decimal", "code", "bool", "date", "text", "list"};
  if (const ServiceForm* form = cat.FindForm(it.form)) {
    for (const auto& f : form->fields) {
      bool required =
          f.required || std::find(it.require.begin(), it.require.end(), f.name) != it.require.end();
      json jf = {{"name", f.name},
                 {"type", kTypes[static_cast<int>(f.type)]},
                 {"label", f.label},
                 {"required", required}};
      if (!f.unit.empty()) jf["unit"] = f.unit;
      if (!f.code_set.empty()) jf["code_set"] = f.code_set;
      if (f.min) jf["min"] = *f.min;
      if (f.max) jf["max"] = *f.max;
      if (f.type == FieldType::kText || f.type == FieldType::kList) jf["max_len"] = f.max_len;
      fields.push_back(std::move(jf));
    }
  }
  json j = {{"code", it.code},
            {"name", it.name},
            {"name_en", it.name_en},
            {"category", it.category},
            {"form", it.form},
            {"points", static_cast<double>(it.points_centi) / 100.0},
            {"program", it.program.empty() ? json(nullptr) : json(it.program)},
            {"fields", fields}};
  if (!it.sex.empty()) j["sex"] = it.sex;
  if (it.min_age_years) j["min_age_years"] = *it.min_age_years;
  if (it.max_age_years) j["max_age_years"] = *it.max_age_years;
  if (it.max_age_days) j["max_age_days"] = *it.max_age_days;
  return j;
}

}  // namespace

void RegisterCareRoutes(http::Router& router, const ApiContext& ctx) {
  if (!ctx.care) return;
  const CareServices& care = *ctx.care;
  GuardedRouter guard(router, ctx);
  using auth::Permission;

  // ---- catalogue -------------------------------------------------------
  guard.Add("GET", "/api/v1/service-items", Permission::kRegistryRead, [&care](Request&) {
    json items = json::array();
    for (const auto& it : care.catalogue.items()) items.push_back(ItemJson(it, care.catalogue));
    return http::Json(200, {{"version", care.catalogue.version()}, {"items", items}});
  });
  guard.Add("GET", "/api/v1/service-packages", Permission::kRegistryRead, [&care](Request&) {
    json items = json::array();
    for (const auto& p : care.catalogue.packages()) {
      json services = json::array();
      for (const auto& s : p.services) {
        const ServiceItem* it = care.catalogue.FindItem(s.service);
        services.push_back({{"service_code", s.service},
                            {"service_name", it ? it->name : ""},
                            {"times", s.times}});
      }
      items.push_back({{"code", p.code},
                       {"name", p.name},
                       {"name_en", p.name_en},
                       {"fee_yuan", static_cast<double>(p.fee_cents) / 100.0},
                       {"for", p.for_population.empty() ? json(nullptr) : json(p.for_population)},
                       {"services", services}});
    }
    return http::Json(200, {{"version", care.catalogue.version()}, {"items", items}});
  });
  guard.Add("GET", "/api/v1/follow-up-rules", Permission::kRegistryRead, [](Request&) {
    auto f = FindEmbeddedFile("rules/followup.json");
    return http::Json(200, json::parse(*f));
  });

  // ---- enrolments ------------------------------------------------------
  guard.Add("POST", "/api/v1/enrolments", Permission::kResidentWrite,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              Enrolment e;
              FieldErrors errs;
              EnrolmentFromJson(*body, &e, &errs, Today());
              if (!errs.empty()) return http::Error(errs.ToStatus("enrolment"));
              ResidentWriter by = WriterFor(ctx, p);
              auto made = care.enrolments.Enrol(e, &by);
              if (!made.ok()) return http::Error(made.status());
              return Created(EnrolmentToJson(*made, &ctx.codes, Today()),
                             "/api/v1/enrolments/" + std::to_string(made->id), made->version);
            });
  guard.Add("GET", "/api/v1/enrolments/{id}", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto got = care.enrolments.Get(*id);
              if (!got.ok()) return http::Error(got.status());
              if (Status s = OpenLoaded(ctx, p, got->second, "GET " + r.path, "enrolment");
                  !s.ok()) {
                return http::Error(s);
              }
              json j = EnrolmentToJson(got->first, &ctx.codes, Today());
              AddResident(j, got->second);
              return WithETag(http::Json(200, j), got->first.version);
            });
  guard.Add("POST", "/api/v1/enrolments/{id}/discharge", Permission::kResidentWrite,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              FieldErrors errs;
              JsonFields f(*body, &errs);
              f.Ignore("version");
              DischargeRequest d;
              d.expected_version = *version;
              d.date = *BodyDate(f, "date", Today());
              f.Str("reason", &d.reason, true, 30);
              f.OptDate("delivery_date", &d.delivery_date);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("discharge"));
              ResidentWriter by = WriterFor(ctx, p);
              auto e = care.enrolments.Discharge(*id, d, &by);
              if (!e.ok()) return http::Error(e.status());
              return WithETag(http::Json(200, EnrolmentToJson(*e, &ctx.codes, Today())),
                              e->version);
            });
  guard.Add("GET", "/api/v1/residents/{id}/enrolments", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto res = OpenResident(ctx, p, *id, "GET " + r.path, "enrolment");
              if (!res.ok()) return http::Error(res.status());
              auto list = care.enrolments.ForResident(*id);
              if (!list.ok()) return http::Error(list.status());
              json items = json::array();
              for (const auto& e : *list) items.push_back(EnrolmentToJson(e, &ctx.codes, Today()));
              return http::Json(200, {{"items", items}});
            });
  guard.Add("GET", "/api/v1/enrolments", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"ou", "program", "open", "page", "page_size"}); !s.ok())
                return http::Error(s);
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto ranges = p.ViewRanges(*ctx.org_units.tree(), r.Query("ou").value_or(""));
              if (!ranges.ok()) return http::Error(ranges.status());
              enrolment_store::Query q;
              q.ranges = std::move(*ranges);
              q.program = r.Query("program").value_or("");
              if (!q.program.empty() && !ctx.codes.Find("program")->Contains(q.program))
                return http::Error(ctx.codes.CheckCode("program", q.program, "program"));
              std::string open = r.Query("open").value_or("false");
              if (open != "true" && open != "false")
                return http::Error(Status::InvalidField("open", "must be true or false"));
              q.open_only = open == "true";
              q.page = paging->page;
              q.page_size = paging->page_size;
              auto page = care.enrolments.List(q);
              if (!page.ok()) return http::Error(page.status());
              json items = json::array(), ids = json::array();
              Status s = ctx.db.Read([&](storage::Connection& c) {
                for (const auto& e : page->items) {
                  json j = EnrolmentToJson(e, &ctx.codes, Today());
                  auto res = resident_store::Get(c, e.resident_id);
                  if (!res.ok()) return res.status();
                  if (*res) AddResident(j, **res);
                  items.push_back(std::move(j));
                  ids.push_back(e.resident_id);
                }
                return Status::Ok();
              });
              if (!s.ok()) return http::Error(s);
              AuditSearch(ctx, p, r, std::move(ids));
              return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
            });

  // ---- contracts ------------------------------------------------------
  auto contract_json = [&ctx, &care](const ContractView& v) {
    json j = ContractToJson(v.contract, &care.catalogue, &ctx.codes, Today(), v.fulfilment);
    AddResident(j, v.resident);
    return j;
  };
  guard.Add("POST", "/api/v1/contracts", Permission::kResidentWrite,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              Contract k;
              FieldErrors errs;
              ContractFromJson(*body, &k, &errs, Today());
              if (!errs.empty()) return http::Error(errs.ToStatus("contract"));
              ResidentWriter by = WriterFor(ctx, p);
              auto made = care.contracts.Sign(k, &by);
              if (!made.ok()) return http::Error(made.status());
              auto view = care.contracts.Get(made->id, Today());
              if (!view.ok()) return http::Error(view.status());
              return Created(contract_json(*view), "/api/v1/contracts/" + std::to_string(made->id),
                             made->version);
            });
  guard.Add("POST", "/api/v1/contracts/household", Permission::kResidentWrite,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              HouseholdSigning h;
              FieldErrors errs;
              JsonFields f(*body, &errs);
              f.Int("household_id", &h.household_id, true, 1);
              f.Int("team_id", &h.terms.team_id, true, 1);
              f.Int("doctor_id", &h.terms.doctor_id, true, 1);
              f.StrList("packages", &h.terms.packages, 12, 40);
              if (!f.Has("packages"))
                errs.Add("packages", "is required: at least one service package");
              f.Str("signing_method", &h.terms.signing_method, true, 30);
              h.terms.signed_on = *BodyDate(f, "signed_on", Today());
              h.terms.start_date = *BodyDate(f, "start_date", h.terms.signed_on);
              f.Bool("add_key_packages", &h.add_key_packages);
              f.Bool("valid_only", &h.valid_only);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("household signing"));
              ResidentWriter by = WriterFor(ctx, p);
              auto out = care.contracts.SignHousehold(h, &by);
              if (!out.ok()) return http::Error(out.status());
              json members = json::array();
              int signed_count = 0, skipped = 0, refused = 0;
              for (const auto& m : *out) {
                json j = {{"resident_id", m.resident_id}, {"name", m.name}};
                if (m.contract) {
                  ++signed_count;
                  j["outcome"] = "signed";
                  j["contract"] = ContractToJson(*m.contract, &care.catalogue, &ctx.codes, Today());
                } else {
                  m.skipped ? ++skipped : ++refused;
                  j["outcome"] = m.skipped ? "skipped" : "refused";
                  json fields = json::array();
                  for (const auto& fe : m.status.fields())
                    fields.push_back({{"field", fe.field}, {"reason", fe.reason}});
                  j["error"] = {{"code", m.status.CodeName()},
                                {"message", m.status.message()},
                                {"fields", fields}};
                }
                members.push_back(std::move(j));
              }
              return http::Json(signed_count > 0 ? 201 : 200, {{"household_id", h.household_id},
                                                               {"signed", signed_count},
                                                               {"skipped", skipped},
                                                               {"refused", refused},
                                                               {"members", members}});
            });
  guard.Add("GET", "/api/v1/contracts/{id}", Permission::kResidentRead,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto on = QueryDate(r, "on", Today());
              if (!on.ok()) return http::Error(on.status());
              auto view = care.contracts.Get(*id, *on);
              if (!view.ok()) return http::Error(view.status());
              if (Status s = OpenLoaded(ctx, p, view->resident, "GET " + r.path, "contract");
                  !s.ok()) {
                return http::Error(s);
              }
              return WithETag(http::Json(200, contract_json(*view)), view->contract.version);
            });
  guard.Add("POST", "/api/v1/contracts/{id}/renew", Permission::kResidentWrite,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              Renewal rn;
              FieldErrors errs;
              JsonFields f(*body, &errs);
              rn.signed_on = *BodyDate(f, "signed_on", Today());
              f.Str("signing_method", &rn.signing_method, true, 30);
              f.StrList("packages", &rn.packages, 12, 40);
              f.OptInt("doctor_id", &rn.doctor_id, 1);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("renewal"));
              ResidentWriter by = WriterFor(ctx, p);
              auto made = care.contracts.Renew(*id, rn, &by);
              if (!made.ok()) return http::Error(made.status());
              auto view = care.contracts.Get(made->id, Today());
              if (!view.ok()) return http::Error(view.status());
              return Created(contract_json(*view), "/api/v1/contracts/" + std::to_string(made->id),
                             made->version);
            });
  guard.Add("POST", "/api/v1/contracts/{id}/terminate", Permission::kResidentWrite,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              Termination t;
              t.expected_version = *version;
              FieldErrors errs;
              JsonFields f(*body, &errs);
              f.Ignore("version");
              t.date = *BodyDate(f, "date", Today());
              f.Str("reason", &t.reason, true, 30);
              f.Str("note", &t.note, false, 200);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("termination"));
              ResidentWriter by = WriterFor(ctx, p);
              auto k = care.contracts.Terminate(*id, t, &by);
              if (!k.ok()) return http::Error(k.status());
              auto view = care.contracts.Get(k->id, Today());
              if (!view.ok()) return http::Error(view.status());
              return WithETag(http::Json(200, contract_json(*view)), k->version);
            });
  guard.Add("POST", "/api/v1/contracts/{id}/change-team", Permission::kResidentWrite,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              TeamChange t;
              t.expected_version = *version;
              FieldErrors errs;
              JsonFields f(*body, &errs);
              f.Ignore("version");
              t.date = *BodyDate(f, "date", Today());
              f.Int("team_id", &t.team_id, true, 1);
              f.Int("doctor_id", &t.doctor_id, true, 1);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("team change"));
              ResidentWriter by = WriterFor(ctx, p);
              auto made = care.contracts.ChangeTeam(*id, t, &by);
              if (!made.ok()) return http::Error(made.status());
              auto view = care.contracts.Get(made->id, Today());
              if (!view.ok()) return http::Error(view.status());
              return Created(contract_json(*view), "/api/v1/contracts/" + std::to_string(made->id),
                             made->version);
            });
  guard.Add("GET", "/api/v1/residents/{id}/contracts", Permission::kResidentRead,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto res = OpenResident(ctx, p, *id, "GET " + r.path, "contract");
              if (!res.ok()) return http::Error(res.status());
              auto list = care.contracts.ForResident(*id, Today());
              if (!list.ok()) return http::Error(list.status());
              json items = json::array();
              for (const auto& v : *list) items.push_back(contract_json(v));
              return http::Json(200, {{"items", items}});
            });
  guard.Add("GET", "/api/v1/contracts", Permission::kResidentRead,
            [&ctx, &care, contract_json](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(
                      r, {"ou", "team_id", "doctor_id", "in_force_on", "page", "page_size"});
                  !s.ok()) {
                return http::Error(s);
              }
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto ranges = p.ViewRanges(*ctx.org_units.tree(), r.Query("ou").value_or(""));
              if (!ranges.ok()) return http::Error(ranges.status());
              contract_store::Query q;
              q.ranges = std::move(*ranges);
              if (r.Query("team_id")) {
                auto t = QueryInt(r, "team_id", 0, 1, INT64_MAX);
                if (!t.ok()) return http::Error(t.status());
                q.team_id = *t;
              }
              if (r.Query("doctor_id")) {
                auto d = QueryInt(r, "doctor_id", 0, 1, INT64_MAX);
                if (!d.ok()) return http::Error(d.status());
                q.doctor_id = *d;
              }
              if (r.Query("in_force_on")) {
                auto d = QueryDate(r, "in_force_on", Today());
                if (!d.ok()) return http::Error(d.status());
                q.in_force_on = *d;
              }
              q.page = paging->page;
              q.page_size = paging->page_size;
              auto page = care.contracts.List(q, Today());
              if (!page.ok()) return http::Error(page.status());
              json items = json::array(), ids = json::array();
              for (const auto& v : page->first) {
                items.push_back(contract_json(v));
                ids.push_back(v.resident.id);
              }
              AuditSearch(ctx, p, r, std::move(ids));
              return http::Json(200, PageJson(std::move(items), *paging, page->second));
            });

  // ---- services -------------------------------------------------------
  auto read_service = [&care, &ctx](const json& body, ServiceRecord* s, json* data) {
    FieldErrors errs;
    ServiceFromJson(body, s, data, &errs, Today());
    // With faults in the record itself, the form's faults are reported too,
    // so one answer names every bad field.
    if (!errs.empty()) {
      if (const ServiceItem* item = care.catalogue.FindItem(s->service_code)) {
        ReadFormData(*care.catalogue.FindForm(item->form), item->require, *data, ctx.codes, &errs);
      }
    }
    return errs.ToStatus("service record");
  };
  guard.Add("POST", "/api/v1/services", Permission::kResidentWrite,
            [&ctx, &care, read_service](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              ServiceRecord s;
              json data;
              if (Status st = read_service(*body, &s, &data); !st.ok()) return http::Error(st);
              ResidentWriter by = WriterFor(ctx, p);
              auto made = care.services.Record(s, data, &by);
              if (!made.ok()) return http::Error(made.status());
              json j = ServiceToJson(*made, &care.catalogue);
              json due = json::array();
              care.live.Read([&](const live::Aggregates& a) {
                for (const auto& item : a.worklist.ItemsOf(made->resident_id))
                  due.push_back(DueItemJson(item, care.catalogue, Today()));
                return 0;
              });
              j["due"] = due;
              return Created(j, "/api/v1/services/" + std::to_string(made->id), made->version);
            });
  guard.Add("POST", "/api/v1/services/preview", Permission::kResidentWrite,
            [&ctx, &care, read_service](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              ServiceRecord s;
              json data;
              if (Status st = read_service(*body, &s, &data); !st.ok()) return http::Error(st);
              ResidentWriter by = WriterFor(ctx, p);
              auto pv = care.services.Preview(s, data, &by);
              if (!pv.ok()) return http::Error(pv.status());
              json j = ServiceToJson(pv->record, &care.catalogue);
              json due = json::array();
              for (const auto& item : pv->due)
                due.push_back(DueItemJson(item, care.catalogue, Today()));
              j["due"] = due;
              return http::Json(200, j);
            });
  guard.Add("GET", "/api/v1/services/{id}", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto got = care.services.Get(*id);
              if (!got.ok()) return http::Error(got.status());
              if (Status s = OpenLoaded(ctx, p, got->second, "GET " + r.path, "service_record");
                  !s.ok()) {
                return http::Error(s);
              }
              json j = ServiceToJson(got->first, &care.catalogue);
              AddResident(j, got->second);
              return WithETag(http::Json(200, j), got->first.version);
            });
  guard.Add("POST", "/api/v1/services/{id}/void", Permission::kResidentWrite,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              FieldErrors errs;
              JsonFields f(*body, &errs);
              f.Ignore("version");
              std::string reason;
              f.Str("reason", &reason, true, 200);
              f.Finish();
              if (!errs.empty()) return http::Error(errs.ToStatus("void"));
              ResidentWriter by = WriterFor(ctx, p);
              auto s = care.services.Void(*id, reason, *version, &by);
              if (!s.ok()) return http::Error(s.status());
              return WithETag(http::Json(200, ServiceToJson(*s, &care.catalogue)), s->version);
            });
  guard.Add("GET", "/api/v1/residents/{id}/services", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto res = OpenResident(ctx, p, *id, "GET " + r.path, "service_record");
              if (!res.ok()) return http::Error(res.status());
              auto list = care.services.ForResident(*id);
              if (!list.ok()) return http::Error(list.status());
              json items = json::array();
              // Newest first, as a timeline reads.
              for (auto it = list->rbegin(); it != list->rend(); ++it)
                items.push_back(ServiceToJson(*it, &care.catalogue));
              return http::Json(200, {{"items", items}});
            });
  guard.Add("GET", "/api/v1/residents/{id}/schedule", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto on = QueryDate(r, "on", Today());
              if (!on.ok()) return http::Error(on.status());
              auto res = OpenResident(ctx, p, *id, "GET " + r.path, "schedule");
              if (!res.ok()) return http::Error(res.status());
              json items = json::array();
              care.live.Read([&](const live::Aggregates& a) {
                for (const auto& item : a.worklist.ItemsOf(*id)) {
                  if (DueStatus(item, *on) != "superseded")
                    items.push_back(DueItemJson(item, care.catalogue, *on));
                }
                return 0;
              });
              return http::Json(200, {{"resident_id", *id}, {"on", on->ToIso()}, {"items", items}});
            });
  guard.Add("GET", "/api/v1/services", Permission::kResidentRead,
            [&ctx, &care](Request& r, const auth::Principal& p) {
              if (Status s = OnlyParams(r, {"ou", "practitioner_id", "service_code", "from", "to",
                                            "include_voided", "page", "page_size"});
                  !s.ok()) {
                return http::Error(s);
              }
              auto paging = ReadPaging(r);
              if (!paging.ok()) return http::Error(paging.status());
              auto ranges = p.ViewRanges(*ctx.org_units.tree(), r.Query("ou").value_or(""));
              if (!ranges.ok()) return http::Error(ranges.status());
              service_store::Query q;
              q.ranges = std::move(*ranges);
              if (r.Query("practitioner_id")) {
                auto v = QueryInt(r, "practitioner_id", 0, 1, INT64_MAX);
                if (!v.ok()) return http::Error(v.status());
                q.practitioner_id = *v;
              }
              q.service_code = r.Query("service_code").value_or("");
              if (!q.service_code.empty() && !care.catalogue.FindItem(q.service_code))
                return http::Error(Status::InvalidField("service_code", "no such service item"));
              for (const char* name : {"from", "to"}) {
                if (!r.Query(name)) continue;
                auto d = QueryDate(r, name, Today());
                if (!d.ok()) return http::Error(d.status());
                (std::string(name) == "from" ? q.from : q.to) = *d;
              }
              q.include_voided = r.Query("include_voided").value_or("false") == "true";
              q.page = paging->page;
              q.page_size = paging->page_size;
              auto page = care.services.List(q);
              if (!page.ok()) return http::Error(page.status());
              json items = json::array(), ids = json::array();
              Status s = ctx.db.Read([&](storage::Connection& c) {
                for (const auto& sr : page->items) {
                  json j = ServiceToJson(sr, &care.catalogue);
                  auto res = resident_store::Get(c, sr.resident_id);
                  if (!res.ok()) return res.status();
                  if (*res) AddResident(j, **res);
                  items.push_back(std::move(j));
                  ids.push_back(sr.resident_id);
                }
                return Status::Ok();
              });
              if (!s.ok()) return http::Error(s);
              AuditSearch(ctx, p, r, std::move(ids));
              return http::Json(200, PageJson(std::move(items), *paging, page->has_more));
            });
}

}  // namespace yilian::api
