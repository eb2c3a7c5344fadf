#include "api/request_params.h"

#include <charconv>

namespace yilian::api {
namespace {
std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}
}  // namespace

Result<int64_t> PathId(const http::Request& r, const char* name) {
  auto it = r.path_params.find(name);
  if (it == r.path_params.end()) return Status::Internal(std::string("no path parameter ") + name);
  auto v = ParseInt(it->second);
  if (!v || *v < 1) return Status::InvalidField(name, "must be a positive integer");
  return *v;
}

Result<int64_t> QueryInt(const http::Request& r, const char* name, int64_t fallback, int64_t min,
                         int64_t max) {
  auto q = r.Query(name);
  if (!q) return fallback;
  auto v = ParseInt(*q);
  if (!v || *v < min || *v > max) {
    return Status::InvalidField(
        name, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return *v;
}

Result<Paging> ReadPaging(const http::Request& r) {
  Paging p;
  auto page = QueryInt(r, "page", 1, 1, 1000000);
  if (!page.ok()) return page.status();
  auto size = QueryInt(r, "page_size", 20, 1, 200);
  if (!size.ok()) return size.status();
  p.page = *page;
  p.page_size = *size;
  return p;
}

Result<int64_t> ExpectedVersion(const http::Request& r, const nlohmann::json* body) {
  if (auto h = r.Header("if-match")) {
    std::string_view v = *h;
    if (v.substr(0, 2) == "W/") v.remove_prefix(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    auto n = ParseInt(v);
    if (!n || *n < 1)
      return Status::InvalidField("If-Match", "must be a record version like \"3\"");
    return *n;
  }
  if (body && body->contains("version")) {
    const auto& v = (*body)["version"];
    if (v.is_number_integer() && v.get<int64_t>() >= 1) return v.get<int64_t>();
    return Status::InvalidField("version", "must be a positive integer");
  }
  return Status::InvalidField("If-Match",
                              "is required: send the version you read (If-Match header or "
                              "\"version\" field) so a concurrent change is never overwritten");
}

nlohmann::json PageJson(nlohmann::json items, const Paging& p, bool has_more) {
  return {{"items", std::move(items)},
          {"page", p.page},
          {"page_size", p.page_size},
          {"has_more", has_more}};
}

Status OnlyParams(const http::Request& r, std::initializer_list<const char*> allowed) {
  FieldErrors errs;
  for (const auto& [k, v] : r.query) {
    bool ok = false;
    for (const char* a : allowed) ok |= k == a;
    if (!ok) errs.Add(k, "is not a known query parameter");
  }
  return errs.ToStatus("query");
}

}  // namespace yilian::api
