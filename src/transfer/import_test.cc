#include "transfer/import.h"

#include <sstream>

#include <gtest/gtest.h>

#include "testing/test_county.h"

namespace yilian {
namespace {
using testing::TestCounty;

std::string ResidentsCsv() {
  std::string good1 = TestCounty::Id("1958-03-17", 3), good2 = TestCounty::Id("1962-08-05", 4);
  std::string good3 = TestCounty::Id("2019-05-05", 5);
  return "\xEF\xBB\xBFname,id_number,village_code,phone,conditions,poverty\n"
         "王建国," +
         good1 +
         ",140423100201,13812345678,2@2015-03-01;3,0\n"
         "李秀英," +
         good1.substr(0, 17) +
         "0,140423100201,,,\n"  // line 3: bad check char
         "\"张·小宝\"," +
         good3 +
         ",140423200201,,,1\n"
         "赵六," +
         good2 +
         ",140423999201,12345,,maybe\n"  // line 5: 3 bad fields
         "\"钱\n多行\"," +
         good2 +
         ",140423100202,,,\n"  // line 6: a line break in a name
         "孙七," +
         good2 + ",140423100202,,,\n";  // line 8
}

TEST(ImportTest, AllOrNothingWritesNothingAndReportsEveryBadLine) {
  TestCounty t;
  std::istringstream in(ResidentsCsv());
  ImportOptions opt;
  opt.kind = "residents";
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->lines, 6);
  EXPECT_EQ(report->rejected, 3);
  EXPECT_EQ(report->written, 0);
  ASSERT_EQ(report->rejections.size(), 3u);
  EXPECT_EQ(report->rejections[2].line, 6);
  EXPECT_EQ(report->rejections[2].fields.at(0).field, "name");
  EXPECT_EQ(report->rejections[0].line, 3);
  EXPECT_EQ(report->rejections[0].fields.at(0).field, "id_number");
  EXPECT_EQ(report->rejections[1].line, 5);
  std::set<std::string> fields;
  for (const auto& f : report->rejections[1].fields) fields.insert(f.field);
  EXPECT_TRUE(fields.count("poverty")) << report->rejections[1].message;
  resident_store::Query q;
  EXPECT_TRUE(t.residents->Search(q)->items.empty());
}

TEST(ImportTest, ValidOnlyWritesTheGoodLines) {
  TestCounty t;
  std::istringstream in(ResidentsCsv());
  ImportOptions opt;
  opt.kind = "residents";
  opt.all_or_nothing = false;
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->written, 3);
  resident_store::Query q;
  auto all = t.residents->Search(q);
  ASSERT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->items[0].conditions.size(), 2u);
  EXPECT_EQ(all->items[1].name, "张·小宝");
  EXPECT_TRUE(all->items[1].poverty);
  EXPECT_EQ(all->items[2].name, "孙七");
}

TEST(ImportTest, DuplicateIdWithinTheFileIsRejected) {
  TestCounty t;
  std::string id = TestCounty::Id("1958-03-17", 3);
  std::istringstream in("{\"name\":\"王建国\",\"id_number\":\"" + id +
                        "\",\"village_code\":\"140423100201\"}\n\n"
                        "{\"name\":\"王建国\",\"id_number\":\"" +
                        id +
                        "\",\"village_code\":\"140423200201\"}\n"
                        "{not json}\n");
  ImportOptions opt;
  opt.kind = "residents";
  opt.format = "ndjson";
  opt.all_or_nothing = false;
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->written, 1);
  ASSERT_EQ(report->rejections.size(), 2u);
  EXPECT_EQ(report->rejections[0].line, 3);
  EXPECT_NE(report->rejections[0].message.find("14042310020100001"), std::string::npos);
  EXPECT_EQ(report->rejections[1].line, 4);
}

TEST(ImportTest, UnknownColumnsAndKindsAreRefused) {
  TestCounty t;
  std::istringstream in("name,birthday\n王,1950-01-01\n");
  ImportOptions opt;
  opt.kind = "residents";
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().fields().at(0).field, "birthday");
  opt.kind = "patients";
  std::istringstream in2("name\n");
  EXPECT_EQ(
      RunImport(*t.db, *t.org_units, *t.residents, in2, opt, nullptr).status().fields()[0].field,
      "kind");
}

TEST(ImportTest, ExportThenImportRoundTrips) {
  TestCounty src;
  std::istringstream in(ResidentsCsv());
  ImportOptions opt;
  opt.kind = "residents";
  opt.all_or_nothing = false;
  ASSERT_TRUE(RunImport(*src.db, *src.org_units, *src.residents, in, opt, nullptr).ok());
  for (std::string format : {"csv", "ndjson"}) {
    std::ostringstream out;
    ExportOptions eo;
    eo.kind = "residents";
    eo.format = format;
    auto n = RunExport(*src.db, out, eo);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 3);
    TestCounty dst;
    std::istringstream back(out.str());
    ImportOptions io;
    io.kind = "residents";
    io.format = format;
    auto report = RunImport(*dst.db, *dst.org_units, *dst.residents, back, io, nullptr);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->written, 3) << format << ": "
                                  << (report->rejections.empty() ? ""
                                                                 : report->rejections[0].message);
    resident_store::Query q;
    auto a = src.residents->Search(q), b = dst.residents->Search(q);
    ASSERT_EQ(a->items.size(), b->items.size());
    for (size_t i = 0; i < a->items.size(); ++i) {
      EXPECT_EQ(a->items[i].name, b->items[i].name);
      EXPECT_EQ(a->items[i].id_number, b->items[i].id_number);
      EXPECT_EQ(a->items[i].conditions, b->items[i].conditions);
      EXPECT_EQ(a->items[i].record_no, b->items[i].record_no);
    }
  }
}

TEST(ImportTest, OrgUnitsImportParentsFromTheSameFile) {
  TestCounty t;
  std::istringstream in(
      "code,name,parent_code\n140423300000,新乡,140423000000\n140423300201,新村,140423300000\n"
      "140423300202,坏村,140423399000\n");
  ImportOptions opt;
  opt.kind = "org_units";
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rejected, 1);
  EXPECT_EQ(report->rejections[0].line, 4);
  EXPECT_EQ(t.org_units->tree()->Find("140423300201"), nullptr);  // all or nothing
  opt.all_or_nothing = false;
  std::istringstream again(
      "code,name,parent_code\n140423300000,新乡,140423000000\n140423300201,新村,140423300000\n");
  report = RunImport(*t.db, *t.org_units, *t.residents, again, opt, nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->written, 2);
  EXPECT_NE(t.org_units->tree()->Find("140423300201"), nullptr);
}

}  // namespace
}  // namespace yilian
