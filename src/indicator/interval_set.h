// Sets of days as sorted, disjoint, half-open intervals [start, end) of day
// numbers (days since 1970-01-01). kForever closes an interval that never
// ends. Small value type for building residents' contributions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace yilian::indicator {

inline constexpr int32_t kForever = std::numeric_limits<int32_t>::max();

class DaySet {
 public:
  DaySet() = default;
  // [start, end); empty when end <= start.
  static DaySet Of(int32_t start, int32_t end) {
    DaySet s;
    if (start < end) s.spans_.push_back({start, end});
    return s;
  }
  bool empty() const { return spans_.empty(); }
  const std::vector<std::pair<int32_t, int32_t>>& spans() const { return spans_; }

  // Adds [start, end) to the set, merging overlaps and neighbours.
  void Add(int32_t start, int32_t end) {
    if (start >= end) return;
    spans_.push_back({start, end});
    Normalise();
  }
  DaySet Union(const DaySet& o) const {
    DaySet s = *this;
    s.spans_.insert(s.spans_.end(), o.spans_.begin(), o.spans_.end());
    s.Normalise();
    return s;
  }
  DaySet Intersect(const DaySet& o) const {
    DaySet out;
    size_t i = 0, j = 0;
    while (i < spans_.size() && j < o.spans_.size()) {
      int32_t lo = std::max(spans_[i].first, o.spans_[j].first);
      int32_t hi = std::min(spans_[i].second, o.spans_[j].second);
      if (lo < hi) out.spans_.push_back({lo, hi});
      if (spans_[i].second < o.spans_[j].second) {
        ++i;
      } else {
        ++j;
      }
    }
    return out;
  }
  bool Contains(int32_t day) const {
    for (const auto& [s, e] : spans_)
      if (s <= day && day < e) return true;
    return false;
  }

 private:
  void Normalise() {
    std::sort(spans_.begin(), spans_.end());
    std::vector<std::pair<int32_t, int32_t>> out;
    for (const auto& sp : spans_) {
      if (!out.empty() && sp.first <= out.back().second) {
        out.back().second = std::max(out.back().second, sp.second);
      } else {
        out.push_back(sp);
      }
    }
    spans_ = std::move(out);
  }
  std::vector<std::pair<int32_t, int32_t>> spans_;
};

}  // namespace yilian::indicator
