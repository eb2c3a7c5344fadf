#include "io/csv.h"

#include <array>
#include <cstring>
#include <exception>
#include <utility>

namespace yilian::io {
namespace {

// Large enough that refills cost nothing next to parsing, small enough to stay in L2.
constexpr size_t kChunkBytes = 128 * 1024;

constexpr std::array<bool, 256> MakeUnquotedStops() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = true;
  t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\r')] = true;
  t[static_cast<unsigned char>('\n')] = true;
  return t;
}
// Bytes that end a run of plain characters in an unquoted field.
constexpr std::array<bool, 256> kUnquotedStops = MakeUnquotedStops();

constexpr char kHint[] =
    "the file must be saved as UTF-8 (in Excel: Save As \"CSV UTF-8 (Comma delimited)\"); "
    "GBK/ANSI files are not accepted";

Status LineError(int64_t line, const std::string& what) {
  Status s = Status::Invalid("line " + std::to_string(line) + ": " + what);
  s.WithDetail("line", std::to_string(line));
  return s;
}

// "\r\n", "\n" and a lone "\r" each end a physical line, as in text editors.
int64_t CountLineBreaks(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++n;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++n;
    }
  }
  return n;
}

bool HasLineBreak(std::string_view s) {
  return std::memchr(s.data(), '\n', s.size()) != nullptr ||
         std::memchr(s.data(), '\r', s.size()) != nullptr;
}

// Like FindInvalidUtf8, but also stops at a NUL byte (sets *nul), which no
// text column may hold and which usually means a UTF-16 file.
size_t FindBadText(std::string_view s, bool* nul) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      // Eight ASCII, non-NUL bytes at once: the common case for IDs, dates and codes.
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      constexpr uint64_t kHigh = 0x8080808080808080ULL;
      constexpr uint64_t kOnes = 0x0101010101010101ULL;
      if (((w & kHigh) | ((w - kOnes) & ~w & kHigh)) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) {
        *nul = true;
        return i;
      }
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Staff type header names by hand, so stray ASCII, no-break and full-width
// spaces (and a BOM some tools repeat) must not make a column unfindable.
std::string TrimHeaderName(std::string_view s) {
  static constexpr std::string_view kAscii = " \t\r\n\v\f";
  static constexpr std::string_view kWide[] = {"\xEF\xBB\xBF", "\xE3\x80\x80", "\xC2\xA0"};
  for (bool changed = true; changed;) {
    changed = false;
    while (!s.empty() && kAscii.find(s.front()) != std::string_view::npos) {
      s.remove_prefix(1);
      changed = true;
    }
    while (!s.empty() && kAscii.find(s.back()) != std::string_view::npos) {
      s.remove_suffix(1);
      changed = true;
    }
    for (std::string_view w : kWide) {
      if (StartsWith(s, w)) {
        s.remove_prefix(w.size());
        changed = true;
      }
      if (EndsWith(s, w)) {
        s.remove_suffix(w.size());
        changed = true;
      }
    }
  }
  return std::string(s);
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  size_t from = 0;
  for (;;) {
    bool nul = false;
    const size_t bad = FindBadText(s.substr(from), &nul);
    if (bad == std::string_view::npos) return bad;
    if (!nul) return from + bad;
    from += bad + 1;  // NUL is valid UTF-8
  }
}

// ---------------------------------------------------------------------------
// CsvReader

CsvReader::CsvReader(std::istream& in) : in_(&in), buf_(new char[kChunkBytes]) {}

CsvReader CsvReader::FromString(std::string_view data) {
  CsvReader r;
  r.data_ = data.data();
  r.len_ = data.size();
  return r;
}

