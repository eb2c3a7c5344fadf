// URL pieces of an HTTP request target: percent-decoding and query strings.
//
// Kept free of Boost and I/O so the fuzz build (yilian_parsers) can exercise
// exactly the code the server runs on untrusted targets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace yilian {

// Decodes %XX escapes (hex digits of either case). '+' is kept as is: it means
// a space only in query strings. Returns nullopt if a '%' is not followed by
// two hex digits. The result may hold any byte, including NUL and invalid UTF-8.
std::optional<std::string> PercentDecode(std::string_view s);

// Escapes every byte outside the RFC 3986 unreserved set (ALPHA DIGIT - . _ ~)
// as %XX with upper-case hex, so PercentDecode(PercentEncode(s)) == s.
std::string PercentEncode(std::string_view s);

// Parses "a=1&b=x+y&a=%32" (no leading '?') into name/value pairs in order of
// appearance; '+' is a space and escapes are decoded in names and values. A pair
// without '=' has an empty value; empty pairs ("a=1&&b") are skipped. Never fails:
// like browsers, a '%' not followed by two hex digits is kept literally.
std::multimap<std::string, std::string> ParseQueryString(std::string_view query);

// The still-encoded path of a request target, without query and fragment:
// "/a/b?x=1" -> "/a/b"; absolute-form "http://host:80/a?x" -> "/a" ("/" when the
// authority has no path). Other forms ("*", "host:443") are returned unchanged.
std::string_view TargetPath(std::string_view target);

// The still-encoded query of a request target, without '?' and fragment ("" if none).
std::string_view TargetQuery(std::string_view target);

}  // namespace yilian
