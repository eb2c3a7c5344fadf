#include "followup/followup_rules.h"
#include "catalogue/service_catalogue.h"

#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/embedded_data.h"

namespace yilian {
namespace {

using nlohmann::json;

// Reads rule files strictly: a missing or mistyped value is an error naming it.
class Reader {
 public:
  Reader(const ServiceCatalogue& cat, std::string* error) : cat_(cat), error_(error) {}
  int Int(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key) || !j[key].is_number_integer()) {
      Fail(where + "." + key + " must be a whole number");
      return 0;
    }
    return j[key].get<int>();
  }
  std::string Service(const json& j, const char* key, const std::string& where) {
    std::string s = j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
    if (!cat_.FindItem(s)) Fail(where + "." + key + ": no service item '" + s + "'");
    return s;
  }
  std::vector<std::string> Services(const json& j, const std::string& where) {
    std::vector<std::string> out;
    if (!j.contains("services") || !j["services"].is_array() || j["services"].empty()) {
      Fail(where + ".services must be a list of service items");
      return out;
    }
    for (const auto& s : j["services"]) {
      std::string code = s.is_string() ? s.get<std::string>() : "";
      if (!cat_.FindItem(code)) Fail(where + ".services: no service item '" + code + "'");
      out.push_back(code);
    }
    return out;
  }
  std::string Text(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
      Fail(where + "." + key + " must be text");
      return "";
    }
    return j[key].get<std::string>();
  }
  void Fail(const std::string& why) {
    if (error_->empty()) *error_ = why;
  }

 private:
  const ServiceCatalogue& cat_;
  std::string* error_;
};

template <typename T>
std::optional<T> Opt(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return std::nullopt;
  return j[key].get<T>();
}

}  // namespace

Date ChildVisitRule::At(Date birth) const {
  switch (unit) {
    case 'm':
      return birth.AddMonths(amount);
    case 'y':
      return birth.AddMonths(12 * amount);
    default:
      return birth.AddDays(amount);
  }
}

