// Prepared statements cached per connection, keyed by SQL text. Lookups
// take a string_view (no copy of the SQL per call: a bulk import prepares
// several statements per line).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace yilian::storage {

struct SqlHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename Stmt>
using StatementCache =
    std::unordered_map<std::string, std::unique_ptr<Stmt>, SqlHash, std::equal_to<>>;

}  // namespace yilian::storage
