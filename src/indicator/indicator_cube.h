// IndicatorCube: every data element's value, for every org unit and every
// day, kept as running sums (live::DaySeries) so a stock on any day or a flow
// over any period is a binary search or two.
//
// A resident's contributions (contribution.h) count in their current village
// and in every unit above it. Apply() moves a resident from their old
// contributions to their new ones (only the difference is applied); a full
// build accumulates everyone's contributions per village (Accumulate), then
// builds the villages' series and rolls them up the tree (Finish).
// Not thread-safe: LiveState serialises access.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "followup/followup_rules.h"
#include "indicator/contribution.h"
#include "indicator/data_element.h"
#include "live/day_series.h"
#include "live/resident_facts.h"
#include "orgunit/org_tree.h"

namespace yilian::indicator {

class IndicatorCube {
 public:
  IndicatorCube(const ElementCatalogue& elements, const ServiceCatalogue& catalogue,
                const FollowUpRules& rules)
      : elements_(elements), contributor_(catalogue, rules, elements) {}

  void Apply(const live::ResidentFacts* before, const live::ResidentFacts* after,
             const OrgTree& tree);

  void Accumulate(const live::ResidentFacts& f);
  void Finish(const OrgTree& tree);

  // A stock's value on `day` (summed over `slots`); 0 before the horizon.
  int64_t Through(const std::string& unit, const std::vector<int>& slots, Date day) const;
  // A flow over [from, to] (summed over `slots`).
  int64_t Between(const std::string& unit, const std::vector<int>& slots, Date from, Date to) const;

  const ElementCatalogue& elements() const { return elements_; }
  size_t bytes() const;
  size_t units() const { return units_.size(); }

 private:
  // Days are kept as offsets from the horizon (contribution.h), 16 bits:
  // up to the year 2189. Counts fit 32 bits; work points need 64.
  using Day = uint16_t;
  using Narrow = live::DaySeries<int32_t, Day>;
  using Wide = live::DaySeries<int64_t, Day>;
  struct UnitSeries {
    std::vector<Narrow> narrow;  // by slot (wide slots left empty)
    std::vector<Wide> wide;      // by slot (narrow slots left empty)
  };
  static Day Offset(int32_t day);
  UnitSeries& SeriesOf(const std::string& unit);
  void AddTo(UnitSeries& u, int slot, int32_t day, int64_t delta);
  void Put(const std::string& village, const std::vector<Contribution>& cs, int sign,
           const OrgTree& tree);

  const ElementCatalogue& elements_;
  const Contributor contributor_;
  std::unordered_map<std::string, UnitSeries> units_;
  // A full build's deltas per village, by slot: counts in 32 bits (half the
  // memory a build streams through), work points in 64; the other of each
  // pair stays empty.
  struct VillageBuilders {
    std::vector<live::SeriesBuilder<int32_t, Day>> narrow;
    std::vector<live::SeriesBuilder<int64_t, Day>> wide;
  };
  std::unordered_map<std::string, VillageBuilders> pending_;
};

}  // namespace yilian::indicator
