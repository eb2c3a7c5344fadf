#include "live/day_series.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace yilian::live {
namespace {

struct Pair {
  int64_t a = 0, b = 0;
  Pair& operator+=(const Pair& o) {
    a += o.a;
    b += o.b;
    return *this;
  }
  Pair& operator-=(const Pair& o) {
    a -= o.a;
    b -= o.b;
    return *this;
  }
  bool operator==(const Pair&) const = default;
};

// The builder's result must equal a plain sum per day, zeros dropped, in day
// order, whichever way it compacted (sorting or the dense array).
template <typename V, typename D, typename Make>
void CheckAgainstMap(uint32_t seed, size_t n, int64_t lo, int64_t hi, Make make) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> day(lo, hi);
  SeriesBuilder<V, D> b;
  std::map<D, V> want;
  for (size_t i = 0; i < n; ++i) {
    D d = static_cast<D>(day(rng));
    V v = make(rng);
    b.Add(d, v);
    want[d] += v;
    // Deltas that cancel within a day must vanish too.
    if (i % 7 == 0) {
      V neg{};
      neg -= v;
      b.Add(d, neg);
      want[d] -= v;
    }
  }
  std::vector<std::pair<D, V>> expected;
  for (const auto& [d, v] : want)
    if (!(v == V{})) expected.emplace_back(d, v);
  ASSERT_EQ(b.Compacted(), expected) << "seed " << seed << " n " << n;
}

TEST(SeriesBuilder, NarrowDaysEqualPlainSums) {
  auto make = [](std::mt19937& r) { return static_cast<int64_t>(r() % 7) - 3; };
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    CheckAgainstMap<int64_t, uint16_t>(seed, 50, 0, 400, make);        // sorting only
    CheckAgainstMap<int64_t, uint16_t>(seed, 20000, 0, 65535, make);   // dense, full span
    CheckAgainstMap<int64_t, uint16_t>(seed, 9000, 6000, 6200, make);  // dense, narrow span
  }
}

TEST(SeriesBuilder, WideDaysFallBackToSortingBeyondTheDenseSpan) {
  auto make = [](std::mt19937& r) {
    return Pair{static_cast<int64_t>(r() % 5) - 2, static_cast<int64_t>(r() % 3)};
  };
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    CheckAgainstMap<Pair, int32_t>(seed, 30000, 20000, 21000, make);    // dense
    CheckAgainstMap<Pair, int32_t>(seed, 30000, -40000, 100000, make);  // too wide: sorts
  }
}

TEST(SeriesBuilder, BuildsTheSeriesOfRunningSums) {
  SeriesBuilder<int64_t> b;
  std::map<int32_t, int64_t> want;
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    int32_t d = static_cast<int32_t>(rng() % 3000);
    b.Add(d, 1);
    want[d] += 1;
  }
  DaySeries<int64_t> s = b.Build();
  int64_t sum = 0;
  for (int32_t d = 0; d < 3000; ++d) {
    if (auto it = want.find(d); it != want.end()) sum += it->second;
    ASSERT_EQ(s.Through(d), sum) << d;
  }
  EXPECT_EQ(s.Between(100, 199), s.Through(199) - s.Through(99));
}

}  // namespace
}  // namespace yilian::live
