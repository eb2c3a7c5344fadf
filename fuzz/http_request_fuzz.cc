// Feeds arbitrary bytes to the server's request parsing (Beast's request_parser
// with the server's limits, then ToRequest with our percent and query decoding)
// and checks invariants of the result. Also fuzzes the URL functions directly,
// since the HTTP parser rejects most inputs before they reach them.
#ifndef BOOST_BEAST_USE_STD_STRING_VIEW
#define BOOST_BEAST_USE_STD_STRING_VIEW  // as in yilian_lib, so types match the server's
#endif

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/url.h"
#include "http/request_parse.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckUrlFunctions(std::string_view s) {
  std::string encoded = yilian::PercentEncode(s);
  auto round = yilian::PercentDecode(encoded);
  Check(round.has_value() && *round == s);

  auto decoded = yilian::PercentDecode(s);
  if (s.find('%') == std::string_view::npos) Check(decoded.has_value() && *decoded == s);
  if (decoded) Check(decoded->size() <= s.size());

  auto query = yilian::ParseQueryString(s);
  size_t pairs = 1;
  for (char c : s) pairs += c == '&';
  Check(query.size() <= pairs);
  // Re-encoding the pairs and parsing again gives the same pairs.
  std::string again;
  for (const auto& [k, v] : query) {
    if (!again.empty()) again += '&';
    again += yilian::PercentEncode(k) + "=" + yilian::PercentEncode(v);
  }
  Check(yilian::ParseQueryString(again) == query);

  std::string_view path = yilian::TargetPath(s);
  Check(path.size() <= s.size());
  Check(path.find('?') == std::string_view::npos || path.front() != '/');
  std::string_view q = yilian::TargetQuery(s);
  Check(q.find('#') == std::string_view::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckUrlFunctions(input);

  constexpr size_t kMaxHeader = 16 << 10;
  constexpr size_t kMaxBody = 64 << 10;
  // Several requests may follow each other, as on a kept-alive connection.
  while (!input.empty()) {
    yilian::http::RequestParser parser;
    yilian::http::ConfigureParser(parser, kMaxHeader, kMaxBody);
    boost::system::error_code ec;
    size_t used = yilian::http::FeedParser(parser, input, ec);
    Check(used <= input.size());
    input.remove_prefix(used);
    if (ec || !parser.is_done()) break;
    if (used == 0) break;

    yilian::http::Request req;
    yilian::Status st = yilian::http::ToRequest(parser.release(), req);
    if (!st.ok()) {
      Check(st.code() == yilian::Status::Code::kInvalidArgument);
      continue;
    }
    Check(!req.method.empty());
    Check(!req.path.empty() && req.path.front() == '/');
    Check(req.path.find('\0') == std::string::npos);
    Check(req.body.size() <= kMaxBody);
    for (const auto& [name, value] : req.headers) {
      for (char c : name) Check(!(c >= 'A' && c <= 'Z'));
    }
    CheckUrlFunctions(req.target);
  }
  return 0;
}
