// Bulk import and export of the daily work: enrolments, contracts and
// service records, as CSV or NDJSON. Each line goes through the same
// registry code and rules as the API (EnrolIn, SignIn, RecordIn), inside the
// import's transaction. Residents are named by their health record number
// (record_no), which outside systems know; a merged record's number resolves
// to the surviving record.
#include "catalogue/service_catalogue.h"
#include "contract/contract_json.h"
#include "contract/contract_registry.h"
#include "contract/contract_rules.h"
#include "contract/contract_store.h"
#include "core/json_fields.h"
#include "followup/followup_rules.h"
#include "program/enrolment_json.h"
#include "program/enrolment_registry.h"
#include "program/enrolment_rules.h"
#include "program/enrolment_store.h"
#include "resident/resident_store.h"
#include "service/service_import_writer.h"
#include "service/service_json.h"
#include "service/service_registry.h"
#include "service/service_store.h"
#include "storage/list_column.h"
#include "transfer/transfer_kind.h"

namespace yilian {
namespace {

using nlohmann::json;

// Reads "record_no" (or "resident_id") from `j` into a resident id, removing
// the member so the record's own reader sees only its fields.
Result<int64_t> ResidentOf(storage::Connection& c, json& j) {
  if (auto it = j.find("record_no"); it != j.end()) {
    if (!it->is_string())
      return Status::InvalidField("record_no", "must be the 17-digit record number");
    std::string no = it->get<std::string>();
    j.erase(it);
    auto r = resident_store::FindByRecordNo(c, no);
    if (!r.ok()) return r.status();
    if (!*r) return Status::InvalidField("record_no", "no health record " + no);
    int64_t id = (*r)->id;
    // A merged record's number leads to the surviving record.
    for (int hops = 0; hops < 5; ++hops) {
      auto cur = resident_store::Get(c, id);
      if (!cur.ok()) return cur.status();
      if (!*cur || (*cur)->status != "merged" || !(*cur)->merged_into) break;
      id = *(*cur)->merged_into;
    }
    return id;
  }
  if (auto it = j.find("resident_id"); it != j.end() && it->is_number_integer()) {
    return it->get<int64_t>();
  }
  return Status::InvalidField("record_no", "is required: the resident's health record number");
}

// Scans residents in id order, a batch at a time, with their record numbers.
template <typename Load, typename Emit>
Status ForEachBatch(storage::Connection& c, Load load, Emit emit) {
  for (int64_t after = 0;;) {
    auto residents = resident_store::Scan(c, after, 5000);
    if (!residents.ok()) return residents.status();
    if (residents->empty()) return Status::Ok();
    std::map<int64_t, std::string> numbers;
    for (const auto& r : *residents) numbers[r.id] = r.record_no;
    auto rows = load(c, after, residents->back().id);
    if (!rows.ok()) return rows.status();
    for (const auto& row : *rows) YILIAN_RETURN_IF_ERROR(emit(row, numbers[row.resident_id]));
    after = residents->back().id;
  }
}

std::string OptIso(const std::optional<Date>& d) { return d ? d->ToIso() : ""; }

}  // namespace

TransferKind EnrolmentTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "enrolments";
  k.columns = {{"record_no"},
               {"program"},
               {"enrolled_on", CT::kDate},
               {"facility_id", CT::kInt},
               {"risk_level", CT::kInt},
               {"lmp", CT::kDate},
               {"edd", CT::kDate},
               {"notified_on", CT::kDate},
               {"discharged_on", CT::kDate},
               {"discharge_reason"},
               {"delivery_date", CT::kDate}};
  k.import_one = [](storage::Connection& c, const json& record,
                    ImportContext& ctx) -> Result<std::string> {
    json j = record;
    auto rid = ResidentOf(c, j);
    if (!rid.ok()) return rid.status();
    j["resident_id"] = *rid;
    FieldErrors errs;
    DischargeRequest d;
    std::optional<Date> discharged;
    {
      JsonFields f(j, &errs);
      f.OptDate("discharged_on", &discharged);
      f.Str("discharge_reason", &d.reason, false, 30);
      f.OptDate("delivery_date", &d.delivery_date);
    }
    for (const char* m : {"discharged_on", "discharge_reason", "delivery_date"}) j.erase(m);
    Enrolment e;
    EnrolmentFromJson(j, &e, &errs, ctx.today);
    if (!j.contains("enrolled_on")) errs.Add("enrolled_on", "is required");
    if (discharged.has_value() == d.reason.empty()) {
      if (discharged) errs.Add("discharge_reason", "is required with discharged_on");
      if (!d.reason.empty()) errs.Add("discharged_on", "is required with discharge_reason");
    }
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("enrolment"));
    auto made = EnrolmentRegistry::EnrolIn(c, e, ctx.codes, ctx.today);
    if (!made.ok()) return made.status();
    if (discharged) {
      YILIAN_RETURN_IF_ERROR(
          CheckDischarge(*made, *discharged, d.reason, d.delivery_date, ctx.codes, ctx.today));
      made->discharged_on = discharged;
      made->discharge_reason = d.reason;
      made->delivery_date = d.delivery_date;
      YILIAN_RETURN_IF_ERROR(enrolment_store::Update(c, *made));
    }
    return std::to_string(made->id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    return ForEachBatch(
        c, enrolment_store::InResidentRange, [&](const Enrolment& e, const std::string& no) {
          json j = {
              {"record_no", no}, {"program", e.program}, {"enrolled_on", e.enrolled_on.ToIso()}};
          if (e.facility_id) j["facility_id"] = e.facility_id;
          if (e.risk_level) j["risk_level"] = *e.risk_level;
          if (e.lmp) j["lmp"] = e.lmp->ToIso();
          if (e.edd) j["edd"] = e.edd->ToIso();
          if (e.notified_on) j["notified_on"] = e.notified_on->ToIso();
          if (e.discharged_on) {
            j["discharged_on"] = e.discharged_on->ToIso();
            j["discharge_reason"] = e.discharge_reason;
          }
          if (e.delivery_date) j["delivery_date"] = e.delivery_date->ToIso();
          return emit(j, {no, e.program, e.enrolled_on.ToIso(),
                          e.facility_id ? std::to_string(e.facility_id) : "",
                          e.risk_level ? std::to_string(*e.risk_level) : "", OptIso(e.lmp),
                          OptIso(e.edd), OptIso(e.notified_on), OptIso(e.discharged_on),
                          e.discharge_reason, OptIso(e.delivery_date)});
        });
  };
  return k;
}

