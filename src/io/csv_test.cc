#include "io/csv.h"

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace yilian::io {
namespace {

using namespace std::string_literals;
using Rows = std::vector<std::vector<std::string>>;

// Passes when `s` starts with `prefix`, and shows `s` when it does not.
testing::AssertionResult HasPrefix(const std::string& s, std::string_view prefix) {
  if (s.starts_with(prefix)) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "\"" << s << "\" does not start with \"" << prefix << "\"";
}

struct Parsed {
  Rows rows;
  std::vector<int64_t> lines;  // record_line() of each row
  Status status;               // how reading stopped
};

Parsed ReadAll(CsvReader reader) {
  Parsed p;
  CsvRecord rec;
  while (reader.Next(&rec, &p.status)) {
    p.rows.push_back(rec.fields);
    p.lines.push_back(reader.record_line());
  }
  return p;
}

// Parses `text` both from a buffer and from a stream; the two must agree.
Parsed Parse(const std::string& text) {
  Parsed from_buffer = ReadAll(CsvReader::FromString(text));
  std::istringstream in(text);
  Parsed from_stream = ReadAll(CsvReader(in));
  EXPECT_EQ(from_buffer.rows, from_stream.rows);
  EXPECT_EQ(from_buffer.lines, from_stream.lines);
  EXPECT_EQ(from_buffer.status.ToString(), from_stream.status.ToString());
  return from_buffer;
}

// The error message reading `text` ends with, or "" if it reads cleanly.
std::string ErrorOf(const std::string& text) {
  Parsed p = Parse(text);
  if (p.status.ok()) return "";
  EXPECT_EQ(p.status.code(), Status::Code::kInvalidArgument);
  return p.status.message();
}

TEST(CsvReaderTest, SimpleLf) {
  Parsed p = Parse("a,b,c\n1,2,3\n");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2}));
}

TEST(CsvReaderTest, CrlfAndNoFinalLineEnd) {
  Parsed p = Parse("a,b\r\n1,2\r\n3,4");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, LoneCrEndsLines) {
  Parsed p = Parse("a,b\r1,2\r");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2}));
}

TEST(CsvReaderTest, BomSkippedOnlyAtStart) {
  Parsed p = Parse("\xEF\xBB\xBFname,age\n\xEF\xBB\xBFx,1\n");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"name", "age"}, {"\xEF\xBB\xBFx", "1"}}));
  EXPECT_EQ(Parse("\xEF\xBB\xBF").rows, Rows{});
  EXPECT_EQ(Parse("\xEF\xBB\xBF\r\n").rows, Rows{});
}

TEST(CsvReaderTest, EmptyInput) {
  Parsed p = Parse("");
  EXPECT_TRUE(p.status.ok());
  EXPECT_TRUE(p.rows.empty());
}

TEST(CsvReaderTest, EmptyFields) {
  Parsed p = Parse(",,\na,\n,b\n\"\"\n\"\",\"\"\na,");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"", "", ""}, {"a", ""}, {"", "b"}, {""}, {"", ""}, {"a", ""}}));
}

TEST(CsvReaderTest, BlankLinesSkippedWithLineNumbersKept) {
  Parsed p = Parse("\n\na\r\n\r\n\nb\n\n");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a"}, {"b"}}));
  EXPECT_EQ(p.lines, (std::vector<int64_t>{3, 6}));
}

TEST(CsvReaderTest, SpacesAreKept) { EXPECT_EQ(Parse(" a , b \n").rows, (Rows{{" a ", " b "}})); }

TEST(CsvReaderTest, QuotedFields) {
  Parsed p = Parse(
      "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n"
      "\"\u5f20\u4e09\",\"line1\nline2\",x\n");
  EXPECT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"a,b", "say \"hi\"", "\""}, {"\u5f20\u4e09", "line1\nline2", "x"}}));
}

TEST(CsvReaderTest, MultiLineRecordsKeepPhysicalLineNumbers) {
  Parsed p = Parse(
      "id,note\r\n"
      "1,\"first\r\nsecond\r\nthird\"\r\n"
      "2,\"a\nb\"\n"
      "3,\"lone\rcr\"\n"
      "4,plain\n");
  EXPECT_TRUE(p.status.ok());
  ASSERT_EQ(p.rows.size(), 5u);
  EXPECT_EQ(p.rows[1][1], "first\r\nsecond\r\nthird");
  EXPECT_EQ(p.rows[3][1], "lone\rcr");
  EXPECT_EQ(p.lines, (std::vector<int64_t>{1, 2, 5, 7, 9}));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineItOpened) {
  EXPECT_EQ(ErrorOf("a,b\n1,\"open\nstill\nopen"),
            "line 2: quoted field is never closed (missing closing quote \")");
  EXPECT_EQ(ErrorOf("\""), "line 1: quoted field is never closed (missing closing quote \")");
}

