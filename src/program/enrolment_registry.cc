#include "program/enrolment_registry.h"

#include "audit/audit_store.h"
#include "care/care_write.h"
#include "live/facts_tracker.h"
#include "program/enrolment_json.h"
#include "program/enrolment_rules.h"
#include "resident/resident_store.h"

namespace yilian {

Result<Enrolment> EnrolmentRegistry::EnrolIn(storage::Connection& c, Enrolment e,
                                             const CodeSets& codes, Date today,
                                             const ResidentWriter* by) {
  auto r = care::ResidentForWrite(c, e.resident_id, by);
  if (!r.ok()) return r.status();
  auto existing = enrolment_store::ForResident(c, e.resident_id);
  if (!existing.ok()) return existing.status();
  e.id = 0;
  e.discharged_on.reset();
  e.discharge_reason.clear();
  e.village_code = r->village_code;
  YILIAN_RETURN_IF_ERROR(CheckNewEnrolment(e, *r, *existing, codes, today));
  if (e.facility_id > 0) {
    auto st = c.Prepare("SELECT 1 FROM facilities WHERE id = ?");
    if (!st.ok()) return st.status();
    storage::Bind(**st, e.facility_id);
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    (*st)->Reset();
    if (!*row) {
      return Status::InvalidField("facility_id",
                                  "facility " + std::to_string(e.facility_id) + " does not exist");
    }
  }
  YILIAN_RETURN_IF_ERROR(enrolment_store::Insert(c, e));
  if (by) {
    auto ev = care::CareEvent(*by, "create", "enrolment", e.id, *r);
    ev.detail = EnrolmentToJson(e, nullptr, today);
    YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
  }
  return e;
}

Result<Enrolment> EnrolmentRegistry::Enrol(Enrolment e, const ResidentWriter* by) {
  std::optional<Enrolment> out;
  live::FactsTracker tracker(live_);
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, e.resident_id));
    auto made = EnrolIn(c, e, codes_, Today(), by);
    if (!made.ok()) return made.status();
    out = std::move(*made);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<Enrolment> EnrolmentRegistry::Discharge(int64_t id, const DischargeRequest& d,
                                               const ResidentWriter* by) {
  std::optional<Enrolment> out;
  live::FactsTracker tracker(live_);
  Date today = Today();
  Status s = db_.Write([&](storage::Connection& c) {
    auto got = enrolment_store::Get(c, id);
    if (!got.ok()) return got.status();
    if (!*got) return Status::NotFound("enrolment " + std::to_string(id) + " does not exist");
    Enrolment e = std::move(**got);
    auto r = care::ResidentForWrite(c, e.resident_id, by);
    if (!r.ok()) return r.status();
    if (e.version != d.expected_version) {
      return Status::PreconditionFailed(
          "enrolment " + std::to_string(id) + " is at version " + std::to_string(e.version) +
          ", not " + std::to_string(d.expected_version) + ": someone changed it; reload and retry");
    }
    YILIAN_RETURN_IF_ERROR(CheckDischarge(e, d.date, d.reason, d.delivery_date, codes_, today));
    YILIAN_RETURN_IF_ERROR(tracker.Touch(c, e.resident_id));
    auto before = EnrolmentToJson(e, nullptr, today);
    e.discharged_on = d.date;
    e.discharge_reason = d.reason;
    e.delivery_date = d.delivery_date;
    YILIAN_RETURN_IF_ERROR(enrolment_store::Update(c, e));
    if (by) {
      auto ev = care::CareEvent(*by, "update", "enrolment", e.id, *r);
      ev.changes = audit::FieldChanges(before, EnrolmentToJson(e, nullptr, today),
                                       {"version", "updated_at", "active"});
      YILIAN_RETURN_IF_ERROR(audit_store::Append(c, ev));
    }
    out = std::move(e);
    return tracker.Capture(c);
  });
  if (!s.ok()) return s;
  tracker.Publish();
  return std::move(*out);
}

Result<std::pair<Enrolment, Resident>> EnrolmentRegistry::Get(int64_t id) {
  std::optional<std::pair<Enrolment, Resident>> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto e = enrolment_store::Get(c, id);
    if (!e.ok()) return e.status();
    if (!*e) return Status::NotFound("enrolment " + std::to_string(id) + " does not exist");
    auto r = resident_store::Get(c, (*e)->resident_id);
    if (!r.ok()) return r.status();
    if (!*r)
      return Status::NotFound("the resident of enrolment " + std::to_string(id) + " is gone");
    out.emplace(std::move(**e), std::move(**r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

Result<std::vector<Enrolment>> EnrolmentRegistry::ForResident(int64_t resident_id) {
  std::vector<Enrolment> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto e = enrolment_store::ForResident(c, resident_id);
    if (!e.ok()) return e.status();
    out = std::move(*e);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<enrolment_store::Page> EnrolmentRegistry::List(const enrolment_store::Query& q) {
  std::optional<enrolment_store::Page> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto p = enrolment_store::List(c, q);
    if (!p.ok()) return p.status();
    out = std::move(*p);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

}  // namespace yilian
