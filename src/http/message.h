// Request and Response: what handlers see and return, free of Boost types so the
// API layer does not compile Beast.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yilian::http {

struct Request {
  std::string method;  // as sent, e.g. "GET"
  std::string path;    // percent-decoded path, without query
  std::string target;  // raw request target, e.g. "/api/v1/residents?q=%E5%BC%A0"
  std::multimap<std::string, std::string> query;  // percent-decoded, '+' as space
  std::map<std::string, std::string> headers;     // lowercase names; repeats joined by ", "
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> path_params;  // filled by Router from {name} segments
  uint64_t request_id = 0;                         // the X-Request-Id of the response

  // First value of a query parameter, or nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
  // Every value of a query parameter, in order of appearance.
  std::vector<std::string> QueryAll(std::string_view name) const {
    std::vector<std::string> out;
    auto [lo, hi] = query.equal_range(std::string(name));
    for (auto it = lo; it != hi; ++it) out.push_back(it->second);
    return out;
  }
  // Header value by lowercase name.
  std::optional<std::string> Header(std::string_view lowercase) const {
    auto it = headers.find(std::string(lowercase));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

struct Response {
  int status = 200;
  // Sent as Content-Type unless empty. The Client fills it from the response.
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  // Extra headers. The server sets Server, Date, Content-Length, Connection and
  // X-Request-Id itself and drops those names here. The Client puts every
  // response header here, names lowercased.
  std::vector<std::pair<std::string, std::string>> headers;

  // First header with this name (compared case-insensitively), or nullopt.
  std::optional<std::string> Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n.size() != name.size()) continue;
      bool same = true;
      for (size_t i = 0; i < n.size() && same; ++i) same = Lower(n[i]) == Lower(name[i]);
      if (same) return v;
    }
    return std::nullopt;
  }

 private:
  static char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
};

}  // namespace yilian::http