TEST(CsvReaderTest, QuoteInsideUnquotedField) {
  EXPECT_TRUE(HasPrefix(ErrorOf("a,b\n1,2\"3\"\n"), "line 2: quote (\") inside unquoted field 2"));
  EXPECT_NE(ErrorOf(" \"a\"\n"), "");
}

TEST(CsvReaderTest, CharacterAfterClosingQuoteNamesItsLine) {
  EXPECT_EQ(ErrorOf("x\n\"a\nb\nc\"d,e\n"),
            "line 4: unexpected character after the closing quote of field 1 (a quoted field "
            "must end there)");
  EXPECT_NE(ErrorOf("\"a\" ,b\n"), "");
}

TEST(CsvReaderTest, FieldSizeLimit) {
  const std::string max(kCsvMaxFieldBytes, 'x');
  Parsed ok = Parse("a\n" + max + "\n\"" + max + "\"\n");
  EXPECT_TRUE(ok.status.ok());
  ASSERT_EQ(ok.rows.size(), 3u);
  EXPECT_EQ(ok.rows[2][0], max);

  EXPECT_EQ(ErrorOf("a\n" + max + "x\n"), "line 2: field longer than 65536 bytes");
  EXPECT_EQ(ErrorOf("a\n\"\n" + max + "\""), "line 2: field longer than 65536 bytes");
  // An escaped quote counts as one byte.
  EXPECT_TRUE(Parse("\"" + std::string(kCsvMaxFieldBytes - 1, 'x') + "\"\"\"").status.ok());
}

TEST(CsvReaderTest, FieldCountLimit) {
  std::string row(kCsvMaxFields - 1, ',');
  Parsed ok = Parse("a\n" + row + "\n");
  EXPECT_TRUE(ok.status.ok());
  EXPECT_EQ(ok.rows[1].size(), kCsvMaxFields);
  EXPECT_EQ(ErrorOf("a\n" + row + ",\n"), "line 2: record has more than 1000 fields");
}

TEST(CsvReaderTest, InvalidUtf8NamesLineFieldAndHint) {
  // "张三" in GBK, as older Excel saves "CSV (Comma delimited)".
  const std::string msg = ErrorOf("name,age\n\xD5\xC5\xC8\xFD,30\n");
  EXPECT_TRUE(HasPrefix(msg, "line 2: invalid UTF-8 in field 1; the file must be saved as UTF-8"));
  EXPECT_NE(msg.find("CSV UTF-8"), std::string::npos);
  // Inside a multi-line field, the line of the bad byte itself.
  EXPECT_TRUE(HasPrefix(ErrorOf("a,b\n\"x\ny\",\"1\n2\n\xC8\xFD\"\n"),
                        "line 5: invalid UTF-8 in field 2; "));
}

TEST(CsvReaderTest, NulAndUtf16Refused) {
  EXPECT_TRUE(HasPrefix(ErrorOf(std::string("a,b\x00", 4)), "line 1: NUL byte in field 2"));
  EXPECT_TRUE(HasPrefix(ErrorOf("\xFF\xFEn\0a\0"s), "line 1: the file is UTF-16"));
}

TEST(CsvReaderTest, ErrorCarriesLineDetail) {
  Parsed p = Parse("a\n\"b");
  ASSERT_EQ(p.status.details().size(), 1u);
  EXPECT_EQ(p.status.details()[0].first, "line");
  EXPECT_EQ(p.status.details()[0].second, "2");
}

TEST(CsvReaderTest, ContinuesAfterInvalidUtf8ButNotAfterSyntaxError) {
  CsvReader r = CsvReader::FromString("ok\nbad\xFF\nok2\n\"x\"y\nnever\n");
  CsvRecord rec;
  Status st;
  ASSERT_TRUE(r.Next(&rec, &st));
  EXPECT_FALSE(r.Next(&rec, &st));
  EXPECT_EQ(r.record_line(), 2);
  EXPECT_TRUE(HasPrefix(st.message(), "line 2: invalid UTF-8"));
  EXPECT_FALSE(r.finished());
  ASSERT_TRUE(r.Next(&rec, &st));
  EXPECT_EQ(rec.fields, std::vector<std::string>{"ok2"});
  EXPECT_FALSE(r.Next(&rec, &st));
  EXPECT_TRUE(r.finished());
  const std::string first = st.message();
  EXPECT_TRUE(HasPrefix(first, "line 4:"));
  EXPECT_FALSE(r.Next(&rec, &st));
  EXPECT_EQ(st.message(), first);
}

