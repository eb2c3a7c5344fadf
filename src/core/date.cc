#include "core/date.h"

#include <atomic>
#include <chrono>
#include <cstdio>

namespace yilian {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(int32_t z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int yy = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yy + (m <= 2);
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::atomic<int64_t> g_today_override{INT64_MIN};

}  // namespace

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

std::optional<Date> Date::FromYmd(int y, int m, int d) {
  if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return std::nullopt;
  }
  return FromDays(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::optional<Date> Date::ParseIso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return std::nullopt;
  return FromYmd(ToInt(y), ToInt(m), ToInt(d));
}

std::optional<Date> Date::ParseCompact(std::string_view s) {
  if (s.size() != 8 || !AllDigits(s)) return std::nullopt;
  return FromYmd(ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2)));
}

int Date::year() const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  return y;
}
int Date::month() const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  return m;
}
int Date::day() const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  return d;
}

std::string Date::ToIso() const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string Date::ToCompact() const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
  return buf;
}

Date Date::AddMonths(int n) const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  int total = y * 12 + (m - 1) + n;
  int ny = total / 12, nm = total % 12 + 1;
  int nd = d > DaysInMonth(ny, nm) ? DaysInMonth(ny, nm) : d;
  return FromDays(DaysFromCivil(ny, static_cast<unsigned>(nm), static_cast<unsigned>(nd)));
}

int Date::AgeOn(Date on) const {
  int by, bm, bd, oy, om, od;
  CivilFromDays(days_, by, bm, bd);
  CivilFromDays(on.days_, oy, om, od);
  int age = oy - by;
  if (om < bm || (om == bm && od < bd)) --age;
  return age;
}

Date Today() {
  int64_t o = g_today_override.load(std::memory_order_relaxed);
  if (o != INT64_MIN) return Date::FromDays(static_cast<int32_t>(o));
  using namespace std::chrono;
  auto secs = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  return Date::FromDays(static_cast<int32_t>((secs + 8 * 3600) / 86400));
}

void SetTodayForTesting(std::optional<Date> d) {
  g_today_override.store(d ? d->days() : INT64_MIN, std::memory_order_relaxed);
}

}  // namespace yilian

namespace yilian {
std::string NowTimestamp() {
  using namespace std::chrono;
  auto secs = duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + 8 * 3600;
  Date d = Date::FromDays(static_cast<int32_t>(secs / 86400));
  int64_t s = secs % 86400;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", d.ToIso().c_str(),
                static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return buf;
}
Date Date::Anniversary(int years) const {
  int y, m, d;
  CivilFromDays(days_, y, m, d);
  y += years;
  if (m == 2 && d == 29 && !IsLeapYear(y)) {
    m = 3;
    d = 1;
  }
  return FromDays(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

}  // namespace yilian
