#include "core/period.h"

#include <cctype>

namespace yilian {
namespace {

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

int Num(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

Period Make(std::string code, std::string kind, Date start, Date end) {
  return Period{std::move(code), std::move(kind), start, end};
}

Date ShiftYear(Date d, int years) {
  auto same = Date::FromYmd(d.year() + years, d.month(), d.day());
  if (same) return *same;
  return *Date::FromYmd(d.year() + years, d.month(), DaysInMonth(d.year() + years, d.month()));
}

Result<Period> ParsePeriodAnyYear(std::string_view pe, const std::string& field);

}  // namespace

Result<Period> ParsePeriod(std::string_view pe, const std::string& field) {
  auto parsed = ParsePeriodAnyYear(pe, field);
  // Years 1900-2100 only, so the year before is always a real period too.
  if (parsed.ok() && (parsed->start.year() < 1900 || parsed->end.year() > 2100)) {
    return Status::InvalidField(field,
                                "'" + std::string(pe) + "' is outside the years 1900 to 2100");
  }
  return parsed;
}

namespace {
Result<Period> ParsePeriodAnyYear(std::string_view pe, const std::string& field) {
  auto bad = [&]() {
    return Status::InvalidField(
        field, "'" + std::string(pe) +
                   "' is not a period: use 2024, 2024H1, 2024Q3, 202403, 20240315 or "
                   "2024-03-01..2024-06-30");
  };
  if (auto dots = pe.find(".."); dots != std::string_view::npos) {
    auto a = Date::ParseIso(pe.substr(0, dots));
    auto b = Date::ParseIso(pe.substr(dots + 2));
    if (!a || !b) return bad();
    if (*b < *a) return Status::InvalidField(field, "the range ends before it starts");
    if (b->days() - a->days() > 366 * 20)
      return Status::InvalidField(field, "the range is longer than 20 years");
    return Make(a->ToIso() + ".." + b->ToIso(), "range", *a, *b);
  }
  if (pe.size() == 4 && Digits(pe)) {
    int y = Num(pe);
    if (y < 1900 || y > 2100) return bad();
    return Make(std::string(pe), "year", *Date::FromYmd(y, 1, 1), *Date::FromYmd(y, 12, 31));
  }
  if (pe.size() == 6 && Digits(pe.substr(0, 4)) &&
      (pe[4] == 'Q' || pe[4] == 'q' || pe[4] == 'H' || pe[4] == 'h') && Digits(pe.substr(5))) {
    int y = Num(pe.substr(0, 4)), n = Num(pe.substr(5));
    if (y < 1900 || y > 2100) return bad();
    bool half = pe[4] == 'H' || pe[4] == 'h';
    if (half ? (n < 1 || n > 2) : (n < 1 || n > 4)) return bad();
    int months = half ? 6 : 3;
    Date start = *Date::FromYmd(y, (n - 1) * months + 1, 1);
    Date end = start.AddMonths(months).AddDays(-1);
    std::string code = std::to_string(y) + (half ? "H" : "Q") + std::to_string(n);
    return Make(code, half ? "half" : "quarter", start, end);
  }
  if (pe.size() == 6 && Digits(pe)) {
    auto start = Date::FromYmd(Num(pe.substr(0, 4)), Num(pe.substr(4, 2)), 1);
    if (!start || start->year() < 1900 || start->year() > 2100) return bad();
    return Make(std::string(pe), "month", *start, start->AddMonths(1).AddDays(-1));
  }
  if (pe.size() == 8 && Digits(pe)) {
    auto d = Date::ParseCompact(pe);
    if (!d) return bad();
    return Make(std::string(pe), "day", *d, *d);
  }
  return bad();
}
}  // namespace

Period Period::YearBefore() const {
  Period p = *this;
  p.start = ShiftYear(start, -1);
  p.end = ShiftYear(end, -1);
  if (kind == "month" && end.day() == DaysInMonth(end.year(), end.month())) {
    p.end = *Date::FromYmd(p.end.year(), p.end.month(), DaysInMonth(p.end.year(), p.end.month()));
  }
  int y = start.year() - 1;
  if (kind == "year")
    p.code = std::to_string(y);
  else if (kind == "quarter" || kind == "half")
    p.code = std::to_string(y) + code.substr(4);
  else if (kind == "month")
    p.code = std::to_string(y) + code.substr(4);
  else if (kind == "day")
    p.code = p.start.ToCompact();
  else
    p.code = p.start.ToIso() + ".." + p.end.ToIso();
  return p;
}

Period Period::Through(Date on) const {
  Period p = *this;
  if (on < p.end && on >= p.start) p.end = on;
  return p;
}

Period YearOf(Date d) {
  return Period{std::to_string(d.year()), "year", *Date::FromYmd(d.year(), 1, 1),
                *Date::FromYmd(d.year(), 12, 31)};
}

}  // namespace yilian
