#include "io/ndjson.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace yilian::io {
namespace {

using nlohmann::json;

// Passes when `s` starts with `prefix`, and shows `s` when it does not.
testing::AssertionResult HasPrefix(const std::string& s, std::string_view prefix) {
  if (s.starts_with(prefix)) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "\"" << s << "\" does not start with \"" << prefix << "\"";
}

struct Parsed {
  std::vector<json> objects;
  std::vector<int64_t> lines;
  std::vector<std::string> errors;  // every refused line, reading on past each
  Status status;                    // how reading stopped
};

Parsed ReadAll(NdjsonReader reader) {
  Parsed p;
  while (!reader.finished()) {
    json j;
    Status st;
    if (reader.Next(&j, &st)) {
      p.objects.push_back(std::move(j));
      p.lines.push_back(reader.line());
    } else if (!st.ok()) {
      EXPECT_EQ(st.details().size(), 1u);
      p.errors.push_back(st.message());
      p.status = st;
    }
  }
  return p;
}

// Parses `text` both from a buffer and from a stream; the two must agree.
Parsed Parse(const std::string& text) {
  Parsed from_buffer = ReadAll(NdjsonReader::FromString(text));
  std::istringstream in(text);
  Parsed from_stream = ReadAll(NdjsonReader(in));
  EXPECT_EQ(from_buffer.objects, from_stream.objects);
  EXPECT_EQ(from_buffer.lines, from_stream.lines);
  EXPECT_EQ(from_buffer.errors, from_stream.errors);
  return from_buffer;
}

TEST(NdjsonReaderTest, ObjectsBlankLinesCrlfAndBom) {
  Parsed p = Parse(
      "\xEF\xBB\xBF{\"id\":1,\"name\":\"\xE5\xBC\xA0\xE4\xB8\x89\"}\r\n"
      "\r\n"
      "   \n"
      "{\"id\":2}\n"
      "{\"id\":3}");
  EXPECT_TRUE(p.errors.empty());
  ASSERT_EQ(p.objects.size(), 3u);
  EXPECT_EQ(p.objects[0]["name"], "\xE5\xBC\xA0\xE4\xB8\x89");
  EXPECT_EQ(p.objects[2]["id"], 3);
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 4, 5}));
}

TEST(NdjsonReaderTest, EmptyInput) {
  EXPECT_TRUE(Parse("").objects.empty());
  EXPECT_TRUE(Parse("\n\n\xEF\xBB\xBF\n").errors.size() == 1);  // a BOM counts only on line 1
  EXPECT_TRUE(Parse("\xEF\xBB\xBF\n\n").errors.empty());
}

TEST(NdjsonReaderTest, EachLineMustBeAnObject) {
  Parsed p = Parse("[1,2]\n42\n\"s\"\nnull\n{\"ok\":true}\n");
  EXPECT_EQ(p.errors, (std::vector<std::string>{
                          "line 1: expected a JSON object, found array",
                          "line 2: expected a JSON object, found number",
                          "line 3: expected a JSON object, found string",
                          "line 4: expected a JSON object, found null",
                      }));
  ASSERT_EQ(p.objects.size(), 1u);
  EXPECT_EQ(p.lines, std::vector<int64_t>{5});
}

TEST(NdjsonReaderTest, MalformedJsonIsReportedAndSkipped) {
  Parsed p = Parse("{\"a\":1}\n{\"a\":\n{\"b\":2}\n{x}\n{\"n\":1e400}\n{\"a\":1} {\"b\":2}\n");
  ASSERT_EQ(p.errors.size(), 4u);
  EXPECT_TRUE(HasPrefix(p.errors[0], "line 2: malformed JSON: column 6:"));
  EXPECT_TRUE(HasPrefix(p.errors[1], "line 4: malformed JSON: column 2:"));
  EXPECT_TRUE(HasPrefix(p.errors[2], "line 5: malformed JSON: "));
  EXPECT_NE(p.errors[2].find("1e400"), std::string::npos);
  EXPECT_TRUE(HasPrefix(p.errors[3], "line 6: malformed JSON: "));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 3}));
}

