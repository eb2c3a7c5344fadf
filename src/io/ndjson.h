// Reading and writing NDJSON (one JSON object per line), the bulk format of
// systems that export JSON rather than spreadsheets.
//
// Input comes from outside, so the reader never throws or crashes on any
// bytes: each line is checked (UTF-8, at most 1 MiB, nesting at most 256
// deep, a JSON object) and refused as Status::Invalid with a message starting
// "line N: " and a "line" detail. Lines end in LF or CRLF; blank lines are
// skipped, and a UTF-8 BOM at the start of the file is ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"

namespace yilian::io {

inline constexpr size_t kNdjsonMaxLineBytes = 1024 * 1024;
inline constexpr int kNdjsonMaxDepth = 256;

// Streams the objects of an NDJSON file.
//
// Next() returns true with the next object in *out (leaving *error alone), or
// false with *error set: OK at the end of the input, non-OK for a bad line.
// Every line stands alone, so after a bad line Next() may be called again to
// go on with the next one; only a read failure finishes the reader early.
class NdjsonReader {
 public:
  // Reads `in` in large chunks; `in` must outlive the reader.
  explicit NdjsonReader(std::istream& in);
  // Reads `data`, which must outlive the reader.
  static NdjsonReader FromString(std::string_view data);

  NdjsonReader(NdjsonReader&&) = default;
  NdjsonReader& operator=(NdjsonReader&&) = default;

  bool Next(nlohmann::json* out, Status* error);

  // Line of the object last returned (or refused) by Next().
  int64_t line() const { return line_; }
  // True once Next() has reported the end of input or a read failure.
  bool finished() const { return finished_; }

 private:
  NdjsonReader() = default;

  bool Avail() { return pos_ < len_ || Refill(); }
  bool Refill();
  // Reads the next line (without its "\n") into line_buf_; false at end of
  // input. Keeps at most kNdjsonMaxLineBytes + 1 bytes and sets *too_long
  // beyond that, so a huge line cannot exhaust memory.
  bool ReadLine(bool* too_long);
  bool Parse(std::string_view text, nlohmann::json* out, Status* error);

  std::istream* in_ = nullptr;  // null when reading a caller's buffer
  std::unique_ptr<char[]> buf_;
  const char* data_ = nullptr;  // current window: buf_ or the caller's buffer
  size_t len_ = 0;
  size_t pos_ = 0;
  bool read_failed_ = false;
  bool finished_ = false;
  Status final_error_;
  std::string line_buf_;
  int64_t lines_read_ = 0;
  int64_t line_ = 0;
};

// Appends `value` as one line: compact JSON (invalid UTF-8 in strings replaced
// by U+FFFD, so the output is always readable) followed by "\n".
void WriteNdjson(std::string& out, const nlohmann::json& value);

}  // namespace yilian::io
