// Strict reading of JSON objects from outside into domain structs.
//
// Every API body and import line goes through a JsonFields reader: each field
// is read with its type and limits, every problem is collected as a
// FieldError naming the field, and Finish() refuses fields nobody asked for
// (a typo such as "birthdate" must not be silently ignored).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/status.h"

namespace yilian {

class JsonFields {
 public:
  // `prefix` is prepended to field names in errors ("members[2].").
  JsonFields(const nlohmann::json& obj, FieldErrors* errors, std::string prefix = "");

  bool Has(const char* name) const;
  // Each reader leaves *out unchanged when the field is absent (or null and
  // optional), records an error when it is required and absent or has the
  // wrong type, and returns whether the field was present and valid.
  bool Str(const char* name, std::string* out, bool required = false, size_t max_len = 200);
  bool Int(const char* name, int64_t* out, bool required = false, int64_t min = INT64_MIN,
           int64_t max = INT64_MAX);
  bool OptInt(const char* name, std::optional<int64_t>* out, int64_t min = INT64_MIN,
              int64_t max = INT64_MAX);
  bool Bool(const char* name, bool* out, bool required = false);
  bool DateField(const char* name, Date* out, bool required = false);
  bool OptDate(const char* name, std::optional<Date>* out);
  bool StrList(const char* name, std::vector<std::string>* out, size_t max_items = 50,
               size_t max_len = 200);
  // The raw value for nested structures; nullptr when absent.
  const nlohmann::json* Raw(const char* name);
  // Marks a field as known without reading it (e.g. read-only fields echoed back).
  void Ignore(const char* name);
  // Reports every field in the object that was not read or ignored.
  void Finish();
  FieldErrors* errors() { return errors_; }
  std::string Path(const char* name) const { return prefix_ + name; }

 private:
  const nlohmann::json& obj_;
  FieldErrors* errors_;
  std::string prefix_;
  // Names asked for (string literals, kept as pointers: this runs for every
  // line of a multi-million-line import) and how many of them were present.
  std::vector<const char*> asked_;
  size_t present_ = 0;
  bool Ask(const char* name);  // false when asked before
};

// True when `s` is well-formed UTF-8 without NUL or other C0 control characters
// except tab (free text from outside is stored as UTF-8 text).
bool IsCleanUtf8Text(std::string_view s);
// Number of Unicode code points in valid UTF-8.
size_t Utf8Length(std::string_view s);
// Trims ASCII whitespace and the ideographic space U+3000 at both ends.
std::string TrimText(std::string_view s);

}  // namespace yilian