TEST(CsvReaderTest, EndIsReportedOkAndStaysSo) {
  CsvReader r = CsvReader::FromString("a");
  CsvRecord rec;
  Status st = Status::Internal("unset");
  ASSERT_TRUE(r.Next(&rec, &st));
  EXPECT_FALSE(r.Next(&rec, &st));
  EXPECT_TRUE(st.ok());
  EXPECT_TRUE(r.finished());
  st = Status::Internal("unset");
  EXPECT_FALSE(r.Next(&rec, &st));
  EXPECT_TRUE(st.ok());
}

TEST(CsvReaderTest, RecordReusesItsStrings) {
  CsvReader r = CsvReader::FromString("aaaaaaaaaaaaaaaaaaaaaaaaa,b,c\nd,e\nf,g,h\n");
  CsvRecord rec;
  Status st;
  ASSERT_TRUE(r.Next(&rec, &st));
  const char* first = rec.fields[0].data();
  ASSERT_TRUE(r.Next(&rec, &st));
  EXPECT_EQ(rec.fields, (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(rec.fields[0].data(), first);
  ASSERT_TRUE(r.Next(&rec, &st));
  EXPECT_EQ(rec.fields, (std::vector<std::string>{"f", "g", "h"}));
}

TEST(CsvReaderTest, UnreadableStreamIsAnIoError) {
  std::ifstream missing("/nonexistent/yilian/import.csv");
  CsvReader r(missing);
  CsvRecord rec;
  Status st;
  EXPECT_FALSE(r.Next(&rec, &st));
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_TRUE(r.finished());
}

// The stream reader refills its buffer every 128 KiB; line ends, "" escapes
// and closing quotes split across a refill must parse as in one buffer.
TEST(CsvReaderTest, ChunkBoundariesDoNotMatter) {
  const std::vector<std::string> tails = {
      "a,b\r\nc,d\r\n", "\"x\"\"y\",\"p\r\nq\"\r\n", "\"\",\"\"\"\"\n", "\xE5\xBC\xA0,\r\r\n",
      "\"a\"b\n",  // error: must be reported the same way
  };
  constexpr size_t kChunk = 128 * 1024;
  for (const std::string& tail : tails) {
    for (size_t back = 0; back <= tail.size() + 1; ++back) {
      std::string text;
      // Filler lines, then `tail` straddling the chunk boundary.
      while (text.size() + 100 < kChunk - back) text += std::string(98, 'f') + "\n";
      text += std::string(kChunk - back - text.size() - 1, 'g') + "\n";
      text += tail + tail;
      Parse(text);  // compares buffer and stream results
    }
  }
}

TEST(CsvTableTest, HeaderAndLookup) {
  Result<CsvTable> t = CsvTable::FromString(
      "\xEF\xBB\xBF id , \xE5\xA7\x93\xE5\x90\x8D\xE3\x80\x80,\tage\n"
      "1,\xE5\xBC\xA0\xE4\xB8\x89,30\n2,\"\xE6\x9D\x8E\n\xE5\x9B\x9B\",\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->header(), (std::vector<std::string>{"id", "\xE5\xA7\x93\xE5\x90\x8D", "age"}));
  EXPECT_EQ(t->Column("age"), 2u);
  EXPECT_EQ(t->Column("missing"), std::nullopt);
  CsvRow row;
  Status st;
  ASSERT_TRUE(t->Next(&row, &st));
  EXPECT_EQ(row.Get("id"), "1");
  EXPECT_EQ(row.Get("\xE5\xA7\x93\xE5\x90\x8D"), "\xE5\xBC\xA0\xE4\xB8\x89");
  EXPECT_EQ(row.Get("missing"), "");
  EXPECT_EQ(row.field(2), "30");
  EXPECT_EQ(row.field(3), "");
  EXPECT_EQ(t->line(), 2);
  EXPECT_EQ(row.line(), 2);
  ASSERT_TRUE(t->Next(&row, &st));
  EXPECT_EQ(row.Get("\xE5\xA7\x93\xE5\x90\x8D"), "\xE6\x9D\x8E\n\xE5\x9B\x9B");
  EXPECT_EQ(row.Get("age"), "");
  EXPECT_EQ(t->line(), 3);
  EXPECT_FALSE(t->Next(&row, &st));
  EXPECT_TRUE(st.ok());
  EXPECT_TRUE(t->finished());
}

TEST(CsvTableTest, OpenFromStream) {
  std::istringstream in("a,b\r\n1,2\r\n");
  Result<CsvTable> t = CsvTable::Open(in);
  ASSERT_TRUE(t.ok());
  CsvRow row;
  Status st;
  ASSERT_TRUE(t->Next(&row, &st));
  EXPECT_EQ(row.Get("b"), "2");
}

TEST(CsvTableTest, BadHeaders) {
  auto error = [](const std::string& text) {
    return CsvTable::FromString(text).status().message();
  };
  EXPECT_EQ(error(""), "line 1: the file is empty; expected a header row naming the columns");
  EXPECT_EQ(error("\n\n"), "line 1: the file is empty; expected a header row naming the columns");
  EXPECT_EQ(error("a,,b\n"), "line 1: column 2 of the header has no name");
  EXPECT_EQ(error("a,\xE3\x80\x80\n"), "line 1: column 2 of the header has no name");
  EXPECT_EQ(error("\na,b, a\n"),
            "line 2: column name \"a\" appears twice in the header (columns 1 and 3)");
  EXPECT_TRUE(HasPrefix(error("a,\"b\n"), "line 1:"));
}

TEST(CsvTableTest, WrongFieldCountIsReportedAndSkipped) {
  Result<CsvTable> t = CsvTable::FromString("a,b,c\n1,2,3\n\"x\ny\",2\n7,8,9\n");
  ASSERT_TRUE(t.ok());
  CsvRow row;
  Status st;
  ASSERT_TRUE(t->Next(&row, &st));
  EXPECT_FALSE(t->Next(&row, &st));
  EXPECT_EQ(st.message(), "line 3: record has 2 fields but the header has 3 columns");
  EXPECT_EQ(t->line(), 3);
  EXPECT_FALSE(t->finished());
  ASSERT_TRUE(t->Next(&row, &st));
  EXPECT_EQ(row.Get("c"), "9");
  EXPECT_EQ(row.line(), 5);
  EXPECT_FALSE(t->Next(&row, &st));
  EXPECT_TRUE(st.ok());
}

TEST(CsvWriteTest, QuotesOnlyWhenNeeded) {
  auto field = [](std::string_view v) {
    std::string out;
    WriteCsvField(out, v);
    return out;
  };
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("plain \xE5\xBC\xA0"), "plain \xE5\xBC\xA0");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("\""), "\"\"\"\"");
  EXPECT_EQ(field("a\nb"), "\"a\nb\"");
  EXPECT_EQ(field("a\rb"), "\"a\rb\"");
  EXPECT_EQ(field(" lead"), "\" lead\"");
  EXPECT_EQ(field("trail\t"), "\"trail\t\"");
  EXPECT_EQ(field("\xEF\xBB\xBFx"), "\"\xEF\xBB\xBFx\"");
}

TEST(CsvWriteTest, Rows) {
  std::string out;
  WriteCsvRow(out, {"a", "b,c", ""});
  WriteCsvRow(out, {""});
  WriteCsvRow(out, {"", ""});
  EXPECT_EQ(out, "a,\"b,c\",\n\"\"\n,\n");
  EXPECT_EQ(Parse(out).rows, (Rows{{"a", "b,c", ""}, {""}, {"", ""}}));
  EXPECT_EQ(CsvUtf8Bom(), "\xEF\xBB\xBF");
}

TEST(CsvWriteTest, LargeRoundTrip) {
  const std::vector<std::string> awkward = {
      "",
      "plain",
      "\xE5\xBC\xA0\xE4\xB8\x89",
      "a,b",
      "\"",
      "say \"\"hi\"\"",
      "x\ny",
      "x\r\ny",
      "\r",
      " lead",
      "trail ",
      "\xEF\xBB\xBF",
      "\xF0\x9F\x98\x80,\"\n",
      "14042319850615123X",
      "=SUM(A1)",
      ",,,",
  };
  std::mt19937 rng(42);
  Rows rows;
  std::string text = CsvUtf8Bom();
  for (int i = 0; i < 100000; ++i) {
    std::vector<std::string> row;
    const size_t n = 1 + rng() % 6;
    for (size_t k = 0; k < n; ++k) {
      std::string f = awkward[rng() % awkward.size()];
      if (rng() % 3 == 0) f += std::to_string(i);
      row.push_back(std::move(f));
    }
    WriteCsvRow(text, row);
    rows.push_back(std::move(row));
  }
  Parsed p = Parse(text);
  EXPECT_TRUE(p.status.ok()) << p.status.ToString();
  ASSERT_EQ(p.rows.size(), rows.size());
  EXPECT_TRUE(p.rows == rows);
}

TEST(CsvUtf8Test, FindInvalidUtf8) {
  EXPECT_EQ(FindInvalidUtf8(""), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("abcdefghijklmnop\xE5\xBC\xA0\xF0\x9F\x98\x80"),
            std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\0b", 3)), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("abc\x80"), 3u);               // stray continuation
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);              // overlong
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);          // overlong
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);          // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);      // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ab\xE5\xBC"), 2u);            // truncated
  EXPECT_EQ(FindInvalidUtf8("01234567\xE5\x41\xA0"), 8u);  // bad continuation
}

}  // namespace
}  // namespace yilian::io