bool CsvReader::Refill() {
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

bool CsvReader::Fail(Status* error, Status status, bool fatal) {
  if (fatal) {
    finished_ = true;
    final_error_ = status;
  }
  *error = std::move(status);
  return false;
}

bool CsvReader::CheckRead(Status* error) {
  if (!read_failed_) return true;
  Status s = Status::IoError("line " + std::to_string(line_) + ": reading the file failed");
  s.WithDetail("line", std::to_string(line_));
  return Fail(error, std::move(s), true);
}

bool CsvReader::AppendSpan(std::string* field, size_t from, int64_t field_line, Status* error) {
  const size_t len = pos_ - from;
  if (field->size() + len > kCsvMaxFieldBytes) {
    return Fail(
        error,
        LineError(field_line, "field longer than " + std::to_string(kCsvMaxFieldBytes) + " bytes"),
        true);
  }
  field->append(data_ + from, len);
  return true;
}

bool CsvReader::ValidateRecord(const CsvRecord& rec, size_t n, Status* error) {
  int64_t line = record_line_;
  for (size_t i = 0; i < n; ++i) {
    const std::string& f = rec.fields[i];
    bool nul = false;
    const size_t bad = FindBadText(f, &nul);
    if (bad == std::string_view::npos) {
      line += CountLineBreaks(f);
      continue;
    }
    line += CountLineBreaks(std::string_view(f).substr(0, bad));
    const std::string where = " in field " + std::to_string(i + 1) + "; ";
    if (nul) {
      return Fail(error, LineError(line, "NUL byte" + where + "is the file UTF-16? " + kHint),
                  false);
    }
    return Fail(error, LineError(line, "invalid UTF-8" + where + kHint), false);
  }
  return true;
}

bool CsvReader::Next(CsvRecord* out, Status* error) {
  if (finished_) {
    *error = final_error_;
    return false;
  }
  if (!started_) {
    started_ = true;
    if (Avail()) {
      const std::string_view head(data_ + pos_, std::min<size_t>(len_ - pos_, 3));
      if (head == "\xEF\xBB\xBF") {
        pos_ += 3;
      } else if (StartsWith(head, "\xFF\xFE") || StartsWith(head, "\xFE\xFF")) {
        return Fail(error,
                    LineError(1, std::string("the file is UTF-16 (\"Unicode text\"); ") + kHint),
                    true);
      }
    }
  }

  // Skip blank lines.
  for (;;) {
    if (!Avail()) {
      if (!CheckRead(error)) return false;
      finished_ = true;
      *error = Status::Ok();
      return false;
    }
    const char c = data_[pos_];
    if (c != '\n' && c != '\r') break;
    ++pos_;
    ++line_;
    if (c == '\r' && Avail() && data_[pos_] == '\n') ++pos_;
  }

  record_line_ = line_;
  std::vector<std::string>& fields = out->fields;
  size_t n = 0;
  for (;;) {
    if (n == kCsvMaxFields) {
      return Fail(error,
                  LineError(record_line_,
                            "record has more than " + std::to_string(kCsvMaxFields) + " fields"),
                  true);
    }
    if (n == fields.size()) fields.emplace_back();
    std::string& f = fields[n++];
    f.clear();
    const int64_t field_line = line_;
    char end;  // what ended the field: ',' '\n' (either line end) or 0 for end of input

    if (Avail() && data_[pos_] == '"') {
      ++pos_;
      for (;;) {
        if (!Avail()) {
          if (!CheckRead(error)) return false;
          return Fail(
              error,
              LineError(field_line, "quoted field is never closed (missing closing quote \")"),
              true);
        }
        const size_t from = pos_;
        const void* q = std::memchr(data_ + pos_, '"', len_ - pos_);
        pos_ = q ? static_cast<size_t>(static_cast<const char*>(q) - data_) : len_;
        if (!AppendSpan(&f, from, field_line, error)) return false;
        if (!q) continue;
        ++pos_;                                     // the quote
        if (!Avail() || data_[pos_] != '"') break;  // closing quote
        ++pos_;                                     // "" stands for one quote: keep the second
        if (!AppendSpan(&f, pos_ - 1, field_line, error)) return false;
      }
      if (HasLineBreak(f)) line_ += CountLineBreaks(f);
      if (!Avail()) {
        if (!CheckRead(error)) return false;
        end = 0;
      } else {
        end = data_[pos_];
        if (end != ',' && end != '\n' && end != '\r') {
          return Fail(error,
                      LineError(line_, "unexpected character after the closing quote of field " +
                                           std::to_string(n) + " (a quoted field must end there)"),
                      true);
        }
      }
    } else {
      for (;;) {
        if (!Avail()) {
          if (!CheckRead(error)) return false;
          end = 0;
          break;
        }
        const size_t from = pos_;
        const char* p = data_ + pos_;
        const char* const stop = data_ + len_;
        while (p < stop && !kUnquotedStops[static_cast<unsigned char>(*p)]) ++p;
        pos_ = static_cast<size_t>(p - data_);
        if (pos_ > from && !AppendSpan(&f, from, field_line, error)) return false;
        if (p == stop) continue;
        end = *p;
        if (end == '"') {
          return Fail(error,
                      LineError(line_, "quote (\") inside unquoted field " + std::to_string(n) +
                                           "; a field containing quotes must be enclosed in "
                                           "quotes, with each inner quote doubled"),
                      true);
        }
        break;
      }
    }

    if (end == ',') {
      ++pos_;
      continue;
    }
    if (end == '\n' || end == '\r') {
      ++pos_;
      ++line_;
      if (end == '\r' && Avail() && data_[pos_] == '\n') ++pos_;
    }
    break;
  }
  fields.resize(n);
  return ValidateRecord(*out, n, error);
}

// ---------------------------------------------------------------------------
// CsvTable

std::string_view CsvRow::Get(std::string_view column) const {
  if (!columns_) return {};
  auto it = columns_->find(column);
  return it == columns_->end() ? std::string_view() : field(it->second);
}

Result<CsvTable> CsvTable::Open(std::istream& in) { return Open(CsvReader(in)); }

Result<CsvTable> CsvTable::FromString(std::string_view data) {
  return Open(CsvReader::FromString(data));
}

Result<CsvTable> CsvTable::Open(CsvReader reader) {
  CsvTable t(std::move(reader));
  CsvRecord rec;
  Status st;
  if (!t.reader_.Next(&rec, &st)) {
    if (!st.ok()) return st;
    return LineError(t.reader_.record_line() > 0 ? t.reader_.record_line() : 1,
                     "the file is empty; expected a header row naming the columns");
  }
  const int64_t line = t.reader_.record_line();
  auto index = std::make_shared<CsvRow::ColumnIndex>();
  t.header_.reserve(rec.fields.size());
  for (size_t i = 0; i < rec.fields.size(); ++i) {
    std::string name = TrimHeaderName(rec.fields[i]);
    if (name.empty()) {
      return LineError(line, "column " + std::to_string(i + 1) + " of the header has no name");
    }
    auto [it, inserted] = index->emplace(name, i);
    if (!inserted) {
      return LineError(line, "column name \"" + name + "\" appears twice in the header (columns " +
                                 std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                                 ")");
    }
    t.header_.push_back(std::move(name));
  }
  t.columns_ = std::move(index);
  return t;
}

std::optional<size_t> CsvTable::Column(std::string_view name) const {
  auto it = columns_->find(name);
  if (it == columns_->end()) return std::nullopt;
  return it->second;
}

bool CsvTable::Next(CsvRow* row, Status* error) {
  if (row->columns_ != columns_) row->columns_ = columns_;
  if (!reader_.Next(&row->record_, error)) return false;
  row->line_ = reader_.record_line();
  const size_t got = row->record_.fields.size();
  if (got != header_.size()) {
    *error = LineError(row->line_, "record has " + std::to_string(got) +
                                       (got == 1 ? " field" : " fields") + " but the header has " +
                                       std::to_string(header_.size()) + " columns");
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Writing

void WriteCsvField(std::string& out, std::string_view v) {
  const bool edge_space =
      !v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t');
  // A leading U+FEFF would be taken for a BOM if the field opened a file.
  if (!edge_space && !StartsWith(v, "\xEF\xBB\xBF") &&
      v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (size_t q; (q = v.find('"')) != std::string_view::npos; v.remove_prefix(q + 1)) {
    out.append(v.substr(0, q + 1));
    out.push_back('"');
  }
  out.append(v);
  out.push_back('"');
}

void WriteCsvRow(std::string& out, const std::vector<std::string>& fields) {
  if (fields.size() == 1 && fields[0].empty()) {
    out.append("\"\"\n");
    return;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    WriteCsvField(out, fields[i]);
  }
  out.push_back('\n');
}

std::string CsvUtf8Bom() { return "\xEF\xBB\xBF"; }

}  // namespace yilian::io
