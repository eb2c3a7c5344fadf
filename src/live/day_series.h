// DaySeries<V>: a value that changes on certain days, kept as running sums so
// that the total over any range of days is two binary searches.
//
// Entries are (day, sum of all deltas through that day), one per day that
// has a non-zero delta, sorted by day. Adding a delta on day d touches the
// entries from d on; live writes are almost always about recent days, so
// that tail is short. V is a small aggregate with +=, -=, == and a zero
// value V{}.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace yilian::live {

template <typename V>
class DaySeries {
 public:
  // Adds `delta` on `day` (days since 1970-01-01).
  void Add(int32_t day, const V& delta) {
    auto it = std::lower_bound(days_.begin(), days_.end(), day);
    size_t i = static_cast<size_t>(it - days_.begin());
    if (it == days_.end() || *it != day) {
      V before = i == 0 ? V{} : sums_[i - 1];
      days_.insert(it, day);
      sums_.insert(sums_.begin() + static_cast<std::ptrdiff_t>(i), before);
    }
    for (size_t k = i; k < sums_.size(); ++k) sums_[k] += delta;
    // A day whose deltas cancel out is dropped, so the series stays as small
    // as its real changes.
    V prev = i == 0 ? V{} : sums_[i - 1];
    if (sums_[i] == prev) {
      days_.erase(days_.begin() + static_cast<std::ptrdiff_t>(i));
      sums_.erase(sums_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  // Sum of deltas on days <= day.
  V Through(int32_t day) const {
    auto it = std::upper_bound(days_.begin(), days_.end(), day);
    return it == days_.begin() ? V{} : sums_[static_cast<size_t>(it - days_.begin()) - 1];
  }
  // Sum of deltas on days from..to, inclusive.
  V Between(int32_t from, int32_t to) const {
    V v = Through(to);
    v -= Through(from - 1);
    return v;
  }
  bool empty() const { return days_.empty(); }
  size_t size() const { return days_.size(); }
  size_t bytes() const { return days_.capacity() * sizeof(int32_t) + sums_.capacity() * sizeof(V); }

 private:
  std::vector<int32_t> days_;
  std::vector<V> sums_;
};

}  // namespace yilian::live
