// Periods in the analytics convention (`pe`): a year "2024", a half "2024H1",
// a quarter "2024Q3", a month "202403", a day "20240315", or a date range
// "2024-03-01..2024-06-30" (inclusive). Every period is a range of days.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace yilian {

struct Period {
  std::string code;  // as given, normalised ("2024Q3")
  std::string kind;  // "year", "half", "quarter", "month", "day", "range"
  Date start;
  Date end;  // inclusive

  // The same period one year earlier (同比): 2024Q3 → 2023Q3; a range moves
  // by a year (Feb 29 becomes Feb 28).
  Period YearBefore() const;
  // The days of the period up to `on` (a period still running ends on `on`).
  Period Through(Date on) const;
  bool Contains(Date d) const { return start <= d && d <= end; }
  int days() const { return end.days() - start.days() + 1; }
};

// Parses `pe`; kInvalidArgument naming field `field` with the accepted forms.
Result<Period> ParsePeriod(std::string_view pe, const std::string& field = "pe");

// The year containing `d` as a Period ("2024").
Period YearOf(Date d);

}  // namespace yilian
