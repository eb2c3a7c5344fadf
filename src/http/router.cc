#include "http/router.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string_view>

#include <spdlog/spdlog.h>
#include <boost/container/small_vector.hpp>

#include "core/url.h"
#include "http/json_response.h"

namespace yilian::http {
namespace {

// Splits "/a/b/" into {"a", "b"}: leading '/' dropped, one trailing '/' ignored.
template <typename Out>
void SplitPath(std::string_view path, Out& out) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return;
  for (;;) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

}  // namespace

const Handler* Router::Route::Find(const std::string& method) const {
  for (const auto& [m, h] : methods) {
    if (m == method) return &h;
  }
  return nullptr;
}

void Router::Add(std::string method, std::string pattern, Handler h) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  std::vector<std::string_view> parts;
  SplitPath(pattern, parts);
  std::vector<Segment> segments;
  for (std::string_view p : parts) {
    bool param = p.size() >= 2 && p.front() == '{' && p.back() == '}';
    if (param) p = p.substr(1, p.size() - 2);
    if (p.empty()) throw std::invalid_argument("empty segment in route pattern: " + pattern);
    segments.push_back({std::string(p), param});
  }
  for (Route& r : routes_) {
    bool same = r.segments.size() == segments.size();
    for (size_t i = 0; same && i < segments.size(); ++i) {
      same = r.segments[i].param == segments[i].param &&
             (r.segments[i].param || r.segments[i].text == segments[i].text);
    }
    if (!same) continue;
    for (auto& [m, old] : r.methods) {
      if (m == method) {
        old = std::move(h);
        return;
      }
    }
    r.methods.emplace_back(std::move(method), std::move(h));
    return;
  }
  Route route{pattern, std::move(segments), {}};
  route.methods.emplace_back(std::move(method), std::move(h));
  // Keep routes_ ordered most specific first so the first match wins: an earlier
  // literal beats a parameter (only patterns of equal length can both match).
  auto more_specific = [&](const Route& other) {
    size_t n = std::min(route.segments.size(), other.segments.size());
    for (size_t i = 0; i < n; ++i) {
      if (route.segments[i].param != other.segments[i].param) return !route.segments[i].param;
    }
    return false;
  };
  auto pos = std::find_if(routes_.begin(), routes_.end(), more_specific);
  routes_.insert(pos, std::move(route));
}

void Router::SetFallback(Handler h) { fallback_ = std::move(h); }

Response Router::Dispatch(Request& r) const {
  // The server hands us the raw target; tests may fill only the decoded path.
  const bool encoded = !r.target.empty();
  std::string_view raw = encoded ? TargetPath(r.target) : std::string_view(r.path);
  boost::container::small_vector<std::string_view, 12> segs;
  SplitPath(raw, segs);
  // Decoded copies of segments that hold escapes. Reserved so views stay valid.
  boost::container::small_vector<std::string, 4> decoded;
  if (encoded) {
    size_t escaped = std::count_if(segs.begin(), segs.end(), [](std::string_view s) {
      return s.find('%') != std::string_view::npos;
    });
    decoded.reserve(escaped);
    for (std::string_view& s : segs) {
      if (s.find('%') == std::string_view::npos) continue;
      std::optional<std::string> d = PercentDecode(s);
      if (!d) return Error(Status::InvalidField("path", "has a malformed percent-escape"));
      decoded.push_back(std::move(*d));
      s = decoded.back();
    }
  }

  const bool head = r.method == "HEAD";
  const Handler* handler = nullptr;
  const Route* route = nullptr;
  std::vector<std::string> allowed;
  for (const Route& candidate : routes_) {
    if (candidate.segments.size() != segs.size()) continue;
    bool match = true;
    for (size_t i = 0; match && i < segs.size(); ++i) {
      const Segment& s = candidate.segments[i];
      match = s.param ? !segs[i].empty() : s.text == segs[i];
    }
    if (!match) continue;
    handler = candidate.Find(r.method);
    if (!handler && head) handler = candidate.Find("GET");
    if (handler) {
      route = &candidate;
      break;
    }
    for (const auto& m : candidate.methods) allowed.push_back(m.first);
  }

  if (route) {
    for (size_t i = 0; i < segs.size(); ++i) {
      if (route->segments[i].param) r.path_params[route->segments[i].text] = std::string(segs[i]);
    }
  } else if (!allowed.empty()) {
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) {
      allowed.push_back("HEAD");
    }
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    std::string allow;
    for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    Response res =
        Error(405, "method_not_allowed", r.method + " is not allowed here; allowed: " + allow);
    res.headers.emplace_back("Allow", std::move(allow));
    return res;
  } else if (fallback_ && (r.method == "GET" || head) && !IsApiPath(r.path)) {
    handler = &fallback_;
  } else {
    return Error(Status::NotFound("no resource at " + r.path));
  }

  try {
    return (*handler)(r);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", r.method, r.path, e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", r.method, r.path);
  }
  return Error(Status::Internal("internal server error"));
}

}  // namespace yilian::http
