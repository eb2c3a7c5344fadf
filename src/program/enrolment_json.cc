#include "program/enrolment_json.h"

#include "core/json_fields.h"

namespace yilian {

void EnrolmentFromJson(const nlohmann::json& j, Enrolment* e, FieldErrors* errs, Date today) {
  JsonFields f(j, errs);
  f.Int("resident_id", &e->resident_id, true, 1);
  f.Str("program", &e->program, true, 20);
  e->enrolled_on = today;
  f.DateField("enrolled_on", &e->enrolled_on);
  f.Int("facility_id", &e->facility_id, false, 0);
  std::optional<int64_t> risk;
  if (f.OptInt("risk_level", &risk, 0, 5) && risk) e->risk_level = static_cast<int>(*risk);
  f.OptDate("lmp", &e->lmp);
  f.OptDate("edd", &e->edd);
  f.OptDate("notified_on", &e->notified_on);
  f.Finish();
}

nlohmann::json EnrolmentToJson(const Enrolment& e, const CodeSets* codes, Date on) {
  auto opt = [](const std::optional<Date>& d) -> nlohmann::json {
    return d ? nlohmann::json(d->ToIso()) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {
      {"id", e.id},
      {"resident_id", e.resident_id},
      {"program", e.program},
      {"enrolled_on", e.enrolled_on.ToIso()},
      {"discharged_on", opt(e.discharged_on)},
      {"discharge_reason",
       e.discharge_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.discharge_reason)},
      {"facility_id", e.facility_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(e.facility_id)},
      {"village_code", e.village_code},
      {"risk_level", e.risk_level ? nlohmann::json(*e.risk_level) : nlohmann::json(nullptr)},
      {"lmp", opt(e.lmp)},
      {"edd", opt(e.edd)},
      {"delivery_date", opt(e.delivery_date)},
      {"notified_on", opt(e.notified_on)},
      {"active", e.ActiveOn(on)},
      {"created_at", e.created_at},
      {"updated_at", e.updated_at},
      {"version", e.version}};
  if (codes) {
    if (const CodeEntry* c = codes->Find("program")->Find(e.program)) j["program_name"] = c->name;
    if (!e.discharge_reason.empty()) {
      if (const CodeEntry* c = codes->Find("discharge_reason")->Find(e.discharge_reason))
        j["discharge_reason_name"] = c->name;
    }
  }
  return j;
}

}  // namespace yilian
