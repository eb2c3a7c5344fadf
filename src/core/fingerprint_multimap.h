// A compact in-memory multimap from 64-bit key fingerprints to 64-bit values
// (record ids), for bulk loads that must look up millions of keys they hold
// nowhere else in memory.
//
// Only fingerprints are kept (16 bytes a slot, open addressing, linear
// probing), so a lookup returns candidates: the caller must check each one
// against the real record, since two keys may share a fingerprint. Values
// under one fingerprint come back in insertion order. Not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace yilian {

class FingerprintMultimap {
 public:
  // A fingerprint of the parts of a key, each ended by a 0 byte so that
  // ("ab", "c") and ("a", "bc") differ.
  template <typename... Parts>
  static uint64_t Fingerprint(const Parts&... parts) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
    auto add = [&](std::string_view s) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      h = (h ^ 0xffu) * 1099511628211ull;
    };
    (add(parts), ...);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
  }

  size_t size() const { return size_; }

  void Insert(uint64_t fp, int64_t value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) Grow();  // load factor at most 3/4
    Place(Stored(fp), value);
    ++size_;
  }

  // Calls fn(value) for every value inserted under `fp`, oldest first.
  template <typename Fn>
  void ForEach(uint64_t fp, Fn&& fn) const {
    if (slots_.empty()) return;
    fp = Stored(fp);
    for (size_t i = fp & mask_; slots_[i].fp != 0; i = (i + 1) & mask_) {
      if (slots_[i].fp == fp) fn(slots_[i].value);
    }
  }

 private:
  struct Slot {
    uint64_t fp = 0;  // 0 marks an empty slot
    int64_t value = 0;
  };
  static uint64_t Stored(uint64_t fp) { return fp == 0 ? 1 : fp; }

  void Place(uint64_t fp, int64_t value) {
    size_t i = fp & mask_;
    while (slots_[i].fp != 0) i = (i + 1) & mask_;
    slots_[i] = {fp, value};
  }
  // Doubles the table. Values under one fingerprint keep their order: they
  // are re-placed in the order they sit in their probe run, which is the
  // order they were inserted.
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    if (old.empty()) return;
    // Start at an empty slot so no probe run is split across the wrap-around.
    size_t start = 0;
    while (old[start].fp != 0) ++start;
    for (size_t k = 0; k < old.size(); ++k) {
      const Slot& s = old[(start + k) & (old.size() - 1)];
      if (s.fp != 0) Place(s.fp, s.value);
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace yilian
