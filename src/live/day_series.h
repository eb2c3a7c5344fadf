// DaySeries<V>: a value that changes on certain days, kept as running sums so
// that the total over any range of days is two binary searches.
//
// Entries are (day, sum of all deltas through that day), one per day that
// has a non-zero delta, sorted by day. Adding a delta on day d touches the
// entries from d on; live writes are almost always about recent days, so
// that tail is short. V is a small aggregate with +=, -=, == and a zero
// value V{}. D is the stored day type: int32_t days since 1970-01-01, or a
// narrower offset from a base day chosen by the owner (the indicator cube
// keeps uint16_t days since its horizon, halving its memory).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace yilian::live {

template <typename V, typename D = int32_t>
class DaySeries {
 public:
  // Adds `delta` on `day`.
  void Add(D day, const V& delta) {
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
  V Through(D day) const {
    auto it = std::upper_bound(days_.begin(), days_.end(), day);
    return it == days_.begin() ? V{} : sums_[static_cast<size_t>(it - days_.begin()) - 1];
  }
  // Sum of deltas on days from..to, inclusive.
  V Between(D from, D to) const {
    V v = Through(to);
    if (from > std::numeric_limits<D>::min()) v -= Through(static_cast<D>(from - 1));
    return v;
  }
  // The series of already compacted deltas: (day, delta) sorted by day,
  // one per day, none zero (see SeriesBuilder).
  static DaySeries FromDeltas(const std::vector<std::pair<D, V>>& deltas) {
    DaySeries s;
    s.days_.reserve(deltas.size());
    s.sums_.reserve(deltas.size());
    V sum{};
    for (const auto& [day, delta] : deltas) {
      sum += delta;
      s.days_.push_back(day);
      s.sums_.push_back(sum);
    }
    return s;
  }
  bool empty() const { return days_.empty(); }
  size_t size() const { return days_.size(); }
  size_t bytes() const { return days_.capacity() * sizeof(D) + sums_.capacity() * sizeof(V); }

 private:
  std::vector<D> days_;
  std::vector<V> sums_;
};

// Collects (day, delta) pairs for a bulk build of a DaySeries: far cheaper
// than Add for millions of deltas in no particular order. Compacts itself
// (sorts, sums each day, drops zeros) as it grows, so it holds about one
// entry per distinct day.
template <typename V, typename D = int32_t>
class SeriesBuilder {
 public:
  void Add(D day, const V& delta) {
    deltas_.emplace_back(day, delta);
    if (deltas_.size() >= next_compaction_) {
      Compact();
      next_compaction_ = std::max<size_t>(4096, 2 * deltas_.size());
    }
  }
  // Sorted, one per day, no zeros.
  const std::vector<std::pair<D, V>>& Compacted() {
    Compact();
    return deltas_;
  }
  DaySeries<V, D> Build() { return DaySeries<V, D>::FromDeltas(Compacted()); }
  bool empty() const { return deltas_.empty(); }
  void Clear() {
    deltas_.clear();
    deltas_.shrink_to_fit();
    sorted_ = 0;
  }

 private:
  // Small batches: the compacted prefix stays sorted, only the new tail is
  // sorted and merged in. Large ones (the bulk of a rebuild) are summed into
  // a per-thread array indexed by day instead, which costs a pass over the
  // entries and one over a bitmap of the days seen, not a comparison sort.
  void Compact() {
    if (sorted_ == deltas_.size()) return;
    if (deltas_.size() - sorted_ >= kDenseFrom && CompactDense()) return;
    auto by_day = [](const auto& a, const auto& b) { return a.first < b.first; };
    auto mid = deltas_.begin() + static_cast<std::ptrdiff_t>(sorted_);
    std::sort(mid, deltas_.end(), by_day);
    std::inplace_merge(deltas_.begin(), mid, deltas_.end(), by_day);
    size_t out = 0;
    for (size_t i = 0; i < deltas_.size();) {
      D day = deltas_[i].first;
      V sum{};
      for (; i < deltas_.size() && deltas_[i].first == day; ++i) sum += deltas_[i].second;
      if (!(sum == V{})) deltas_[out++] = {day, sum};
    }
    deltas_.resize(out);
    sorted_ = out;
  }
  // False (having changed nothing) when the days span more than kDenseSpan.
  bool CompactDense() {
    int64_t lo = deltas_[0].first, hi = lo;
    for (const auto& [day, v] : deltas_) {
      lo = std::min<int64_t>(lo, day);
      hi = std::max<int64_t>(hi, day);
    }
    const size_t span = static_cast<size_t>(hi - lo) + 1;
    if (span > kDenseSpan) return false;
    // Zero outside a call: each sum is read back and cleared below.
    thread_local std::vector<V> sums(kDenseSpan);
    thread_local std::vector<uint64_t> seen(kDenseSpan / 64);
    for (const auto& [day, v] : deltas_) {
      size_t i = static_cast<size_t>(day - lo);
      sums[i] += v;
      seen[i / 64] |= uint64_t{1} << (i % 64);
    }
    size_t out = 0;  // every entry is in `sums` before any is written back
    for (size_t w = 0; w * 64 < span; ++w) {
      for (uint64_t bits = std::exchange(seen[w], 0); bits != 0; bits &= bits - 1) {
        size_t i = w * 64 + static_cast<size_t>(std::countr_zero(bits));
        V sum = std::exchange(sums[i], V{});
        if (!(sum == V{})) deltas_[out++] = {static_cast<D>(lo + static_cast<int64_t>(i)), sum};
      }
    }
    deltas_.resize(out);
    sorted_ = out;
    return true;
  }
  static constexpr size_t kDenseFrom = 1024;
  static constexpr size_t kDenseSpan = size_t{1} << 16;
  size_t sorted_ = 0;
  std::vector<std::pair<D, V>> deltas_;
  size_t next_compaction_ = 4096;
};

}  // namespace yilian::live
