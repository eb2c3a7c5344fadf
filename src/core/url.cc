#include "core/url.h"

namespace yilian {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the decoding of s to out. When strict, a malformed escape fails the
// whole decode; otherwise it is copied through literally.
bool DecodeInto(std::string_view s, bool plus_as_space, bool strict, std::string& out) {
  out.reserve(out.size() + s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = hi >= 0 ? HexValue(s[i + 2]) : -1;
      if (lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
      if (strict) return false;
    } else if (c == '+' && plus_as_space) {
      c = ' ';
    }
    out.push_back(c);
  }
  return true;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  if (!DecodeInto(s, /*plus_as_space=*/false, /*strict=*/true, out)) return std::nullopt;
  return out;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseQueryString(std::string_view query) {
  std::multimap<std::string, std::string> out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string name, value;
    DecodeInto(pair.substr(0, eq), true, false, name);
    if (eq != std::string_view::npos) DecodeInto(pair.substr(eq + 1), true, false, value);
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

std::string_view TargetPath(std::string_view target) {
  size_t end = target.find_first_of("?#");
  std::string_view path = target.substr(0, end);
  if (path.empty() || path.front() == '/') return path;
  // Absolute-form (RFC 9112 3.2.2), which servers must accept: skip "scheme://authority".
  size_t scheme_end = path.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return path;
  size_t slash = path.find('/', scheme_end + 3);
  return slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
}

std::string_view TargetQuery(std::string_view target) {
  size_t q = target.find_first_of("?#");
  if (q == std::string_view::npos || target[q] == '#') return {};
  std::string_view query = target.substr(q + 1);
  return query.substr(0, query.find('#'));
}

}  // namespace yilian
