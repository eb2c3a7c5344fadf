// Feeds arbitrary bytes to NdjsonReader and checks what accepted objects must
// satisfy; any violation traps so libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/ndjson.h"

namespace {

using nlohmann::json;
using yilian::Status;
using yilian::io::NdjsonReader;

struct Outcome {
  std::vector<json> objects;
  std::vector<std::string> errors;  // messages of every error, reading on past each
};

Outcome ReadAll(NdjsonReader reader, size_t input_size) {
  Outcome o;
  int64_t last_line = 0;
  // Every call consumes a line or finishes the reader, so this bounds a hang.
  for (size_t calls = 0; !reader.finished(); ++calls) {
    if (calls > input_size + 2) __builtin_trap();
    json j;
    Status st;
    if (reader.Next(&j, &st)) {
      if (!j.is_object() || reader.line() <= last_line) __builtin_trap();
      last_line = reader.line();
      o.objects.push_back(std::move(j));
    } else if (!st.ok()) {
      if (st.message().rfind("line ", 0) != 0) __builtin_trap();
      if (reader.line() <= last_line) __builtin_trap();
      last_line = reader.line();
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

  const Outcome o = ReadAll(NdjsonReader::FromString(input), size);
  std::istringstream in{std::string(input)};
  const Outcome from_stream = ReadAll(NdjsonReader(in), size);
  if (from_stream.objects != o.objects || from_stream.errors != o.errors) __builtin_trap();

  // Every accepted object, written back, reads back equal, alone and together.
  std::string all;
  for (const json& j : o.objects) {
    std::string one;
    yilian::io::WriteNdjson(one, j);
    if (one.empty() || one.back() != '\n' || one.find('\n') != one.size() - 1) __builtin_trap();
    // Number spelling may grow ("1E2" becomes "100.0"), past the line limit in theory.
    if (one.size() > yilian::io::kNdjsonMaxLineBytes) continue;
    const Outcome again = ReadAll(NdjsonReader::FromString(one), one.size());
    if (!again.errors.empty() || again.objects.size() != 1 || again.objects[0] != j) {
      __builtin_trap();
    }
    all += one;
  }
  const Outcome whole = ReadAll(NdjsonReader::FromString(all), all.size());
  if (!whole.errors.empty() || whole.objects.size() > o.objects.size()) __builtin_trap();
  return 0;
}