TransferKind ContractTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "contracts";
  k.columns = {{"record_no"},
               {"team_id", CT::kInt},
               {"doctor_id", CT::kInt},
               {"packages", CT::kList},
               {"signing_method"},
               {"signed_on", CT::kDate},
               {"start_date", CT::kDate},
               {"end_date", CT::kDate},
               {"terminated_on", CT::kDate},
               {"termination_reason"},
               {"termination_note"}};
  k.import_one = [](storage::Connection& c, const json& record,
                    ImportContext& ctx) -> Result<std::string> {
    json j = record;
    auto rid = ResidentOf(c, j);
    if (!rid.ok()) return rid.status();
    j["resident_id"] = *rid;
    FieldErrors errs;
    std::optional<Date> terminated;
    std::string reason, note;
    {
      JsonFields f(j, &errs);
      f.OptDate("terminated_on", &terminated);
      f.Str("termination_reason", &reason, false, 30);
      f.Str("termination_note", &note, false, 200);
    }
    for (const char* m : {"terminated_on", "termination_reason", "termination_note"}) j.erase(m);
    Contract con;
    ContractFromJson(j, &con, &errs, ctx.today);
    if (terminated.has_value() == reason.empty()) {
      if (terminated) errs.Add("termination_reason", "is required with terminated_on");
      if (!reason.empty()) errs.Add("terminated_on", "is required with termination_reason");
    }
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("contract"));
    auto made = ContractRegistry::SignIn(c, con, ServiceCatalogue::Default(), ctx.codes, ctx.today);
    if (!made.ok()) return made.status();
    if (terminated) {
      YILIAN_RETURN_IF_ERROR(CheckTermination(*made, *terminated, reason, ctx.codes, ctx.today));
      made->status = "terminated";
      made->terminated_on = terminated;
      made->termination_reason = reason;
      made->termination_note = note;
      YILIAN_RETURN_IF_ERROR(contract_store::Update(c, *made));
    }
    return std::to_string(made->id);
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    return ForEachBatch(
        c, contract_store::InResidentRange, [&](const Contract& x, const std::string& no) {
          json j = {{"record_no", no},
                    {"team_id", x.team_id},
                    {"doctor_id", x.doctor_id},
                    {"packages", x.packages},
                    {"signing_method", x.signing_method},
                    {"signed_on", x.signed_on.ToIso()},
                    {"start_date", x.start_date.ToIso()},
                    {"end_date", x.end_date.ToIso()}};
          if (x.terminated_on) {
            j["terminated_on"] = x.terminated_on->ToIso();
            j["termination_reason"] = x.termination_reason;
            if (!x.termination_note.empty()) j["termination_note"] = x.termination_note;
          }
          return emit(j, {no, std::to_string(x.team_id), std::to_string(x.doctor_id),
                          storage::JoinList(x.packages), x.signing_method, x.signed_on.ToIso(),
                          x.start_date.ToIso(), x.end_date.ToIso(), OptIso(x.terminated_on),
                          x.termination_reason, x.termination_note});
        });
  };
  return k;
}

