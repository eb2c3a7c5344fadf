// Bytes to Request: the parsing steps the server runs on every request.
//
// Header-only and shared with fuzz/http_request_fuzz.cc, whose build links only
// yilian_parsers, so the fuzzer exercises exactly the server's code path.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/status.h"
#include "core/url.h"
#include "http/message.h"

namespace yilian::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Applies the server's limits to a fresh parser. Eager so a body that arrived
// with its header is taken in the same call.
inline void ConfigureParser(RequestParser& p, size_t max_header_bytes, size_t max_body_bytes) {
  p.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  p.body_limit(static_cast<std::uint64_t>(max_body_bytes));
  p.eager(true);
}

// Feeds buffered bytes to p and returns how many it consumed; the caller drops
// those. Running out of input is not an error: ec stays clear and p is not done.
// Errors worth a distinct answer: http::error::body_limit (413) and
// http::error::header_limit (431); any other is a malformed request (400).
inline size_t FeedParser(RequestParser& p, std::string_view data, boost::system::error_code& ec) {
  size_t total = 0;
  ec = {};
  while (total < data.size() && !p.is_done()) {
    size_t used = p.put(boost::asio::const_buffer(data.data() + total, data.size() - total), ec);
    total += used;
    if (ec == boost::beast::http::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) break;
  }
  return total;
}

// Fills out (method, target, path, query, headers, body) from a complete message.
// Fails with kInvalidArgument when the target is not a path or its percent
// escapes are malformed, or the decoded path holds a NUL byte.
inline Status ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& m,
                        Request& out) {
  auto method = m.method_string();
  out.method.assign(method.data(), method.size());
  auto target = m.target();
  out.target.assign(target.data(), target.size());
  std::string_view raw_path = TargetPath(out.target);
  if (raw_path.empty() || raw_path.front() != '/') {
    return Status::InvalidField("target", "must be a path starting with '/'");
  }
  std::optional<std::string> path = PercentDecode(raw_path);
  if (!path) return Status::InvalidField("path", "has a malformed percent-escape");
  if (path->find('\0') != std::string::npos) {
    return Status::InvalidField("path", "must not contain a NUL byte");
  }
  out.path = std::move(*path);
  out.query = ParseQueryString(TargetQuery(out.target));
  std::string name;
  for (const auto& field : m) {
    auto n = field.name_string();
    name.assign(n.data(), n.size());
    for (char& c : name) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    auto v = field.value();
    auto [it, inserted] = out.headers.try_emplace(name, v.data(), v.size());
    if (!inserted) {
      it->second += ", ";
      it->second.append(v.data(), v.size());
    }
  }
  out.body = std::move(m.body());
  return Status::Ok();
}

}  // namespace yilian::http
