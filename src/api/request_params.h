// Reading path ids, paging and versions from requests, with 400s that name
// the parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "http/message.h"

namespace yilian::api {

// A positive integer path parameter.
Result<int64_t> PathId(const http::Request& r, const char* name);
// Optional positive integer query parameter, `fallback` when absent.
Result<int64_t> QueryInt(const http::Request& r, const char* name, int64_t fallback, int64_t min,
                         int64_t max);

struct Paging {
  int64_t page = 1;
  int64_t page_size = 20;
};
// page (>= 1) and page_size (1..200).
Result<Paging> ReadPaging(const http::Request& r);

// The version a client read, for optimistic concurrency: If-Match: "3" (or
// W/"3", or 3), else a numeric "version" member of `body`. A write without
// one is refused: it could silently overwrite someone else's change.
Result<int64_t> ExpectedVersion(const http::Request& r, const nlohmann::json* body);

// {"items": [...], "page", "page_size", "has_more"}.
nlohmann::json PageJson(nlohmann::json items, const Paging& p, bool has_more);

// Rejects query parameters not in `allowed` (a misspelt filter must not
// silently return everything).
Status OnlyParams(const http::Request& r, std::initializer_list<const char*> allowed);

}  // namespace yilian::api