Result<FollowUpRules> FollowUpRules::Parse(std::string_view json_text,
                                           const ServiceCatalogue& catalogue) {
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::Invalid("followup.json: not a JSON object");
  std::string error;
  Reader rd(catalogue, &error);
  FollowUpRules r;
  r.version_ = rd.Text(j, "version", "followup");
  if (!j.contains("chronic") || !j["chronic"].is_array()) rd.Fail("chronic must be a list");
  for (const auto& jc : j.value("chronic", json::array())) {
    ChronicRule c;
    std::string where = "chronic";
    c.program = rd.Text(jc, "program", where);
    where += "[" + c.program + "]";
    c.services = rd.Services(jc, where);
    c.visits_per_year = rd.Int(jc, "visits_per_year", where);
    c.first_visit_within_days = rd.Int(jc, "first_visit_within_days", where);
    c.routine_interval_days = rd.Int(jc, "routine_interval_days", where);
    c.revisit_days = rd.Int(jc, "revisit_days", where);
    c.refer_after_uncontrolled = rd.Int(jc, "refer_after_uncontrolled", where);
    const json& ctl = jc.contains("controlled") ? jc["controlled"] : json::object();
    const json& em = jc.contains("emergency") ? jc["emergency"] : json::object();
    c.sbp_below = Opt<int>(ctl, "sbp_below");
    c.dbp_below = Opt<int>(ctl, "dbp_below");
    c.fbg_below = Opt<double>(ctl, "fbg_below");
    c.sbp_at_least = Opt<int>(em, "sbp_at_least");
    c.dbp_at_least = Opt<int>(em, "dbp_at_least");
    c.fbg_at_least = Opt<double>(em, "fbg_at_least");
    c.fbg_at_most = Opt<double>(em, "fbg_at_most");
    if (!c.sbp_below && !c.dbp_below && !c.fbg_below) rd.Fail(where + ".controlled names no bound");
    r.chronic_.push_back(std::move(c));
  }
  const json& m = j.value("mental", json::object());
  r.mental_.program = rd.Text(m, "program", "mental");
  r.mental_.services = rd.Services(m, "mental");
  r.mental_.visits_per_year = rd.Int(m, "visits_per_year", "mental");
  r.mental_.first_visit_within_days = rd.Int(m, "first_visit_within_days", "mental");
  r.mental_.unstable_interval_days = rd.Int(m, "unstable_interval_days", "mental");
  r.mental_.refer_at_risk = rd.Int(m, "refer_at_risk", "mental");
  for (const auto& d : m.value("interval_days_by_risk", json::array()))
    r.mental_.interval_days_by_risk.push_back(d.get<int>());
  if (r.mental_.interval_days_by_risk.size() != 6)
    rd.Fail("mental.interval_days_by_risk needs 6 values (risk 0-5)");

  const json& t = j.value("tb", json::object());
  r.tb_.program = rd.Text(t, "program", "tb");
  r.tb_.first_visit_service = rd.Service(t, "first_visit_service", "tb");
  r.tb_.first_visit_within_hours = rd.Int(t, "first_visit_within_hours", "tb");
  r.tb_.services = rd.Services(t, "tb");
  r.tb_.interval_days = rd.Int(t, "interval_days", "tb");

  const json& p = j.value("pregnancy", json::object());
  r.pregnancy_.program = rd.Text(p, "program", "pregnancy");
  r.pregnancy_.first_service = rd.Service(p, "first_service", "pregnancy");
  r.pregnancy_.first_before_week = rd.Int(p, "first_before_week", "pregnancy");
  r.pregnancy_.visit_service = rd.Service(p, "visit_service", "pregnancy");
  for (const auto& w : p.value("visit_weeks", json::array())) {
    if (!w.is_array() || w.size() != 2 || w[0].get<int>() > w[1].get<int>()) {
      rd.Fail("pregnancy.visit_weeks items must be [from, to]");
      continue;
    }
    r.pregnancy_.visit_weeks.emplace_back(w[0].get<int>(), w[1].get<int>());
  }
  r.pregnancy_.postpartum_service = rd.Service(p, "postpartum_service", "pregnancy");
  r.pregnancy_.postpartum_within_days = rd.Int(p, "postpartum_within_days", "pregnancy");
  r.pregnancy_.check_service = rd.Service(p, "check_service", "pregnancy");
  r.pregnancy_.check_from_days = rd.Int(p, "check_from_days", "pregnancy");
  r.pregnancy_.check_window_days = rd.Int(p, "check_window_days", "pregnancy");

  const json& ch = j.value("children", json::object());
  r.children_.services = rd.Services(ch, "children");
  for (const auto& v : ch.value("visits", json::array())) {
    ChildVisitRule cv;
    cv.name = rd.Text(v, "name", "children.visits");
    std::string at = rd.Text(v, "at", "children.visits[" + cv.name + "]");
    cv.window_days = rd.Int(v, "window_days", "children.visits[" + cv.name + "]");
    if (at.size() < 2 || (at.back() != 'd' && at.back() != 'm' && at.back() != 'y')) {
      rd.Fail("children.visits[" + cv.name + "].at must be like 28d, 3m or 4y");
    } else {
      cv.unit = at.back();
      cv.amount = std::atoi(at.c_str());
    }
    r.children_.visits.push_back(std::move(cv));
  }
  if (r.children_.visits.empty()) rd.Fail("children.visits is empty");

  const json& e = j.value("elderly", json::object());
  r.elderly_.service = rd.Service(e, "service", "elderly");
  r.elderly_.min_age_years = rd.Int(e, "min_age_years", "elderly");
  r.elderly_.interval_months = rd.Int(e, "interval_months", "elderly");
  if (!error.empty()) return Status::Invalid("followup.json: " + error);
  return r;
}

const FollowUpRules& FollowUpRules::Default() {
  static const FollowUpRules kRules = [] {
    auto f = FindEmbeddedFile("rules/followup.json");
    if (!f) {
      fmt::print(stderr, "fatal: data/rules/followup.json is not embedded\n");
      std::abort();
    }
    auto r = Parse(*f, ServiceCatalogue::Default());
    if (!r.ok()) {
      fmt::print(stderr, "fatal: the follow-up rules do not load: {}\n", r.status().ToString());
      std::abort();
    }
    return std::move(*r);
  }();
  return kRules;
}

const ChronicRule* FollowUpRules::Chronic(std::string_view program) const {
  for (const auto& c : chronic_)
    if (c.program == program) return &c;
  return nullptr;
}

Control FollowUpRules::Classify(const ChronicRule& rule, const Readings& r) {
  bool unknown = false, ok = true;
  auto below = [&](const auto& bound, const auto& value) {
    if (!bound) return;
    if (!value) {
      unknown = true;
      return;
    }
    if (!(*value < *bound)) ok = false;
  };
  below(rule.sbp_below, r.sbp);
  below(rule.dbp_below, r.dbp);
  below(rule.fbg_below, r.fbg);
  if (!ok) return Control::kUncontrolled;
  return unknown ? Control::kUnknown : Control::kControlled;
}

bool FollowUpRules::Emergency(const ChronicRule& rule, const Readings& r) {
  if (rule.sbp_at_least && r.sbp && *r.sbp >= *rule.sbp_at_least) return true;
  if (rule.dbp_at_least && r.dbp && *r.dbp >= *rule.dbp_at_least) return true;
  if (rule.fbg_at_least && r.fbg && *r.fbg >= *rule.fbg_at_least) return true;
  if (rule.fbg_at_most && r.fbg && *r.fbg <= *rule.fbg_at_most) return true;
  return false;
}

}  // namespace yilian
