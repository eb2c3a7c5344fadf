#include "indicator/indicator_cube.h"

#include <algorithm>
#include <thread>
#include <unordered_map>

#include "indicator/interval_set.h"

namespace yilian::indicator {
namespace {

// The village and every unit above it, as the tree stands.
std::vector<std::string> Chain(const OrgTree& tree, const std::string& village) {
  std::vector<std::string> out;
  for (const OrgUnit* u : tree.Path(village)) out.push_back(u->code);
  if (out.empty()) out.push_back(village);
  return out;
}

}  // namespace

IndicatorCube::Day IndicatorCube::Offset(int32_t day) {
  return static_cast<Day>(std::clamp<int64_t>(static_cast<int64_t>(day) - kHorizon, 0, 65535));
}

IndicatorCube::UnitSeries& IndicatorCube::SeriesOf(const std::string& unit) {
  auto& u = units_[unit];
  if (u.narrow.empty()) {
    u.narrow.resize(static_cast<size_t>(elements_.slots()));
    u.wide.resize(static_cast<size_t>(elements_.slots()));
  }
  return u;
}

void IndicatorCube::AddTo(UnitSeries& u, int slot, int32_t day, int64_t delta) {
  if (elements_.Wide(slot)) {
    u.wide[slot].Add(Offset(day), delta);
  } else {
    u.narrow[slot].Add(Offset(day), static_cast<int32_t>(delta));
  }
}

void IndicatorCube::Put(const std::string& village, const std::vector<Contribution>& cs, int sign,
                        const OrgTree& tree) {
  if (cs.empty()) return;
  for (const auto& unit : Chain(tree, village)) {
    auto& series = SeriesOf(unit);
    for (const auto& c : cs) {
      AddTo(series, c.slot, c.start, sign * c.weight);
      if (c.end != kForever) AddTo(series, c.slot, c.end, -sign * c.weight);
    }
  }
}

void IndicatorCube::Apply(const live::ResidentFacts* before, const live::ResidentFacts* after,
                          const OrgTree& tree) {
  std::vector<Contribution> old_cs, new_cs;
  std::string old_village, new_village;
  if (before && before->resident) {
    old_cs = contributor_.Of(*before);
    old_village = before->resident->village_code;
  }
  if (after && after->resident) {
    new_cs = contributor_.Of(*after);
    new_village = after->resident->village_code;
  }
  if (old_village == new_village) {
    std::sort(old_cs.begin(), old_cs.end());
    std::sort(new_cs.begin(), new_cs.end());
    CancelCommon(&old_cs, &new_cs);
  }
  Put(old_village, old_cs, -1, tree);
  Put(new_village, new_cs, +1, tree);
}

void IndicatorCube::Accumulate(const live::ResidentFacts& f) {
  if (!f.resident) return;
  auto cs = contributor_.Of(f);
  if (cs.empty()) return;
  auto& builders = pending_[f.resident->village_code];
  if (builders.narrow.empty()) {
    builders.narrow.resize(static_cast<size_t>(elements_.slots()));
    builders.wide.resize(static_cast<size_t>(elements_.slots()));
  }
  for (const auto& c : cs) {
    if (elements_.Wide(c.slot)) {
      auto& b = builders.wide[c.slot];
      b.Add(Offset(c.start), c.weight);
      if (c.end != kForever) b.Add(Offset(c.end), -c.weight);
    } else {
      auto& b = builders.narrow[c.slot];
      b.Add(Offset(c.start), static_cast<int32_t>(c.weight));
      if (c.end != kForever) b.Add(Offset(c.end), static_cast<int32_t>(-c.weight));
    }
  }
}

void IndicatorCube::Finish(const OrgTree& tree) {
  auto build = [&](UnitSeries& u, int s, const std::vector<std::pair<Day, int64_t>>& deltas) {
    if (elements_.Wide(s)) {
      u.wide[s] = Wide::FromDeltas(deltas);
    } else {
      std::vector<std::pair<Day, int32_t>> narrow;
      narrow.reserve(deltas.size());
      for (const auto& [d, v] : deltas) narrow.emplace_back(d, static_cast<int32_t>(v));
      u.narrow[s] = Narrow::FromDeltas(narrow);
    }
  };
  // Each village's series, builders and parent, and each unit above a
  // village with its depth and parent, from one walk of the villages' chains.
  // Every series is created here, before the slots are built in parallel
  // (each thread then writes only its own slots).
  struct Village {
    UnitSeries* series;
    VillageBuilders* builders;
    UnitSeries* parent;  // null for a village outside the tree
  };
  struct Above {
    size_t depth;
    UnitSeries* series;
    UnitSeries* parent;  // null for a root
  };
  std::vector<Village> villages;
  std::unordered_map<std::string, Above> above;
  for (auto& [village, builders] : pending_) {
    auto chain = Chain(tree, village);  // root first, the village last
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
      if (!above.count(chain[i])) {
        above[chain[i]] = {i, &SeriesOf(chain[i]), i > 0 ? &SeriesOf(chain[i - 1]) : nullptr};
      }
    }
    UnitSeries* parent = chain.size() > 1 ? &SeriesOf(chain[chain.size() - 2]) : nullptr;
    villages.push_back({&SeriesOf(village), &builders, parent});
  }
  // Deepest first, so a unit is complete before it passes its sums up.
  std::vector<Above> upward;
  for (const auto& [unit, a] : above) upward.push_back(a);
  std::sort(upward.begin(), upward.end(),
            [](const Above& a, const Above& b) { return a.depth > b.depth; });

