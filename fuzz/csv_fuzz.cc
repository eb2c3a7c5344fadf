// Feeds arbitrary bytes to CsvReader and CsvTable and checks what accepted
// records must satisfy; any violation traps so libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv.h"

namespace {

using yilian::Status;
using yilian::io::CsvReader;
using yilian::io::CsvRecord;

struct Outcome {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> errors;  // messages of every error, reading on past each
};

// Reads everything, checking the invariants of each record on the way.
Outcome ReadAll(CsvReader reader, size_t input_size) {
  Outcome o;
  CsvRecord rec;
  int64_t last_line = 0;
  // Every call consumes input or finishes the reader, so this bounds a hang.
  for (size_t calls = 0; !reader.finished(); ++calls) {
    if (calls > input_size + 2) __builtin_trap();
    Status st;
    if (reader.Next(&rec, &st)) {
      if (reader.record_line() <= last_line) __builtin_trap();
      last_line = reader.record_line();
      if (rec.fields.empty() || rec.fields.size() > yilian::io::kCsvMaxFields) __builtin_trap();
      for (const std::string& f : rec.fields) {
        if (f.size() > yilian::io::kCsvMaxFieldBytes) __builtin_trap();
        if (yilian::io::FindInvalidUtf8(f) != std::string_view::npos) __builtin_trap();
        if (f.find('\0') != std::string::npos) __builtin_trap();
      }
      o.records.push_back(rec.fields);
    } else if (!st.ok()) {
      if (st.message().rfind("line ", 0) != 0) __builtin_trap();
      if (reader.record_line() < last_line) __builtin_trap();
      o.errors.push_back(st.message());
    } else if (!reader.finished()) {
      __builtin_trap();  // OK and false means the end
    }
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const Outcome o = ReadAll(CsvReader::FromString(input), size);
  std::istringstream in{std::string(input)};
  const Outcome from_stream = ReadAll(CsvReader(in), size);
  if (from_stream.records != o.records || from_stream.errors != o.errors) __builtin_trap();

  // Every accepted record, written back, reads back the same, alone and together.
  std::string all;
  for (const auto& fields : o.records) {
    std::string one;
    yilian::io::WriteCsvRow(one, fields);
    const Outcome again = ReadAll(CsvReader::FromString(one), one.size());
    if (!again.errors.empty() || again.records.size() != 1 || again.records[0] != fields) {
      __builtin_trap();
    }
    all += one;
  }
  const Outcome whole = ReadAll(CsvReader::FromString(all), all.size());
  if (!whole.errors.empty() || whole.records != o.records) __builtin_trap();

  yilian::Result<yilian::io::CsvTable> table = yilian::io::CsvTable::FromString(input);
  if (!table.ok()) {
    if (table.status().message().rfind("line ", 0) != 0) __builtin_trap();
    return 0;
  }
  const std::vector<std::string>& header = table->header();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].empty() || table->Column(header[i]) != i) __builtin_trap();
    if (header[i].front() == ' ' || header[i].back() == ' ') __builtin_trap();
  }
  yilian::io::CsvRow row;
  for (size_t calls = 0; !table->finished(); ++calls) {
    if (calls > size + 2) __builtin_trap();
    Status st;
    if (!table->Next(&row, &st)) continue;
    if (row.fields().size() != header.size() || row.line() != table->line()) __builtin_trap();
    for (size_t i = 0; i < header.size(); ++i) {
      if (row.Get(header[i]) != row.field(i)) __builtin_trap();
    }
  }
  return 0;
}
