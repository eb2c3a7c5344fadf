// Data-driven: tests/data/periods/cases.txt (see the README.md there):
// every accepted form of a period, the refused ones, the year before and
// the days through a date.
#include "core/period.h"

#include <gtest/gtest.h>

#include "testing/case_file.h"

namespace yilian {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::ParseDate;
using testing::ParseInt;

std::string Show(const Period& p) {
  return "code=" + p.code + " kind=" + p.kind + " start=" + p.start.ToIso() +
         " end=" + p.end.ToIso() + " days=" + std::to_string(p.days());
}

// The expected Period from "code= kind= start= end= [days=]" options, shown
// the same way (kind and days optional: taken from `got` when not given).
std::string Want(const CaseLine& l, const Period& got) {
  l.OnlyKeys({"code", "kind", "start", "end", "days"});
  Period p;
  p.code = l.Opt("code", got.code);
  p.kind = l.Opt("kind", got.kind);
  p.start = ParseDate(l.Opt("start"));
  p.end = ParseDate(l.Opt("end"));
  std::string s = Show(p);
  if (!l.Has("days")) return s.substr(0, s.find(" days=")) + " days=" + std::to_string(got.days());
  return s.substr(0, s.find(" days=")) + " days=" + l.Opt("days");
}

TEST(PeriodTest, DataDrivenCases) {
  int n = 0;
  for (const Case& c : testing::ReadCases("periods/cases.txt")) {
    for (const CaseLine& l : c.lines) {
      ++n;
      try {
        // ok <pe> code= kind= start= end= [days=]
        // bad <pe> <reason fragment>
        // before <pe> code= start= end=          (YearBefore)
        // through <pe> <date> start= end=        (Through)
        // contains <pe> <date> yes|no
        const std::string& pe = l.Arg(0);
        auto r = ParsePeriod(pe, "period");
        if (l.verb == "bad") {
          ASSERT_FALSE(r.ok()) << c.Where(l) << "\n  accepted as " << Show(*r);
          ASSERT_EQ(r.status().fields().size(), 1u) << c.Where(l);
          EXPECT_EQ(r.status().fields()[0].field, "period") << c.Where(l);
          EXPECT_NE(r.status().fields()[0].reason.find(testing::AfterFirstWord(l)),
                    std::string::npos)
              << c.Where(l) << "\n  reason: " << r.status().fields()[0].reason;
          continue;
        }
        if (!r.ok()) {
          ADD_FAILURE() << c.Where(l) << "\n  refused: " << r.status().ToString();
          continue;
        }
        if (l.verb == "ok") {
          EXPECT_EQ(Show(*r), Want(l, *r)) << c.Where(l);
        } else if (l.verb == "before") {
          Period b = r->YearBefore();
          EXPECT_EQ(Show(b), Want(l, b)) << c.Where(l);
        } else if (l.verb == "through") {
          Period t = r->Through(ParseDate(l.Arg(1)));
          EXPECT_EQ(Show(t), Want(l, t)) << c.Where(l);
        } else if (l.verb == "contains") {
          EXPECT_EQ(r->Contains(ParseDate(l.Arg(1))) ? "yes" : "no", l.Arg(2)) << c.Where(l);
        } else {
          throw CaseError("unknown statement '" + l.verb + "'");
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where(l) << ": bad line: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 50) << "cases went missing";
}

TEST(PeriodTest, YearOfADate) {
  Period p = YearOf(*Date::FromYmd(2024, 2, 29));
  EXPECT_EQ(Show(p), "code=2024 kind=year start=2024-01-01 end=2024-12-31 days=366");
}

}  // namespace
}  // namespace yilian
