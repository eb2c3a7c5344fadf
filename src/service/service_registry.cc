#include "service/service_registry.h"

#include "audit/audit_store.h"
#include "care/care_write.h"
#include "contract/contract_store.h"
#include "core/json_fields.h"
#include "followup/worklist.h"
#include "live/facts_tracker.h"
#include "practitioner/practitioner_store.h"
#include "program/enrolment_store.h"
#include "resident/resident_store.h"
#include "service/service_json.h"
#include "service/service_rules.h"

namespace yilian {
namespace {

// Checks `s` inside the transaction: loads what the rules look at.
Status Check(storage::Connection& c, ServiceRecord& s, const nlohmann::json& data,
             const Resident& r, const ServiceCatalogue& catalogue, const FollowUpRules& rules,
             const CodeSets& codes, Date today) {
  ServiceContext ctx;
  ctx.resident = &r;
  std::optional<Practitioner> p;
  if (s.practitioner_id > 0) {
    auto got = practitioner_store::Get(c, s.practitioner_id);
    if (!got.ok()) return got.status();
    p = std::move(*got);
    if (p) {
      auto teams = practitioner_store::ActiveTeamsOf(c, p->id);
      if (!teams.ok()) return teams.status();
      ctx.practitioner_teams = std::move(*teams);
    }
  }
  ctx.practitioner = p ? &*p : nullptr;
  auto enrolments = enrolment_store::ForResident(c, r.id);
  if (!enrolments.ok()) return enrolments.status();
  ctx.enrolments = std::move(*enrolments);
  auto contracts = contract_store::ForResident(c, r.id);
  if (!contracts.ok()) return contracts.status();
  ctx.contracts = std::move(*contracts);
  auto same = service_store::SameDay(c, r.id, s.service_code, s.service_date);
  if (!same.ok()) return same.status();
  ctx.same_day_record = *same;
  s.village_code = r.village_code;
  return CheckServiceRecord(s, data, ctx, catalogue, rules, codes, today);
}

}  // namespace

Result<ServiceRecord> ServiceRegistry::RecordIn(storage::Connection& c, ServiceRecord s,
                                                const nlohmann::json& data,
                                                const ServiceCatalogue& catalogue,
                                                const FollowUpRules& rules, const CodeSets& codes,
                                                Date today, const ResidentWriter* by) {
  auto r = care::ResidentForWrite(c, s.resident_id, by);
  if (!r.ok()) return r.status();
  s.id = 0;
  s.status = "valid";
  s.void_reason.clear();
  if (by && by->actor.user_id) s.recorded_by = *by->actor.user_id;
  YILIAN_RETURN_IF_ERROR(Check(c, s, data, *r, catalogue, rules, codes, today));
  YILIAN_RETURN_IF_ERROR(service_store::Insert(c, s));
  if (by) {
    auto ev = care::CareEvent(*by, "create", "service_record", s.id, *r);
    ev.detail = {{"service_code", s.service_code},
                 {"service_date", s.service_date.ToIso()},
                 {"points", static_cast<double>(s.points_centi) / 100.0}};
    YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
  }
  return s;
}

Result<ServiceRecord> ServiceRegistry::Record(ServiceRecord s, const nlohmann::json& data,
                                              const ResidentWriter* by) {
  std::optional<ServiceRecord> out;
  live::FactsTracker tracker(live_);
  Status st = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, s.resident_id));
    auto made = RecordIn(c, s, data, catalogue_, rules_, codes_, Today(), by);
    if (!made.ok()) return made.status();
    out = std::move(*made);
    return tracker.Capture(c);
  });
  if (!st.ok()) return st;
  tracker.Publish();
  return std::move(*out);
}

Result<ServicePreview> ServiceRegistry::Preview(ServiceRecord s, const nlohmann::json& data,
                                                const ResidentWriter* by) {
  std::optional<ServicePreview> out;
  Date today = Today();
  Status st = db_.Read([&](storage::Connection& c) {
    auto r = care::ResidentForWrite(c, s.resident_id, by);
    if (!r.ok()) return r.status();
    YILIAN_RETURN_IF_ERROR(Check(c, s, data, *r, catalogue_, rules_, codes_, today));
    auto facts = live::LoadFacts(c, r->id);
    if (!facts.ok()) return facts.status();
    facts->services.push_back(live::ServiceFact::Of(s));
    ServicePreview p;
    p.due = ComputeDue(rules_, ScheduleInputOf(*facts), today);
    p.record = std::move(s);
    out = std::move(p);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<ServiceRecord> ServiceRegistry::Void(int64_t id, const std::string& reason,
                                            int64_t expected_version, const ResidentWriter* by) {
  std::optional<ServiceRecord> out;
  live::FactsTracker tracker(live_);
  Status st = db_.Write([&](storage::Connection& c) {
    auto got = service_store::Get(c, id);
    if (!got.ok()) return got.status();
    if (!*got) return Status::NotFound("service record " + std::to_string(id) + " does not exist");
    ServiceRecord s = std::move(**got);
    auto r = care::ResidentForWrite(c, s.resident_id, by);
    if (!r.ok()) return r.status();
    if (s.version != expected_version) {
      return Status::PreconditionFailed("service record " + std::to_string(id) + " is at version " +
                                        std::to_string(s.version) + ", not " +
                                        std::to_string(expected_version) + "; reload and retry");
    }
    if (!s.valid())
      return Status::Conflict("service record " + std::to_string(id) + " is voided already");
    std::string why = TrimText(reason);
    if (why.size() < 2 || Utf8Length(why) > 200 || !IsCleanUtf8Text(why)) {
      return Status::InvalidField("reason", "say why the record is voided (2 to 200 characters)");
    }
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, s.resident_id));
    s.status = "voided";
    s.void_reason = why;
    YILIAN_RETURN_IF_ERROR(service_store::Void(c, s));
    if (by) {
      auto ev = care::CareEvent(*by, "update", "service_record", s.id, *r);
      ev.changes = {{"status", {"valid", "voided"}}};
      ev.reason = why;
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
    }
    out = std::move(s);
    return tracker.Capture(c);
  });
  if (!st.ok()) return st;
  tracker.Publish();
  return std::move(*out);
}

Result<std::pair<ServiceRecord, Resident>> ServiceRegistry::Get(int64_t id) {
  std::optional<std::pair<ServiceRecord, Resident>> out;
  Status st = db_.Read([&](storage::Connection& c) {
    auto s = service_store::Get(c, id);
    if (!s.ok()) return s.status();
    if (!*s) return Status::NotFound("service record " + std::to_string(id) + " does not exist");
    auto r = resident_store::Get(c, (*s)->resident_id);
    if (!r.ok()) return r.status();
    if (!*r)
      return Status::NotFound("the resident of service record " + std::to_string(id) + " is gone");
    out.emplace(std::move(**s), std::move(**r));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

Result<std::vector<ServiceRecord>> ServiceRegistry::ForResident(int64_t resident_id) {
  std::vector<ServiceRecord> out;
  Status st = db_.Read([&](storage::Connection& c) {
    auto s = service_store::ForResident(c, resident_id);
    if (!s.ok()) return s.status();
    out = std::move(*s);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<service_store::Page> ServiceRegistry::List(const service_store::Query& q) {
  std::optional<service_store::Page> out;
  Status st = db_.Read([&](storage::Connection& c) {
    auto p = service_store::List(c, q);
    if (!p.ok()) return p.status();
    out = std::move(*p);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::move(*out);
}

}  // namespace yilian
