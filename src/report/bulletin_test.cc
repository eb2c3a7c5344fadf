// The monthly bulletin of a small county, checked cell by cell: the sentences,
// the table of townships (values, ranks, target and completion), the CSV, and
// the Excel file read back from its zip.
#include "report/bulletin.h"

#include <zlib.h>

#include <cstring>

#include <gtest/gtest.h>

#include "indicator/analytics.h"
#include "report/report_writers.h"
#include "testing/care_county.h"

namespace yilian::report {
namespace {

using testing::TestCounty;

// The uncompressed content of `name` in a zip archive ("" when absent).
std::string ZipEntry(const std::string& zip, const std::string& name) {
  auto u16 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<uint8_t>(zip[at]) | static_cast<uint8_t>(zip[at + 1])
                                                                     << 8);
  };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  for (size_t at = 0; at + 30 < zip.size();) {
    if (u32(at) != 0x04034b50) break;  // local file header
    uint32_t method = u16(at + 8), size = u32(at + 18), raw = u32(at + 22);
    uint32_t name_len = u16(at + 26), extra = u16(at + 28);
    std::string entry = zip.substr(at + 30, name_len);
    size_t data = at + 30 + name_len + extra;
    if (entry == name) {
      if (method == 0) return zip.substr(data, raw);
      std::string out(raw, '\0');
      z_stream z{};
      inflateInit2(&z, -MAX_WBITS);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      z.avail_in = size;
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = raw;
      int rc = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      return rc == Z_STREAM_END ? out : std::string();
    }
    at = data + size;
  }
  return "";
}

class BulletinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetTodayForTesting(today_);
    // Ten residents on file: four in A1, two in A2, four in B1.
    int seq = 0;
    for (auto [village, n] :
         {std::pair{TestCounty::kVillageA1, 4}, std::pair{TestCounty::kVillageA2, 2},
          std::pair{TestCounty::kVillageB1, 4}}) {
      for (int i = 0; i < n; ++i, ++seq) {
        static const char* kNames[] = {"王伟", "李芳", "张敏", "刘洋", "陈静",
                                       "杨磊", "赵军", "黄娜", "周强", "吴丽"};
        Resident r =
            TestCounty::Person(kNames[seq], TestCounty::Id("1975-03-01", 2 * seq + 1), village);
        r.record_date = *Date::FromYmd(2020, 5, 1);
        auto made = w_.t.residents->Create(r);
        ASSERT_TRUE(made.ok()) << made.status().ToString();
        ids_[village].push_back(made->resident.id);
      }
    }
    // Contracts in force in June: three in A1, one in A2, two in B1.
    for (auto [village, n] :
         {std::pair{TestCounty::kVillageA1, 3}, std::pair{TestCounty::kVillageA2, 1},
          std::pair{TestCounty::kVillageB1, 2}}) {
      for (int i = 0; i < n; ++i) {
        Contract k;
        k.resident_id = ids_[village][i];
        k.team_id = w_.team_of[village];
        k.doctor_id = w_.staff[village][0];
        k.packages = {"basic"};
        k.signing_method = "face_check";
        k.signed_on = *Date::FromYmd(2026, 3, 1);
        k.start_date = k.signed_on;
        auto made = w_.contracts.Sign(k, nullptr);
        ASSERT_TRUE(made.ok()) << made.status().ToString();
      }
    }
    // Three verified health-education services in June (1 point each).
    for (auto [village, i] :
         {std::pair{TestCounty::kVillageA1, 0}, std::pair{TestCounty::kVillageA1, 1},
          std::pair{TestCounty::kVillageB1, 0}}) {
      ServiceRecord s;
      s.resident_id = ids_[village][i];
      s.service_code = "health_education";
      s.service_date = *Date::FromYmd(2026, 6, 10);
      s.practitioner_id = w_.staff[village][1];
      s.verification = "dual_card";
      auto made = w_.services.Record(s, {{"summary", "膳食指导"}}, nullptr);
      ASSERT_TRUE(made.ok()) << made.status().ToString();
    }
    // Statistical populations, and the county's target for the contract rate.
    for (auto [code, pop] :
         {std::pair{TestCounty::kVillageA1, 100}, std::pair{TestCounty::kVillageA2, 100},
          std::pair{TestCounty::kVillageB1, 200}}) {
      ASSERT_TRUE(w_.live.PutPopulation(code, 2026, pop, "test").ok());
    }
    ASSERT_TRUE(w_.live.PutTargets({{"contract_rate", TestCounty::kCounty, 2026, 2.0}}).ok());
    auto tree = w_.t.org_units->tree();
    report_ = w_.live.Read([&](const live::Aggregates& a) {
      indicator::Analytics an(a.indicators, a.external, *tree);
      return BuildReport("bulletin", *tree->Find(TestCounty::kCounty), *ParsePeriod("202606"), an,
                         indicator::IndicatorSet::Default(), *tree, today_);
    });
  }
  void TearDown() override { SetTodayForTesting(std::nullopt); }

  const Table& Townships() const { return report_.sections.at(1).tables.at(0); }

  Date today_ = *Date::FromYmd(2026, 7, 15);
  testing::CareCounty w_;
  std::map<std::string, std::vector<int64_t>> ids_;
  Report report_;
};

