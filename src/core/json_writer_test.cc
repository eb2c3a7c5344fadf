#include "core/json_writer.h"

#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace yilian {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  JsonWriter::AppendQuoted(&out, s);
  return out;
}

std::string Nlohmann(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonWriterTest, EscapesLikeNlohmann) {
  for (std::string s :
       {std::string(""), std::string("plain"), std::string("say \"hi\""),
        std::string("back\\slash"), std::string("\b\f\n\r\t"), std::string("\x01\x1f\x7f", 3),
        std::string("nul\0inside", 10), std::string("襄垣县古韩镇"),
        std::string("emoji \xF0\x9F\x98\x80"), std::string("</script>")}) {
    EXPECT_EQ(Quoted(s), Nlohmann(s)) << s;
  }
}

TEST(JsonWriterTest, RandomValidUtf8MatchesNlohmann) {
  std::mt19937 rng(7);
  // Code points from every UTF-8 length, controls and quotes included.
  const std::vector<std::pair<uint32_t, uint32_t>> ranges = {
      {0x00, 0x7F}, {0x80, 0x7FF}, {0x800, 0xD7FF}, {0xE000, 0xFFFF}, {0x10000, 0x10FFFF}};
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    int len = static_cast<int>(rng() % 12);
    for (int i = 0; i < len; ++i) {
      auto [lo, hi] = ranges[rng() % ranges.size()];
      uint32_t cp = lo + rng() % (hi - lo + 1);
      if (cp < 0x80) {
        s += static_cast<char>(cp);
      } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    ASSERT_EQ(Quoted(s), Nlohmann(s));
  }
}

TEST(JsonWriterTest, InvalidUtf8BecomesReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Quoted("a\xFF"
                   "b"),
            "\"a" + fffd + "b\"");
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"" + fffd + fffd + "\"");             // overlong '/'
  EXPECT_EQ(Quoted("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(Quoted("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");
  EXPECT_EQ(Quoted("\xE8\xA5"), "\"" + fffd + fffd + "\"");  // truncated 襄
  // Whatever the bytes, the text parses and round-trips valid input.
  std::mt19937 rng(11);
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    int len = static_cast<int>(rng() % 10);
    for (int i = 0; i < len; ++i) s += static_cast<char>(rng() & 0xFF);
    std::string q = Quoted(s);
    ASSERT_TRUE(nlohmann::json::accept(q)) << q;
  }
}

TEST(JsonWriterTest, PlacesCommasBetweenMembersAndItems) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("a").Int(-3).Key("b").BeginArray().String("x").Null().Bool(false);
  w.BeginObject().EndObject().BeginArray().EndArray().EndArray();
  w.Key("c").Bool(true).EndObject();
  EXPECT_EQ(out, R"({"a":-3,"b":["x",null,false,{},[]],"c":true})");
  EXPECT_EQ(nlohmann::json::parse(out)["b"].size(), 5u);
}

}  // namespace
}  // namespace yilian
