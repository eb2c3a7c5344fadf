// The monthly bulletin (月通报) and the annual summary (年度工作总结) of an org
// unit, from the live analytics: the figures as sentences in the style of the
// seed reports, with year-on-year changes and target completion; a table of
// the child units with ranks; the targets; charts. Pure over the analytics.
#pragma once

#include "core/period.h"
#include "indicator/analytics.h"
#include "orgunit/org_tree.h"
#include "report/report.h"

namespace yilian::report {

// `kind` "bulletin" takes a month (or any period), "annual" a year. `today`
// bounds a running period.
Report BuildReport(const std::string& kind, const OrgUnit& unit, const Period& period,
                   const indicator::Analytics& analytics, const indicator::IndicatorSet& set,
                   const OrgTree& tree, Date today);

// Plain Chinese number text, as the reports write them: 183131, 66.2, 1.5万.
std::string CountText(double v);
std::string RateText(double v);  // one decimal
// "比去年同期提高0.3个百分点" / "比去年同期的166.08万人次增加41.49万人次，增幅为19.99%".
std::string ChangeText(bool rate, double current, double last, const std::string& unit);

}  // namespace yilian::report
