#include "service/service_import_writer.h"

#include "contract/contract_store.h"
#include "practitioner/practitioner_store.h"
#include "program/enrolment_store.h"
#include "resident/resident_store.h"
#include "service/service_rules.h"
#include "service/service_store.h"
#include "storage/rows.h"

namespace yilian {

Result<int64_t> ServiceImportWriter::ResidentId(storage::Connection& c, const PreparedService& p) {
  if (p.record_no.empty()) return p.record.resident_id;
  if (current_ && current_->resident.record_no == p.record_no) return current_->resident.id;
  if (auto it = ids_by_record_no_.find(p.record_no); it != ids_by_record_no_.end())
    return it->second;
  auto r = resident_store::FindByRecordNo(c, p.record_no);
  if (!r.ok()) return r.status();
  if (!*r) return Status::InvalidField("record_no", "no health record " + p.record_no);
  int64_t id = (*r)->id;
  // A merged record's number leads to the surviving record.
  for (int hops = 0; hops < 5 && (*r)->status == "merged" && (*r)->merged_into; ++hops) {
    id = *(*r)->merged_into;
    r = resident_store::Get(c, id);
    if (!r.ok()) return r.status();
    if (!*r) break;
  }
  ids_by_record_no_.clear();
  ids_by_record_no_[p.record_no] = id;
  return id;
}

Status ServiceImportWriter::LoadResident(storage::Connection& c, int64_t id) {
  if (current_ && current_->resident.id == id) return Status::Ok();
  current_.reset();
  auto r = resident_store::Get(c, id);
  if (!r.ok()) return r.status();
  if (!*r)
    return Status::InvalidField("resident_id",
                                "health record " + std::to_string(id) + " does not exist");
  ResidentContext ctx;
  ctx.resident = std::move(**r);
  auto e = enrolment_store::ForResident(c, id);
  if (!e.ok()) return e.status();
  ctx.enrolments = std::move(*e);
  auto k = contract_store::ForResident(c, id);
  if (!k.ok()) return k.status();
  ctx.contracts = std::move(*k);
  auto st = c.Prepare(
      "SELECT service_code, service_date, id FROM service_records WHERE resident_id = ? AND "
      "status = 'valid'");
  if (!st.ok()) return st.status();
  storage::Bind(**st, id);
  while (true) {
    auto row = (*st)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto day = Date::ParseIso((*st)->Text(1));
    if (day) ctx.same_day[{std::string((*st)->Text(0)), day->days()}] = (*st)->Int(2);
  }
  current_ = std::move(ctx);
  return Status::Ok();
}

Result<const ServiceImportWriter::PractitionerContext*> ServiceImportWriter::PractitionerOf(
    storage::Connection& c, int64_t id) {
  auto it = practitioners_.find(id);
  if (it != practitioners_.end()) return &it->second;
  PractitionerContext p;
  if (id > 0) {
    auto got = practitioner_store::Get(c, id);
    if (!got.ok()) return got.status();
    p.practitioner = std::move(*got);
    if (p.practitioner) {
      auto teams = practitioner_store::ActiveTeamsOf(c, id);
      if (!teams.ok()) return teams.status();
      p.teams = std::move(*teams);
    }
  }
  return &practitioners_.emplace(id, std::move(p)).first->second;
}

Result<std::string> ServiceImportWriter::Write(storage::Connection& c, std::any& prepared) {
  PreparedService& p = std::any_cast<PreparedService&>(prepared);
  auto id = ResidentId(c, p);
  if (!id.ok()) return id.status();
  YILIAN_RETURN_IF_ERROR(LoadResident(c, *id));
  const Resident& r = current_->resident;
  if (r.status == "merged") {
    return Status::Conflict(
        "health record " + r.record_no + " was merged; use the surviving record",
        {{"record_no", "was merged"}});
  }
  auto pr = PractitionerOf(c, p.record.practitioner_id);
  if (!pr.ok()) return pr.status();
  ServiceRecord s = p.record;
  s.id = 0;
  s.resident_id = r.id;
  s.status = "valid";
  s.void_reason.clear();
  s.village_code = r.village_code;
  ServiceContext ctx;
  ctx.resident = &r;
  ctx.practitioner = (*pr)->practitioner ? &*(*pr)->practitioner : nullptr;
  ctx.practitioner_teams = (*pr)->teams;
  ctx.enrolments = current_->enrolments;
  ctx.contracts = current_->contracts;
  if (auto same = current_->same_day.find({s.service_code, s.service_date.days()});
      same != current_->same_day.end()) {
    ctx.same_day_record = same->second;
  }
  YILIAN_RETURN_IF_ERROR(CheckServiceRecord(s, p.data, ctx, catalogue_, rules_, codes_, today_));
  YILIAN_RETURN_IF_ERROR(service_store::Insert(c, s));
  if (!p.void_reason.empty()) {
    s.status = "voided";
    s.void_reason = p.void_reason;
    YILIAN_RETURN_IF_ERROR(service_store::Void(c, s));
  } else {
    current_->same_day[{s.service_code, s.service_date.days()}] = s.id;
  }
  return std::to_string(s.id);
}

}  // namespace yilian
