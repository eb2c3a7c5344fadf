#include "service/service_json.h"

#include "core/json_fields.h"

namespace yilian {

void ServiceFromJson(const nlohmann::json& j, ServiceRecord* s, nlohmann::json* data,
                     FieldErrors* errs, Date today) {
  JsonFields f(j, errs);
  f.Int("resident_id", &s->resident_id, true, 1);
  f.Str("service_code", &s->service_code, true, 40);
  s->service_date = today;
  f.DateField("service_date", &s->service_date);
  f.Int("practitioner_id", &s->practitioner_id, true, 1);
  f.Int("facility_id", &s->facility_id, false, 0);
  f.OptInt("team_id", &s->team_id, 1);
  f.Str("verification", &s->verification, true, 20);
  if (const nlohmann::json* d = f.Raw("data")) *data = *d;
  f.Finish();
}

nlohmann::json ServiceToJson(const ServiceRecord& s, const ServiceCatalogue* catalogue) {
  auto opt = [](const std::optional<int64_t>& v) -> nlohmann::json {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {{"id", s.id},
                      {"resident_id", s.resident_id},
                      {"service_code", s.service_code},
                      {"service_date", s.service_date.ToIso()},
                      {"village_code", s.village_code},
                      {"facility_id", s.facility_id},
                      {"practitioner_id", s.practitioner_id},
                      {"team_id", opt(s.team_id)},
                      {"verification", s.verification},
                      {"verified", s.verified()},
                      {"points", static_cast<double>(s.points_centi) / 100.0},
                      {"enrolment_id", opt(s.enrolment_id)},
                      {"contract_id", opt(s.contract_id)},
                      {"data", s.form()},
                      {"status", s.status},
                      {"void_reason", s.void_reason.empty() ? nlohmann::json(nullptr)
                                                            : nlohmann::json(s.void_reason)},
                      {"recorded_by", opt(s.recorded_by)},
                      {"created_at", s.created_at},
                      {"updated_at", s.updated_at},
                      {"version", s.version}};
  if (catalogue) {
    if (const ServiceItem* item = catalogue->FindItem(s.service_code)) {
      j["service_name"] = item->name;
      j["category"] = item->category;
    }
  }
  return j;
}

}  // namespace yilian
