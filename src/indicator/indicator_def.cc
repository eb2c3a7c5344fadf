#include "indicator/indicator_def.h"

#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/embedded_data.h"

namespace yilian::indicator {

Result<IndicatorSet> IndicatorSet::Parse(std::string_view json_text,
                                         const ElementCatalogue& elements) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::Invalid("indicators.json: not a JSON object");
  IndicatorSet set;
  set.version_ = j.value("version", "");
  if (set.version_.empty()) return Status::Invalid("indicators.json: version is missing");
  if (!j.contains("indicators") || !j["indicators"].is_array())
    return Status::Invalid("indicators.json: indicators must be a list");
  auto known = [&](const std::string& e) { return e == kPopulation || elements.Find(e); };
  for (const auto& ji : j["indicators"]) {
    Indicator in;
    in.id = ji.value("id", "");
    std::string where = "indicators.json indicator " + in.id;
    in.name = ji.value("name", "");
    in.name_en = ji.value("name_en", "");
    in.numerator = ji.value("numerator", "");
    if (ji.contains("denominator") && ji["denominator"].is_string())
      in.denominator = ji["denominator"].get<std::string>();
    in.factor = ji.value("factor", 1.0);
    in.unit = ji.value("unit", "");
    in.decimals = ji.value("decimals", 1);
    in.definition = ji.value("definition", "");
    in.group = ji.value("group", "");
    if (in.id.empty() || in.name.empty() || in.definition.empty())
      return Status::Invalid(where + ": needs an id, a name and a definition");
    if (!known(in.numerator)) return Status::Invalid(where + ": unknown numerator " + in.numerator);
    if (!in.denominator.empty() && !known(in.denominator))
      return Status::Invalid(where + ": unknown denominator " + in.denominator);
    if (in.factor <= 0) return Status::Invalid(where + ": factor must be positive");
    for (const auto& part : ji.value("by_key_population", nlohmann::json::array())) {
      KeyPopulationPart kp{part.value("code", ""), part.value("name", ""),
                           part.value("numerator", ""), part.value("denominator", "")};
      if (kp.code.empty() || kp.name.empty() || !known(kp.numerator) || !known(kp.denominator))
        return Status::Invalid(where +
                               ": a key-population part needs a code, a name and known "
                               "numerator and denominator");
      in.key_populations.push_back(std::move(kp));
    }
    for (const auto& d : ji.value("disaggregations", nlohmann::json::array())) {
      std::string dis = d.get<std::string>();
      if (dis == "key_population") {
        if (in.key_populations.empty())
          return Status::Invalid(where + ": key_population needs by_key_population parts");
        in.disaggregations.push_back(dis);
        continue;
      }
      if (dis != "sex" && dis != "age_group")
        return Status::Invalid(where + ": unknown disaggregation " + dis);
      for (const std::string& e : {in.numerator, in.denominator}) {
        if (e.empty()) continue;
        if (e == kPopulation)
          return Status::Invalid(where + ": the population is not kept by " + dis);
        if (dis == "age_group" && !elements.elements()[*elements.Find(e)].by_age)
          return Status::Invalid(where + ": " + e + " is not kept by age group");
      }
      in.disaggregations.push_back(dis);
    }
    if (!set.index_.emplace(in.id, set.indicators_.size()).second)
      return Status::Invalid(where + ": is defined twice");
    set.indicators_.push_back(std::move(in));
  }
  return set;
}

const IndicatorSet& IndicatorSet::Default() {
  static const IndicatorSet kSet = [] {
    auto f = FindEmbeddedFile("indicators/indicators.json");
    if (!f) {
      fmt::print(stderr, "fatal: data/indicators/indicators.json is not embedded\n");
      std::abort();
    }
    auto s = Parse(*f, ElementCatalogue::Default());
    if (!s.ok()) {
      fmt::print(stderr, "fatal: the indicator definitions do not load: {}\n",
                 s.status().ToString());
      std::abort();
    }
    return std::move(*s);
  }();
  return kSet;
}

const Indicator* IndicatorSet::Find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &indicators_[it->second];
}

}  // namespace yilian::indicator