TEST_F(BulletinTest, SentencesCarryTheFigures) {
  EXPECT_EQ(report_.title, "襄垣县基本公共卫生服务工作月通报");
  EXPECT_EQ(report_.subtitle, "2026年6月");
  const auto& p = report_.sections.at(0).paragraphs;
  EXPECT_EQ(p.at(0).find("截至2026年6月30日"), 0u) << p.at(0);
  EXPECT_NE(p.at(0).find("全县常住人口400人，建档10人，建档率2.5%"), std::string::npos) << p.at(0);
  EXPECT_NE(p.at(1).find("全县签约6人，签约率1.5%"), std::string::npos) << p.at(1);
  EXPECT_NE(p.at(5).find("共提供基本公共卫生服务3人次"), std::string::npos) << p.at(5);
  EXPECT_NE(p.at(5).find("获取工分3分"), std::string::npos) << p.at(5);
}

TEST_F(BulletinTest, TownshipTableCellByCell) {
  const Table& t = Townships();
  ASSERT_EQ(t.headers.at(0), "单位");
  ASSERT_EQ(t.headers.at(2), "签约率(%)");
  ASSERT_EQ(t.rows.size(), 3u);  // two townships by rank, then the total
  auto cell = [&](size_t r, size_t c) { return t.rows.at(r).at(c); };
  EXPECT_EQ(cell(0, 0).text, "古韩镇");
  EXPECT_DOUBLE_EQ(*cell(0, 1).number, 3.0);  // 建档率: 6 / 200
  EXPECT_DOUBLE_EQ(*cell(0, 2).number, 2.0);  // 签约率: 4 / 200
  EXPECT_EQ(cell(0, 3).text, "1/2");
  EXPECT_DOUBLE_EQ(*cell(0, 8).number, 2.0);  // 服务人次
  EXPECT_DOUBLE_EQ(*cell(0, 9).number, 2.0);  // 工分
  EXPECT_EQ(cell(1, 0).text, "善福乡");
  EXPECT_DOUBLE_EQ(*cell(1, 2).number, 1.0);  // 2 / 200
  EXPECT_EQ(cell(1, 3).text, "2/2");
  EXPECT_EQ(cell(2, 0).text, "合计");
  EXPECT_DOUBLE_EQ(*cell(2, 2).number, 1.5);    // 6 / 400
  EXPECT_DOUBLE_EQ(*cell(2, 10).number, 2.0);   // the target
  EXPECT_DOUBLE_EQ(*cell(2, 11).number, 75.0);  // completion
  EXPECT_FALSE(cell(0, 10).number.has_value()) << "no township target was set";
}

TEST_F(BulletinTest, CsvAndExcelCarryTheSameCells) {
  std::string csv = ReportToCsv(report_);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("古韩镇,3.0,2.0,1/2,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("合计,2.5,1.5,,"), std::string::npos) << csv;

  auto xlsx = ReportToXlsx(report_, ::testing::TempDir());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  std::string strings = ZipEntry(*xlsx, "xl/sharedStrings.xml");
  ASSERT_FALSE(strings.empty());
  for (const char* s :
       {"襄垣县基本公共卫生服务工作月通报", "古韩镇", "善福乡", "合计", "签约率(%)", "1/2"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;
  std::string sheet = ZipEntry(*xlsx, "xl/worksheets/sheet2.xml");  // 表1: the township table
  ASSERT_FALSE(sheet.empty());
  EXPECT_NE(sheet.find("<v>1.5</v>"), std::string::npos);
  EXPECT_NE(sheet.find("<v>75</v>"), std::string::npos);
  EXPECT_NE(ZipEntry(*xlsx, "xl/workbook.xml").find("表1"), std::string::npos);

  std::string html = ReportToHtml(report_);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(ReportTextTest, ChangesReadLikeTheSeedReports) {
  EXPECT_EQ(ChangeText(true, 66.2, 64.0, ""), "比去年同期提高2.2个百分点");
  EXPECT_EQ(ChangeText(true, 60.0, 64.0, ""), "比去年同期下降4.0个百分点");
  EXPECT_EQ(ChangeText(true, 60.01, 60.0, ""), "与去年同期持平");
  EXPECT_EQ(ChangeText(false, 2075700, 1660800, "人次"),
            "比去年同期的166.08万人次增加41.49万人次，增幅为24.98%");
  EXPECT_EQ(ChangeText(false, 49, 59, "起"), "比去年同期的59起减少10起，降幅为16.95%");
  EXPECT_EQ(CountText(183131), "18.31万");
  EXPECT_EQ(CountText(54490), "54490");
}

}  // namespace
}  // namespace yilian::report
