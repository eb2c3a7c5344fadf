// Sets of days as sorted, disjoint, half-open intervals [start, end) of day
// numbers (days since 1970-01-01). kForever closes an interval that never
// ends. Small value type for building residents' contributions: a resident's
// sets are nearly all empty or one span, so two spans are kept inline and
// building them allocates nothing (a rebuild makes tens of millions).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

#include <boost/container/small_vector.hpp>

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
  using Spans = boost::container::small_vector<std::pair<int32_t, int32_t>, 2>;
  bool empty() const { return spans_.empty(); }
  const Spans& spans() const { return spans_; }

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
  // Sorts and merges overlapping or touching spans, in place.
  void Normalise() {
    if (spans_.size() < 2) return;
    std::sort(spans_.begin(), spans_.end());
    size_t n = 0;
    for (size_t i = 1; i < spans_.size(); ++i) {
      if (spans_[i].first <= spans_[n].second) {
        spans_[n].second = std::max(spans_[n].second, spans_[i].second);
      } else {
        spans_[++n] = spans_[i];
      }
    }
    spans_.resize(n + 1);
  }
  Spans spans_;
};

}  // namespace yilian::indicator
