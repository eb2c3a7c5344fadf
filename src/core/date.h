// Civil (proleptic Gregorian) calendar dates, the only date type of the domain.
//
// Dates are plain values with no time zone: a birth date or a visit date is a
// day in China Standard Time. Domain code never asks the clock; callers pass
// "today" in (see Clock), which keeps rules testable.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yilian {

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01
  // Returns nullopt unless y-m-d is a real calendar day in years 1800..9999.
  static std::optional<Date> FromYmd(int y, int m, int d);
  // Days since 1970-01-01 (may be negative).
  static Date FromDays(int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  // Accepts ISO 8601 "YYYY-MM-DD" only.
  static std::optional<Date> ParseIso(std::string_view s);
  // Accepts "YYYYMMDD" (as in an ID number).
  static std::optional<Date> ParseCompact(std::string_view s);

  int year() const;
  int month() const;
  int day() const;
  int32_t days() const { return days_; }
  std::string ToIso() const;      // "2017-03-09"
  std::string ToCompact() const;  // "20170309"

  Date AddDays(int n) const { return FromDays(days_ + n); }
  // Same day n months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
  Date AddMonths(int n) const;
  // Completed years of age on `on` (a person born on Feb 29 turns a year older on Mar 1).
  int AgeOn(Date on) const;
  // The first day of being `years` old for someone born on this day: the
  // same month and day `years` later, Mar 1 for Feb 29 in a common year.
  // Equal to the first d with AgeOn(d) == years, at one calendar conversion.
  Date Anniversary(int years) const;

  auto operator<=>(const Date&) const = default;

 private:
  int32_t days_ = 0;
};

bool IsLeapYear(int y);
int DaysInMonth(int y, int m);

// Today's date in China Standard Time (UTC+8), from the system clock, unless
// overridden for tests and reproducible demos with SetTodayForTesting.
Date Today();
void SetTodayForTesting(std::optional<Date> d);

}  // namespace yilian

namespace yilian {
// The current instant as ISO 8601 in China Standard Time, "2026-11-22T08:30:00+08:00".
std::string NowTimestamp();
}  // namespace yilian
