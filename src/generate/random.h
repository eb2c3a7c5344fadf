// Deterministic pseudo-random numbers for synthetic data.
//
// xoshiro256** seeded through splitmix64, with our own integer and real
// draws: <random>'s distributions are implementation-defined and differ
// between standard libraries, and a seed must give the same county anywhere.
// Only integer arithmetic and IEEE +,-,*,/ are used (no libm), so results do
// not depend on the platform's math library either.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace yilian::generate {

inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// FNV-1a, to derive stream keys from codes.
inline uint64_t HashKey(std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
  return h;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (auto& x : s_) x = SplitMix64(s);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) for n > 0 (Lemire's multiply-shift; the bias is below n / 2^64).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  int Below(int n) { return static_cast<int>(Below(static_cast<uint64_t>(n))); }
  // Uniform in [lo, hi], inclusive; lo when hi < lo.
  int Range(int lo, int hi) { return hi <= lo ? lo : lo + Below(hi - lo + 1); }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  bool Chance(double p) { return Unit() < p; }

  // An independent stream for a sub-part (a county, a village), so the draws
  // of one part never shift those of another.
  Rng Fork(uint64_t key) const {
    uint64_t s = s_[0] ^ Rotl(s_[2], 23) ^ key;
    return Rng(SplitMix64(s) ^ key);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Draws an index with probability proportional to integer weights.
class WeightedIndex {
 public:
  WeightedIndex() = default;
  template <typename W>
  explicit WeightedIndex(const std::vector<W>& weights) {
    for (const W& w : weights) Add(static_cast<uint64_t>(w));
  }
  void Add(uint64_t weight) {
    total_ += weight;
    cumulative_.push_back(total_);
  }
  size_t size() const { return cumulative_.size(); }
  uint64_t total() const { return total_; }

  int Pick(Rng& rng) const { return PickIn(rng, 0, static_cast<int>(cumulative_.size()) - 1); }
  // An index in [lo, hi] with probability proportional to its weight; lo
  // when the range carries no weight.
  int PickIn(Rng& rng, int lo, int hi) const {
    const uint64_t base = lo > 0 ? cumulative_[lo - 1] : 0;
    const uint64_t span = cumulative_[hi] - base;
    if (span == 0) return lo;
    const uint64_t u = base + rng.Below(span);
    // First index whose cumulative weight exceeds u.
    int a = lo, b = hi;
    while (a < b) {
      const int mid = a + (b - a) / 2;
      if (cumulative_[mid] > u) {
        b = mid;
      } else {
        a = mid + 1;
      }
    }
    return a;
  }

 private:
  std::vector<uint64_t> cumulative_;
  uint64_t total_ = 0;
};

}  // namespace yilian::generate
