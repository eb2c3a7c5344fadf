// Data-driven: tests/data/fund_allocation/*.txt (see the README.md there):
// a pool split over facilities by points × quality, to the cent. Plus a
// generated city (¥150,000,000.00 over 2,000 facilities) checked for the
// exact sum, the largest-remainder rule and determinism.
#include "workpoint/fund_allocation.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "catalogue/service_catalogue.h"
#include "testing/case_file.h"

namespace yilian {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::ParseInt;
using testing::ParseScaled;

// Invariants every allocation must keep, whatever the case says.
void ExpectInvariants(const Allocation& a, const std::string& where) {
  int64_t sum = 0;
  bool any_weight = false;
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const auto& l = a.lines[i];
    sum += l.share_cents;
    any_weight |= l.points_centi > 0 && l.quality_milli > 0;
    EXPECT_EQ(l.payable_cents, l.share_cents - l.prepaid_cents) << where;
    EXPECT_GE(l.share_cents, 0) << where;
    if (i > 0) {
      EXPECT_LT(a.lines[i - 1].facility_id, l.facility_id) << where << ": id order";
    }
  }
  EXPECT_EQ(sum, any_weight ? a.pool_cents : 0) << where << ": shares must add up to the pool";
}

void RunAllocationCase(const Case& c) {
  std::optional<int64_t> pool;
  std::vector<FacilityWeight> facilities;
  std::optional<Allocation> a;
  std::set<int64_t> shared;
  auto compute = [&]() {
    if (a) return;
    if (!pool) throw CaseError("no pool");
    a = Allocate(*pool, facilities);
    ExpectInvariants(*a, c.Where());
  };
  auto line_of = [&](int64_t id) -> const AllocationLine& {
    for (const auto& l : a->lines)
      if (l.facility_id == id) return l;
    throw CaseError("no facility " + std::to_string(id) + " in the allocation");
  };
  for (const CaseLine& l : c.lines) {
    const std::string& v = l.verb;
    if (v == "pool") {
      pool = ParseScaled(l.Arg(0), 2);
    } else if (v == "facility") {  // facility <id> points= [quality=] [prepaid=] [name=]
      l.OnlyKeys({"points", "quality", "prepaid", "name"});
      if (a) throw CaseError("facilities after the expectations");
      FacilityWeight f;
      f.facility_id = ParseInt(l.Arg(0));
      f.name = l.Opt("name", "机构" + l.Arg(0));
      f.points_centi = ParseScaled(l.Opt("points"), 2);
      f.quality_milli = ParseScaled(l.Opt("quality", "1"), 3);
      f.prepaid_cents = ParseScaled(l.Opt("prepaid", "0"), 2);
      facilities.push_back(f);
    } else if (v == "share") {  // share <id> <yuan> [payable=<yuan>]
      l.OnlyKeys({"payable"});
      compute();
      const AllocationLine& got = line_of(ParseInt(l.Arg(0)));
      shared.insert(got.facility_id);
      EXPECT_EQ(FormatYuan(got.share_cents), FormatYuan(ParseScaled(l.Arg(1), 2)))
          << c.Where(l) << "\n  " << got.working;
      if (l.Has("payable")) {
        EXPECT_EQ(FormatYuan(got.payable_cents), FormatYuan(ParseScaled(l.Opt("payable"), 2)))
            << c.Where(l);
      }
    } else if (v == "total-points") {
      compute();
      EXPECT_EQ(FormatPoints(a->total_points_centi), FormatPoints(ParseScaled(l.Arg(0), 2)))
          << c.Where(l);
    } else if (v == "working") {  // working <id> <fragment of the explanation>
      compute();
      const AllocationLine& got = line_of(ParseInt(l.Arg(0)));
      EXPECT_NE(got.working.find(testing::AfterFirstWord(l)), std::string::npos)
          << c.Where(l) << "\n  got: " << got.working;
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }
  compute();
  EXPECT_EQ(a->lines.size(), facilities.size()) << c.Where();
  for (const auto& l : a->lines) {
    EXPECT_TRUE(shared.count(l.facility_id))
        << c.Where() << ": no 'share' line for facility " << l.facility_id << " (got "
        << FormatYuan(l.share_cents) << ")";
  }
}

TEST(FundAllocationTest, DataDrivenCases) {
  int n = 0;
  for (const std::string& file : testing::CaseFiles("fund_allocation", "alloc_")) {
    for (const Case& c : testing::ReadCases(file)) {
      ++n;
      try {
        RunAllocationCase(c);
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where() << ": bad case: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 15) << "cases went missing";
}

// format.txt: "yuan <cents> <text>", "quality <milli> <text>", "points <centi> <text>".
TEST(FundAllocationTest, Formatting) {
  int n = 0;
  for (const Case& c : testing::ReadCases("fund_allocation/format.txt")) {
    for (const CaseLine& l : c.lines) {
      ++n;
      try {
        int64_t v = ParseInt(l.Arg(0));
        std::string got = l.verb == "yuan"      ? FormatYuan(v)
                          : l.verb == "quality" ? FormatQuality(v)
                          : l.verb == "points"  ? FormatPoints(v)
                                                : throw CaseError("unknown statement " + l.verb);
        EXPECT_EQ(got, l.Arg(1)) << c.Where(l);
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where(l) << ": bad line: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 10);
}

// A city: ¥150,000,000.00 over 2,000 facilities with points up to 1,000,000
// (two decimals) and quality 0.600-1.200. Checked against the definition:
// each share is the floor of the exact share or one cent more; exactly the
// leftover cents get the extra one, and they go to the largest remainders
// (ties: the lower id); the sum is the pool; the input order does not matter.
TEST(FundAllocationTest, CityOfTwoThousandFacilities) {
  const int64_t pool = 150'000'000'00;
  std::mt19937_64 rng(20260601);
  std::vector<FacilityWeight> fs;
  for (int i = 0; i < 2000; ++i) {
    FacilityWeight f;
    f.facility_id = 100000 + i * 7;
    f.points_centi = static_cast<int64_t>(rng() % 100'000'000);  // up to 1,000,000.00
    if (i % 97 == 0) f.points_centi = 0;                         // some earned nothing
    if (i % 50 == 1) f.points_centi = 12'345'67;                 // and some tie exactly
    f.quality_milli = 600 + static_cast<int64_t>(rng() % 601);
    if (i % 50 == 1) f.quality_milli = 1000;
    if (i % 211 == 0) f.quality_milli = 0;
    f.prepaid_cents = static_cast<int64_t>(rng() % 5'000'000'00);
    fs.push_back(f);
  }
  std::vector<FacilityWeight> shuffled = fs;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  Allocation a = Allocate(pool, fs);
  Allocation b = Allocate(pool, shuffled);
  ExpectInvariants(a, "city");
  ASSERT_EQ(a.lines.size(), 2000u);
  ASSERT_EQ(b.lines.size(), 2000u);

  __int128 total = 0;
  int64_t total_points = 0;
  for (const auto& f : fs) {
    total_points += f.points_centi;
    if (f.points_centi > 0 && f.quality_milli > 0)
      total += static_cast<__int128>(f.points_centi) * f.quality_milli;
  }
  EXPECT_EQ(a.total_points_centi, total_points);
  std::map<int64_t, const FacilityWeight*> by_id;
  for (const auto& f : fs) by_id[f.facility_id] = &f;

  int64_t floors = 0, extras = 0;
  std::optional<__int128> min_rem_with_extra, max_rem_without;
  int64_t id_min_with = 0, id_max_without = 0;
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const auto& l = a.lines[i];
    EXPECT_EQ(l.share_cents, b.lines[i].share_cents)
        << "input order changed facility " << l.facility_id;
    EXPECT_EQ(l.working, b.lines[i].working);
    const FacilityWeight& f = *by_id.at(l.facility_id);
    __int128 w = f.points_centi > 0 && f.quality_milli > 0
                     ? static_cast<__int128>(f.points_centi) * f.quality_milli
                     : 0;
    __int128 num = static_cast<__int128>(pool) * w;
    auto floor_share = static_cast<int64_t>(num / total);
    __int128 rem = num % total;
    floors += floor_share;
    ASSERT_TRUE(l.share_cents == floor_share || l.share_cents == floor_share + 1)
        << "facility " << l.facility_id;
    if (w == 0) {
      EXPECT_EQ(l.share_cents, 0);
      continue;
    }
    if (l.share_cents == floor_share + 1) {
      ++extras;
      if (!min_rem_with_extra || rem < *min_rem_with_extra ||
          (rem == *min_rem_with_extra && l.facility_id > id_min_with)) {
        min_rem_with_extra = rem;
        id_min_with = l.facility_id;
      }
    } else if (!max_rem_without || rem > *max_rem_without ||
               (rem == *max_rem_without && l.facility_id < id_max_without)) {
      max_rem_without = rem;
      id_max_without = l.facility_id;
    }
  }
  EXPECT_EQ(extras, pool - floors);
  EXPECT_GT(extras, 0);
  ASSERT_TRUE(min_rem_with_extra && max_rem_without);
  // Every facility given a cent had a larger remainder than every facility
  // not given one, or an equal one and a lower id.
  EXPECT_TRUE(*min_rem_with_extra > *max_rem_without ||
              (*min_rem_with_extra == *max_rem_without && id_min_with < id_max_without))
      << "facility " << id_min_with << " got a cent before " << id_max_without;
  // The same inputs, the same cents, run after run.
  Allocation again = Allocate(pool, fs);
  for (size_t i = 0; i < a.lines.size(); ++i) {
    EXPECT_EQ(again.lines[i].share_cents, a.lines[i].share_cents);
  }
}

}  // namespace
}  // namespace yilian
