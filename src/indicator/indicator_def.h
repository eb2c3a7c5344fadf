// Indicator definitions as data (data/indicators/indicators.json): each
// indicator is a numerator data element, an optional denominator, a factor
// (100 for %, 1000 for ‰), a unit, the national definition it follows, and
// which disaggregations apply. Validated on load against the data elements:
// a bad file fails at start-up, naming itself and the indicator.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "indicator/data_element.h"

namespace yilian::indicator {

// The element name of the statistical population (external data).
inline constexpr std::string_view kPopulation = "population";

// One key population of an indicator broken down by key population: its own
// numerator and denominator (the elderly's contract rate: contracted_elderly
// over elderly).
struct KeyPopulationPart {
  std::string code;  // "elderly"
  std::string name;  // "65岁及以上老年人"
  std::string numerator, denominator;
};

struct Indicator {
  std::string id;
  std::string name;
  std::string name_en;
  std::string numerator;    // element id, or "population"
  std::string denominator;  // element id, "population", or "" for a count
  double factor = 1;
  std::string unit;
  int decimals = 1;
  std::string definition;
  std::string group;
  std::vector<std::string> disaggregations;  // "sex", "age_group", "key_population"
  std::vector<KeyPopulationPart> key_populations;
  bool rate() const { return !denominator.empty(); }
};

class IndicatorSet {
 public:
  static Result<IndicatorSet> Parse(std::string_view json_text, const ElementCatalogue& elements);
  // The definitions compiled into the binary; aborts if they do not load.
  static const IndicatorSet& Default();

  const std::string& version() const { return version_; }
  const std::vector<Indicator>& all() const { return indicators_; }
  const Indicator* Find(std::string_view id) const;

 private:
  std::string version_;
  std::vector<Indicator> indicators_;
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace yilian::indicator
