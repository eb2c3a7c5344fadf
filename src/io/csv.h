// Reading and writing CSV files (RFC 4180), the format county staff export
// from Excel and other systems for bulk import.
//
// Input comes from outside, so the reader never throws or crashes on any
// bytes, bounds its memory (64 KiB per field, 1000 fields per record) and
// reports every problem as Status::Invalid with a message starting
// "line N: " (N is the 1-based physical line, as an editor shows it) and a
// "line" detail. Text must be UTF-8: GBK/ANSI exports of older Excel
// versions are refused with a hint to save as "CSV UTF-8".
//
// Accepted: an optional UTF-8 BOM at the very start, LF, CRLF or lone CR line
// ends, quoted fields with "" escapes and embedded commas and line breaks
// (kept verbatim), empty fields, and a missing final line end. Blank lines
// (nothing at all between line ends) are skipped anywhere; a line of commas
// is a record of empty fields. Fields are not trimmed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace yilian::io {

inline constexpr size_t kCsvMaxFieldBytes = 64 * 1024;
inline constexpr size_t kCsvMaxFields = 1000;

struct CsvRecord {
  // Next() reuses these strings, so a caller that keeps one CsvRecord for a
  // whole file allocates only while fields grow.
  std::vector<std::string> fields;
};

// Streams records from a CSV file.
//
// Next() returns true with the next record in *out (leaving *error alone), or
// false with *error set: OK at the end of the input, non-OK on bad input. After an error in a
// record's content (invalid UTF-8) the reader stands at the following record,
// so an import can call Next() again to collect further errors; after a
// syntax error, a limit breach or a read failure it is finished. Loop on
// finished() to collect all errors, or stop at the first false.
class CsvReader {
 public:
  // Reads `in` in large chunks; `in` must outlive the reader.
  explicit CsvReader(std::istream& in);
  // Parses `data` in place, without copying; `data` must outlive the reader.
  static CsvReader FromString(std::string_view data);

  CsvReader(CsvReader&&) = default;
  CsvReader& operator=(CsvReader&&) = default;

  bool Next(CsvRecord* out, Status* error);

  // Line on which the record last returned (or refused) by Next() started.
  int64_t record_line() const { return record_line_; }
  // True once Next() has reported the end of input or an unrecoverable error.
  bool finished() const { return finished_; }

 private:
  CsvReader() = default;

  bool Avail() { return pos_ < len_ || Refill(); }
  bool Refill();
  bool Fail(Status* error, Status status, bool fatal);
  // Appends data_[from, pos_) to *field, enforcing the size limit.
  bool AppendSpan(std::string* field, size_t from, int64_t field_line, Status* error);
  // Called at end of input inside a record: a read failure turns it into an error.
  bool CheckRead(Status* error);
  bool ValidateRecord(const CsvRecord& rec, size_t n, Status* error);

  std::istream* in_ = nullptr;  // null when parsing a caller's buffer
  std::unique_ptr<char[]> buf_;
  const char* data_ = nullptr;  // current window: buf_ or the caller's buffer
  size_t len_ = 0;
  size_t pos_ = 0;
  bool started_ = false;  // BOM check done
  bool read_failed_ = false;
  bool finished_ = false;
  Status final_error_;  // repeated by Next() after an unrecoverable error
  int64_t line_ = 1;    // physical line at pos_
  int64_t record_line_ = 0;
};

class CsvTable;

// One data row of a CsvTable, with access by column name.
class CsvRow {
 public:
  // The value in `column`, or "" if the table has no such column.
  std::string_view Get(std::string_view column) const;
  // The value at header position `index`, or "" if out of range.
  std::string_view field(size_t index) const {
    return index < record_.fields.size() ? std::string_view(record_.fields[index])
                                         : std::string_view();
  }
  const std::vector<std::string>& fields() const { return record_.fields; }
  int64_t line() const { return line_; }

 private:
  friend class CsvTable;
  using ColumnIndex = std::map<std::string, size_t, std::less<>>;

  std::shared_ptr<const ColumnIndex> columns_;
  CsvRecord record_;
  int64_t line_ = 0;
};

// A CSV file whose first record names the columns.
//
// Header names are trimmed of spaces, tabs and full-width spaces, and must be
// non-empty and unique. Every later record must have as many fields as the
// header; one that does not is reported (naming the line and both counts) and
// skipped, so Next() may be called again, as with CsvReader.
class CsvTable {
 public:
  static Result<CsvTable> Open(std::istream& in);
  static Result<CsvTable> FromString(std::string_view data);
  static Result<CsvTable> Open(CsvReader reader);

  const std::vector<std::string>& header() const { return header_; }
  std::optional<size_t> Column(std::string_view name) const;

  bool Next(CsvRow* row, Status* error);
  // Line on which the row last returned (or refused) by Next() started.
  int64_t line() const { return reader_.record_line(); }
  bool finished() const { return reader_.finished(); }

 private:
  explicit CsvTable(CsvReader reader) : reader_(std::move(reader)) {}

  CsvReader reader_;
  std::vector<std::string> header_;
  std::shared_ptr<const CsvRow::ColumnIndex> columns_;
};

// Appends `v` to `out` as one CSV field, quoted only when needed: it contains
// a comma, quote, CR or LF, starts or ends with a space or tab (which
// spreadsheet tools would otherwise drop), or starts with U+FEFF (which would
// pass for a BOM at the start of a file).
void WriteCsvField(std::string& out, std::string_view v);
// Appends `fields` as one record ending in "\n". A lone empty field is written
// as "" so that the line is not read back as a blank (skipped) line.
void WriteCsvRow(std::string& out, const std::vector<std::string>& fields);
// The UTF-8 byte order mark; Excel needs it to open a UTF-8 CSV correctly, so
// exports meant for Excel start with it.
std::string CsvUtf8Bom();

// Offset of the first byte of `s` that is not part of well-formed UTF-8
// (no overlongs, surrogates or code points above U+10FFFF), or npos.
size_t FindInvalidUtf8(std::string_view s);

}  // namespace yilian::io
