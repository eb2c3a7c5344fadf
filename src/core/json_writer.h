// JsonWriter: compact JSON text appended straight to a string.
//
// For the responses on the hottest paths (a resident's record page, a
// lookup's result list): building an nlohmann::json tree first costs a map
// node and a string per field and was most of a lookup's time.
//
// Strings are escaped as nlohmann::json::dump() escapes them: UTF-8 as is,
// ", \ and control characters escaped (\b \f \n \r \t, others as \u00xx).
// Each byte that does not begin a valid UTF-8 sequence becomes U+FFFD, so
// the text is always valid JSON whatever the input. The caller keeps keys and values in a valid
// order (a key before each value inside an object); the writer only places
// the commas.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace yilian {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();

  // Appends s as a JSON string literal (quotes included), escaped as above.
  static void AppendQuoted(std::string* out, std::string_view s);

 private:
  void Separate();
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  // A number or literal, already valid JSON text.
  JsonWriter& Literal(std::string_view text);

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace yilian
