// Analytics: indicator values for org units and periods, from the live cube
// and the external figures — never from raw records.
//
// For each (indicator, org unit, period, category): the numerator and the
// denominator (stock elements on the period's last day, or today while the
// period runs; flow elements summed over the period up to today), the value,
// the same period a year earlier and the change (percentage points for
// rates, per cent for counts), the annual target, its completion and, for
// counts, progress against the share of the year elapsed; and each row's
// rank among the rows of the same parent (siblings) in the answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "indicator/data_element.h"
#include "indicator/external_figures.h"
#include "indicator/indicator_cube.h"
#include "indicator/indicator_def.h"
#include "orgunit/org_tree.h"

namespace yilian::indicator {

struct Figure {
  double numerator = 0;
  std::optional<double> denominator;  // rates only
  std::optional<double> value;        // empty for a rate over nothing, or a future period
};

struct AnalyticsQuery {
  std::vector<const Indicator*> dx;
  std::vector<const OrgUnit*> ou;
  std::vector<Period> pe;
  std::string disaggregation;  // "", "sex" or "age_group"
  Date today;
};

struct AnalyticsRow {
  const Indicator* dx = nullptr;
  const OrgUnit* ou = nullptr;
  Period pe;       // as asked
  Period counted;  // the days actually counted (up to today)
  Category category;
  std::string category_code;  // "", "1"/"2" (sex), "0-6"… (age group)
  Figure current, last_year;
  std::optional<double> change;
  std::string change_kind;  // "points" (rates) or "percent" (counts)
  std::optional<double> target, completion, progress;
  int rank = 0;      // among the answer's rows with the same indicator, period,
  int siblings = 0;  // category and parent org unit
};

class Analytics {
 public:
  Analytics(const IndicatorCube& cube, const ExternalFigures& external, const OrgTree& tree)
      : cube_(cube), external_(external), tree_(tree) {}

  // Rows in the order: indicator, org unit, period, category.
  std::vector<AnalyticsRow> Evaluate(const AnalyticsQuery& q) const;
  Figure Compute(const Indicator& in, const std::string& unit, const Period& counted,
                 Category c) const;
  // An element's value (population included) for a unit over counted days.
  std::optional<double> Element(const std::string& element, const std::string& unit,
                                const Period& counted, Category c) const;
  // The population of `unit` in `year` on `on` (statistical where given,
  // else summed over the units below, else the residents on file).
  double Population(const std::string& unit, int year, Date on) const;

 private:
  const IndicatorCube& cube_;
  const ExternalFigures& external_;
  const OrgTree& tree_;
};

}  // namespace yilian::indicator