TEST(NdjsonReaderTest, InvalidUtf8) {
  Parsed p = Parse("{\"name\":\"\xD5\xC5\xC8\xFD\"}\n{}\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_TRUE(HasPrefix(p.errors[0], "line 1: invalid UTF-8"));
  EXPECT_EQ(p.lines, std::vector<int64_t>{2});
}

TEST(NdjsonReaderTest, LineLengthLimit) {
  // {"a":"xxx…"} of exactly 1 MiB (plus a CR) is accepted; one byte more is not.
  const std::string max = "{\"a\":\"" + std::string(kNdjsonMaxLineBytes - 8, 'x') + "\"}";
  ASSERT_EQ(max.size(), kNdjsonMaxLineBytes);
  const std::string over = "{\"a\":\"" + std::string(kNdjsonMaxLineBytes - 7, 'x') + "\"}";
  Parsed p = Parse(max + "\r\n" + over + "\n{}\n" + over + over);
  EXPECT_EQ(p.errors, (std::vector<std::string>{
                          "line 2: line longer than 1048576 bytes (1 MiB)",
                          "line 4: line longer than 1048576 bytes (1 MiB)",
                      }));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 3}));
}

TEST(NdjsonReaderTest, NestingLimit) {
  std::string ok = "{\"a\":" + std::string(kNdjsonMaxDepth - 1, '[') +
                   std::string(kNdjsonMaxDepth - 1, ']') + "}";
  std::string deep =
      "{\"a\":" + std::string(kNdjsonMaxDepth, '[') + std::string(kNdjsonMaxDepth, ']') + "}";
  std::string in_string = "{\"a\":\"" + std::string(1000, '[') + "\"}";
  Parsed p = Parse(ok + "\n" + deep + "\n" + in_string + "\n" + std::string(500000, '[') + "\n");
  EXPECT_EQ(p.errors, (std::vector<std::string>{
                          "line 2: JSON nested deeper than 256 levels",
                          "line 4: JSON nested deeper than 256 levels",
                      }));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 3}));
}

TEST(NdjsonReaderTest, LongParserMessageIsCut) {
  Parsed p = Parse("{\"a\":\"" + std::string(5000, 'x') + "\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_LT(p.errors[0].size(), 300u);
}

TEST(NdjsonReaderTest, UnreadableStreamIsAnIoError) {
  std::ifstream missing("/nonexistent/yilian/import.ndjson");
  NdjsonReader r(missing);
  json j;
  Status st;
  EXPECT_FALSE(r.Next(&j, &st));
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_TRUE(r.finished());
  EXPECT_FALSE(r.Next(&j, &st));
  EXPECT_EQ(st.code(), Status::Code::kIoError);
}

TEST(NdjsonWriteTest, RoundTrip) {
  std::vector<json> objects;
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    json j = {{"id", i},
              {"name", "\xE5\xBC\xA0\xE4\xB8\x89\n\"quoted\"\r\t"},
              {"tags", json::array({"a", i % 2 == 0, nullptr, 1.5})},
              {"nested", {{"x", json::object()}}}};
    WriteNdjson(text, j);
    objects.push_back(std::move(j));
  }
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1000);
  Parsed p = Parse(text);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.objects, objects);
}

TEST(NdjsonWriteTest, InvalidUtf8IsReplaced) {
  std::string text;
  WriteNdjson(text, json{{"name",
                          "a\xFF"
                          "b"}});
  EXPECT_EQ(text,
            "{\"name\":\"a\xEF\xBF\xBD"
            "b\"}\n");
  Parsed p = Parse(text);
  ASSERT_EQ(p.objects.size(), 1u);
}

}  // namespace
}  // namespace yilian::io
