#include "core/date.h"

#include <gtest/gtest.h>

namespace yilian {
namespace {

Date D(const char* iso) { return *Date::ParseIso(iso); }

TEST(DateTest, ParsesOnlyRealDays) {
  EXPECT_EQ(D("1970-01-01").days(), 0);
  EXPECT_EQ(D("2024-02-29").ToIso(), "2024-02-29");
  EXPECT_FALSE(Date::ParseIso("2023-02-29"));
  EXPECT_FALSE(Date::ParseIso("1900-02-29"));  // century, not a leap year
  EXPECT_TRUE(Date::ParseIso("2000-02-29"));
  EXPECT_FALSE(Date::ParseIso("2024-13-01"));
  EXPECT_FALSE(Date::ParseIso("2024-1-01"));
  EXPECT_FALSE(Date::ParseIso("1799-12-31"));
  EXPECT_EQ(Date::ParseCompact("20170309")->ToIso(), "2017-03-09");
  EXPECT_EQ(D("2017-03-09").ToCompact(), "20170309");
}

TEST(DateTest, AddMonthsClampsToTheMonthsEnd) {
  EXPECT_EQ(D("2024-01-31").AddMonths(1).ToIso(), "2024-02-29");
  EXPECT_EQ(D("2023-01-31").AddMonths(1).ToIso(), "2023-02-28");
  EXPECT_EQ(D("2023-03-31").AddMonths(-1).ToIso(), "2023-02-28");
  EXPECT_EQ(D("2023-11-15").AddMonths(14).ToIso(), "2025-01-15");
}

TEST(DateTest, AgeTurnsOnTheBirthdayAndOnMarch1ForLeapDayBirths) {
  EXPECT_EQ(D("2000-06-15").AgeOn(D("2010-06-14")), 9);
  EXPECT_EQ(D("2000-06-15").AgeOn(D("2010-06-15")), 10);
  EXPECT_EQ(D("2000-02-29").AgeOn(D("2001-02-28")), 0);
  EXPECT_EQ(D("2000-02-29").AgeOn(D("2001-03-01")), 1);
  EXPECT_EQ(D("2000-02-29").AgeOn(D("2004-02-29")), 4);
}

TEST(DateTest, AnniversaryIsTheFirstDayOfThatAge) {
  EXPECT_EQ(D("1960-05-20").Anniversary(65).ToIso(), "2025-05-20");
  EXPECT_EQ(D("2000-02-29").Anniversary(1).ToIso(), "2001-03-01");
  EXPECT_EQ(D("2000-02-29").Anniversary(4).ToIso(), "2004-02-29");
  EXPECT_EQ(D("1999-12-31").Anniversary(0).ToIso(), "1999-12-31");
  // The definition, over every birth day of four years (a leap day among
  // them) and the ages the indicators use.
  for (int32_t b = D("1947-01-01").days(); b < D("1951-01-01").days(); ++b) {
    Date birth = Date::FromDays(b);
    for (int years : {0, 3, 7, 15, 35, 60, 65, 75}) {
      Date a = birth.Anniversary(years);
      ASSERT_EQ(birth.AgeOn(a), years) << birth.ToIso() << " " << years;
      ASSERT_EQ(birth.AgeOn(a.AddDays(-1)), years - 1) << birth.ToIso() << " " << years;
    }
  }
}

}  // namespace
}  // namespace yilian
