// Small helpers for stores that read rows: run a prepared statement to the
// end, or read up to `limit` rows through a row reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"

namespace yilian::storage {

// Steps `s` until it is done (so a connection keeps no statement mid-result).
inline void Drain(Statement& s) {
  while (true) {
    auto more = s.Step();
    if (!more.ok() || !*more) break;
  }
}

// Up to `limit` rows of `s`, each read by `read(s)`; room for `expected`
// rows is made first (a bulk read that knows its batch size).
template <typename T, typename ReadRow>
Result<std::vector<T>> ReadRows(Statement& s, ReadRow read, int64_t limit = INT64_MAX,
                                size_t expected = 0) {
  std::vector<T> out;
  out.reserve(expected);
  while (static_cast<int64_t>(out.size()) < limit) {
    auto r = s.Step();
    if (!r.ok()) return r.status();
    if (!*r) return out;
    out.push_back(read(s));
  }
  Drain(s);
  return out;
}

inline std::optional<double> DoubleOr(Statement& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return s.Double(col);
}

// The binding of a list of (low, high) village-code ranges as
// "(village_code >= ? AND village_code < ?) OR …", for scoped listings.
// No ranges match nothing.
inline std::string RangeClause(const char* column, size_t ranges) {
  if (ranges == 0) return "1 = 0";
  std::string sql = "(";
  for (size_t i = 0; i < ranges; ++i) {
    if (i) sql += " OR ";
    sql += std::string("(") + column + " >= ? AND " + column + " < ?)";
  }
  return sql + ")";
}

}  // namespace yilian::storage