  // One slot: villages from their own deltas, then each unit above from its
  // children's sums, a level at a time (a county adds its townships' daily
  // sums, not every village's deltas again).
  auto build_slot = [&](int s) {
    std::unordered_map<UnitSeries*, live::SeriesBuilder<int64_t, Day>> up;
    const bool wide = elements_.Wide(s);
    for (const Village& v : villages) {
      auto pass_up = [&](const auto& deltas) {
        if (deltas.empty() || v.parent == nullptr) return;
        auto& b = up[v.parent];
        for (const auto& [day, delta] : deltas) b.Add(day, delta);
      };
      if (wide) {
        const auto& deltas = v.builders->wide[static_cast<size_t>(s)].Compacted();
        v.series->wide[s] = Wide::FromDeltas(deltas);
        pass_up(deltas);
      } else {
        const auto& deltas = v.builders->narrow[static_cast<size_t>(s)].Compacted();
        v.series->narrow[s] = Narrow::FromDeltas(deltas);
        pass_up(deltas);
      }
    }
    for (const Above& u : upward) {
      auto it = up.find(u.series);
      if (it == up.end()) continue;
      const auto& sums = it->second.Compacted();
      build(*u.series, s, sums);
      if (u.parent == nullptr || sums.empty()) continue;
      auto& b = up[u.parent];  // a reference into a node: stays valid as `up` grows
      for (const auto& [day, delta] : sums) b.Add(day, delta);
    }
  };
  const int slots = elements_.slots();
  const int threads =
      std::max(1, std::min({static_cast<int>(std::thread::hardware_concurrency()), 4, slots}));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int s = t; s < slots; s += threads) build_slot(s);
    });
  }
  for (int s = 0; s < slots; s += threads) build_slot(s);
  for (auto& th : pool) th.join();
  pending_.clear();
}

int64_t IndicatorCube::Through(const std::string& unit, const std::vector<int>& slots,
                               Date day) const {
  auto it = units_.find(unit);
  if (it == units_.end() || day.days() < kHorizon) return 0;
  Day d = Offset(day.days());
  int64_t sum = 0;
  for (int s : slots) {
    sum += elements_.Wide(s) ? it->second.wide[s].Through(d) : it->second.narrow[s].Through(d);
  }
  return sum;
}

int64_t IndicatorCube::Between(const std::string& unit, const std::vector<int>& slots, Date from,
                               Date to) const {
  auto it = units_.find(unit);
  if (it == units_.end() || to.days() < kHorizon || to < from) return 0;
  Day hi = Offset(to.days());
  bool whole = from.days() <= kHorizon;  // nothing was kept before the horizon
  Day lo = whole ? 0 : Offset(from.days() - 1);
  int64_t sum = 0;
  for (int s : slots) {
    if (elements_.Wide(s)) {
      sum += it->second.wide[s].Through(hi) - (whole ? 0 : it->second.wide[s].Through(lo));
    } else {
      sum += it->second.narrow[s].Through(hi) - (whole ? 0 : it->second.narrow[s].Through(lo));
    }
  }
  return sum;
}

size_t IndicatorCube::bytes() const {
  size_t n = 0;
  for (const auto& [unit, u] : units_) {
    n += unit.capacity() + sizeof(u) + u.narrow.capacity() * sizeof(Narrow) +
         u.wide.capacity() * sizeof(Wide);
    for (const auto& s : u.narrow) n += s.bytes();
    for (const auto& s : u.wide) n += s.bytes();
  }
  return n;
}

}  // namespace yilian::indicator
