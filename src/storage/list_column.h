// List columns: a short list of codes (payment types, disabilities, contract
// packages) stored in one text column as its items joined by ';'. Items are
// codes, so they never contain ';' themselves.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yilian::storage {

// "" for no items; otherwise the items joined by ';'.
inline std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ';';
    out += s;
  }
  return out;
}

// The inverse of JoinList: no items for "" (and for a NULL column's text).
inline std::vector<std::string> SplitList(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    size_t semi = joined.find(';');
    out.emplace_back(joined.substr(0, semi));
    if (semi == std::string_view::npos) break;
    joined.remove_prefix(semi + 1);
  }
  return out;
}

}  // namespace yilian::storage
