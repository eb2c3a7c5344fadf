#include "contract/contract_json.h"

#include "core/json_fields.h"

namespace yilian {

void ContractFromJson(const nlohmann::json& j, Contract* c, FieldErrors* errs, Date today) {
  JsonFields f(j, errs);
  f.Int("resident_id", &c->resident_id, true, 1);
  f.Int("team_id", &c->team_id, true, 1);
  f.Int("doctor_id", &c->doctor_id, true, 1);
  f.StrList("packages", &c->packages, 12, 40);
  if (!f.Has("packages")) errs->Add("packages", "is required: at least one service package");
  f.Str("signing_method", &c->signing_method, true, 30);
  c->signed_on = today;
  f.DateField("signed_on", &c->signed_on);
  c->start_date = c->signed_on;
  f.DateField("start_date", &c->start_date);
  f.DateField("end_date", &c->end_date);
  f.Finish();
}

nlohmann::json FulfilmentToJson(const Fulfilment& f, const ServiceCatalogue& catalogue) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : f.promises) {
    const ServiceItem* item = catalogue.FindItem(p.service);
    items.push_back({{"service_code", p.service},
                     {"service_name", item ? item->name : p.service},
                     {"promised", p.promised},
                     {"delivered", p.delivered},
                     {"owed", p.owed()},
                     {"last_delivered", p.last_delivered ? nlohmann::json(p.last_delivered->ToIso())
                                                         : nlohmann::json(nullptr)}});
  }
  return {{"fulfilled", f.fulfilled},
          {"fulfilled_on",
           f.fulfilled_on ? nlohmann::json(f.fulfilled_on->ToIso()) : nlohmann::json(nullptr)},
          {"promised_total", f.promised_total},
          {"delivered_total", f.delivered_total},
          {"rate", f.promised_total == 0 ? 1.0
                                         : static_cast<double>(f.delivered_total) /
                                               static_cast<double>(f.promised_total)},
          {"services", items}};
}

nlohmann::json ContractToJson(const Contract& c, const ServiceCatalogue* catalogue,
                              const CodeSets* codes, Date on,
                              const std::optional<Fulfilment>& fulfilment) {
  auto opt = [](const std::optional<Date>& d) -> nlohmann::json {
    return d ? nlohmann::json(d->ToIso()) : nlohmann::json(nullptr);
  };
  auto text = [](const std::string& s) -> nlohmann::json {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  nlohmann::json j = {
      {"id", c.id},
      {"resident_id", c.resident_id},
      {"team_id", c.team_id},
      {"doctor_id", c.doctor_id},
      {"packages", c.packages},
      {"fee_yuan", static_cast<double>(c.fee_cents) / 100.0},
      {"paid", c.paid()},
      {"signed_on", c.signed_on.ToIso()},
      {"start_date", c.start_date.ToIso()},
      {"end_date", c.end_date.ToIso()},
      {"signing_method", c.signing_method},
      {"status", c.status},
      {"state", c.StateOn(on)},
      {"terminated_on", opt(c.terminated_on)},
      {"termination_reason", text(c.termination_reason)},
      {"termination_note", text(c.termination_note)},
      {"previous_id", c.previous_id ? nlohmann::json(*c.previous_id) : nlohmann::json(nullptr)},
      {"origin", c.origin},
      {"village_code", c.village_code},
      {"created_at", c.created_at},
      {"updated_at", c.updated_at},
      {"version", c.version}};
  if (catalogue) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& p : c.packages) {
      const ServicePackage* pk = catalogue->FindPackage(p);
      names.push_back(pk ? pk->name : p);
    }
    j["package_names"] = names;
  }
  if (codes) {
    if (const CodeEntry* e = codes->Find("signing_method")->Find(c.signing_method))
      j["signing_method_name"] = e->name;
    if (!c.termination_reason.empty()) {
      if (const CodeEntry* e =
              codes->Find("contract_termination_reason")->Find(c.termination_reason))
        j["termination_reason_name"] = e->name;
    }
  }
  if (fulfilment && catalogue) j["fulfilment"] = FulfilmentToJson(*fulfilment, *catalogue);
  return j;
}

}  // namespace yilian