TransferKind ServiceTransferKind() {
  using CT = ColumnType;
  TransferKind k;
  k.name = "services";
  k.columns = {{"record_no"},
               {"service_code"},
               {"service_date", CT::kDate},
               {"practitioner_id", CT::kInt},
               {"facility_id", CT::kInt},
               {"team_id", CT::kInt},
               {"verification"},
               {"data", CT::kSpecial},
               {"void_reason"}};
  // The form's fields as one JSON object in the cell: {"sbp":150,"dbp":95,…}.
  k.special_column = [](const std::string& col, const std::string& text, json* obj,
                        FieldErrors* errs) {
    json d = json::parse(text, nullptr, false);
    if (d.is_discarded() || !d.is_object()) {
      errs->Add(col, "must be the form's fields as a JSON object, e.g. {\"sbp\":150}");
      return;
    }
    (*obj)[col] = std::move(d);
  };
  // Read and checked against the form off the database thread; the rules
  // that need the resident's records run in the writer, with caches.
  k.prepare = [](const json& record, const ImportContext& ctx) -> Result<std::any> {
    json j = record;
    PreparedService p;
    FieldErrors errs;
    if (auto it = j.find("record_no"); it != j.end()) {
      if (!it->is_string()) {
        errs.Add("record_no", "must be the 17-digit record number");
      } else {
        p.record_no = it->get<std::string>();
      }
      j.erase(it);
      j["resident_id"] = 1;  // named by record_no; resolved by the writer
    } else if (!j.contains("resident_id")) {
      errs.Add("record_no", "is required: the resident's health record number");
    }
    if (auto it = j.find("void_reason"); it != j.end()) {
      if (!it->is_string()) {
        errs.Add("void_reason", "must be text");
      } else {
        p.void_reason = TrimText(it->get<std::string>());
      }
      j.erase(it);
    }
    ServiceFromJson(j, &p.record, &p.data, &errs, ctx.today);
    if (!j.contains("service_date")) errs.Add("service_date", "is required");
    YILIAN_RETURN_IF_ERROR(errs.ToStatus("service record"));
    return std::any(std::move(p));
  };
  k.make_writer = [](storage::Connection&,
                     ImportContext& ctx) -> Result<std::unique_ptr<RecordWriter>> {
    return std::unique_ptr<RecordWriter>(new ServiceImportWriter(
        ServiceCatalogue::Default(), FollowUpRules::Default(), ctx.codes, ctx.today));
  };
  k.export_all = [](storage::Connection& c, const auto& emit) -> Status {
    return ForEachBatch(
        c, service_store::InResidentRange, [&](const ServiceRecord& s, const std::string& no) {
          json j = {{"record_no", no},
                    {"service_code", s.service_code},
                    {"service_date", s.service_date.ToIso()},
                    {"practitioner_id", s.practitioner_id},
                    {"facility_id", s.facility_id},
                    {"verification", s.verification},
                    {"data", s.form()}};
          if (s.team_id) j["team_id"] = *s.team_id;
          if (!s.valid()) j["void_reason"] = s.void_reason;
          return emit(
              j, {no, s.service_code, s.service_date.ToIso(), std::to_string(s.practitioner_id),
                  std::to_string(s.facility_id), s.team_id ? std::to_string(*s.team_id) : "",
                  s.verification, s.form().dump(), s.valid() ? "" : s.void_reason});
        });
  };
  return k;
}

}  // namespace yilian
