#include "io/ndjson.h"

#include <cstring>
#include <exception>
#include <utility>

#include <nlohmann/json.hpp>

#include "io/csv.h"

namespace yilian::io {
namespace {

constexpr size_t kChunkBytes = 128 * 1024;
// Parser messages quote the text read so far, which may be most of a long line.
constexpr size_t kMaxMessageBytes = 200;

Status LineError(int64_t line, const std::string& what) {
  Status s = Status::Invalid("line " + std::to_string(line) + ": " + what);
  s.WithDetail("line", std::to_string(line));
  return s;
}

// nlohmann builds values recursively when dumping, so depth is bounded before
// parsing; counting brackets outside strings is enough for that.
bool NestedTooDeep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kNdjsonMaxDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// "[json.exception.parse_error.101] parse error at line 1, column 7: syntax
// error ..." becomes "column 7: syntax error ...": the line is always 1 here
// and the caller names the real one.
std::string ParserMessage(const char* what) {
  std::string_view m(what);
  if (!m.empty() && m.front() == '[') {
    const size_t close = m.find("] ");
    if (close != std::string_view::npos) m.remove_prefix(close + 2);
  }
  constexpr std::string_view kAtLine1 = "parse error at line 1, ";
  if (m.substr(0, kAtLine1.size()) == kAtLine1) m.remove_prefix(kAtLine1.size());
  if (m.size() > kMaxMessageBytes) {
    size_t cut = kMaxMessageBytes;
    while (cut > 0 && (static_cast<unsigned char>(m[cut]) & 0xC0) == 0x80) --cut;
    return std::string(m.substr(0, cut)) + "...";
  }
  return std::string(m);
}

}  // namespace

NdjsonReader::NdjsonReader(std::istream& in) : in_(&in), buf_(new char[kChunkBytes]) {}

NdjsonReader NdjsonReader::FromString(std::string_view data) {
  NdjsonReader r;
  r.data_ = data.data();
  r.len_ = data.size();
  return r;
}

bool NdjsonReader::Refill() {
  if (in_ == nullptr || read_failed_) return false;
  size_t got = 0;
  try {
    in_->read(buf_.get(), kChunkBytes);
    got = static_cast<size_t>(in_->gcount());
    // A stream that fails without reaching EOF (e.g. a file that never
    // opened) must not pass for an empty file.
    if (in_->bad() || (got == 0 && !in_->eof())) read_failed_ = true;
  } catch (const std::exception&) {  // the caller enabled stream exceptions
    read_failed_ = true;
  }
  if (got == 0) return false;
  data_ = buf_.get();
  len_ = got;
  pos_ = 0;
  return true;
}

bool NdjsonReader::ReadLine(bool* too_long) {
  line_buf_.clear();
  *too_long = false;
  bool any = false;
  while (Avail()) {
    any = true;
    const void* nl = std::memchr(data_ + pos_, '\n', len_ - pos_);
    const size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data_) : len_;
    if (!*too_long) {
      // One byte over the limit is kept for the CR of a CRLF line end.
      if (line_buf_.size() + (end - pos_) > kNdjsonMaxLineBytes + 1) {
        *too_long = true;
        line_buf_.clear();
      } else {
        line_buf_.append(data_ + pos_, end - pos_);
      }
    }
    pos_ = end;
    if (nl) {
      ++pos_;
      return true;
    }
  }
  return any;
}

bool NdjsonReader::Next(nlohmann::json* out, Status* error) {
  if (finished_) {
    *error = final_error_;
    return false;
  }
  for (;;) {
    bool too_long = false;
    const bool got = ReadLine(&too_long);
    if (read_failed_) {
      Status s =
          Status::IoError("line " + std::to_string(lines_read_ + 1) + ": reading the file failed");
      s.WithDetail("line", std::to_string(lines_read_ + 1));
      finished_ = true;
      final_error_ = s;
      *error = std::move(s);
      return false;
    }
    if (!got) {
      finished_ = true;
      *error = Status::Ok();
      return false;
    }
    line_ = ++lines_read_;
    std::string_view text = line_buf_;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (too_long || text.size() > kNdjsonMaxLineBytes) {
      *error = LineError(
          line_, "line longer than " + std::to_string(kNdjsonMaxLineBytes) + " bytes (1 MiB)");
      return false;
    }
    if (line_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    return Parse(text, out, error);
  }
}

bool NdjsonReader::Parse(std::string_view text, nlohmann::json* out, Status* error) {
  if (FindInvalidUtf8(text) != std::string_view::npos) {
    *error = LineError(line_,
                       "invalid UTF-8; the file must be saved as UTF-8 (GBK/ANSI files are "
                       "not accepted)");
    return false;
  }
  if (NestedTooDeep(text)) {
    *error =
        LineError(line_, "JSON nested deeper than " + std::to_string(kNdjsonMaxDepth) + " levels");
    return false;
  }
  try {
    *out = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {  // syntax, or a number out of range
    *error = LineError(line_, "malformed JSON: " + ParserMessage(e.what()));
    return false;
  } catch (const std::exception& e) {  // out of memory: still no throwing out of Next
    *error = LineError(line_, std::string("cannot parse JSON: ") + e.what());
    return false;
  }
  if (!out->is_object()) {
    *error = LineError(line_, std::string("expected a JSON object, found ") + out->type_name());
    return false;
  }
  return true;
}

void WriteNdjson(std::string& out, const nlohmann::json& value) {
  out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.push_back('\n');
}

}  // namespace yilian::io
