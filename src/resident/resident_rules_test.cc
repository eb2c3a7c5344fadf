// Data-driven: tests/data/resident_rules/cases.ndjson (see its README.md).
#include "resident/resident_rules.h"

#include <fstream>

#include <gtest/gtest.h>

#include "resident/resident_json.h"

namespace yilian {
namespace {

OrgTree TestTree() {
  std::vector<OrgUnit> units = {
      {"140000000000", "山西省", 1, "", "active", "", {}, {}, 1},
      {"140400000000", "长治市", 2, "140000000000", "active", "", {}, {}, 1},
      {"140423000000", "襄垣县", 3, "140400000000", "active", "", {}, {}, 1},
      {"140423100000", "古韩镇", 4, "140423000000", "active", "", {}, {}, 1},
      {"140423100201", "北关村", 5, "140423100000", "active", "", {}, {}, 1},
      {"140423100202", "南关村", 5, "140423100000", "merged", "140423100201", {}, {}, 2},
  };
  return OrgTree(units);
}

TEST(ResidentRulesTest, DataDrivenCases) {
  std::ifstream in(std::string(YILIAN_TEST_DATA_DIR) + "/resident_rules/cases.ndjson");
  ASSERT_TRUE(in) << "missing cases file";
  OrgTree tree = TestTree();
  Date today = *Date::FromYmd(2024, 6, 1);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++n;
    auto c = nlohmann::json::parse(line);
    SCOPED_TRACE(c["case"].get<std::string>());
    Resident r;
    FieldErrors errs;
    ResidentFromJson(c["resident"], &r, &errs);
    if (errs.empty()) {
      Status s = NormaliseAndValidateResident(r, DefaultCodeSets(), tree, today);
      for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
    }
    std::map<std::string, std::string> got;
    for (const auto& f : errs.list()) got[f.field] += f.reason + " | ";
    const auto& want = c["errors"];
    for (auto it = want.begin(); it != want.end(); ++it) {
      ASSERT_TRUE(got.count(it.key()))
          << "expected an error on " << it.key() << "; got " << nlohmann::json(got).dump();
      EXPECT_NE(got[it.key()].find(it.value().get<std::string>()), std::string::npos)
          << it.key() << ": " << got[it.key()];
    }
    for (const auto& [field, reason] : got) {
      EXPECT_TRUE(want.contains(field)) << "unexpected error " << field << ": " << reason;
    }
    if (errs.empty()) {
      // The record page's text and the tree other endpoints build are one record.
      for (bool masked : {false, true}) {
        std::string text;
        JsonWriter w(&text);
        WriteResidentJson(r, &DefaultCodeSets(), masked, today, w);
        EXPECT_EQ(nlohmann::json::parse(text), ResidentToJson(r, &DefaultCodeSets(), masked, today))
            << text;
      }
    }
    if (c.contains("expect") && errs.empty()) {
      auto j = ResidentToJson(r, &DefaultCodeSets(), false, today);
      for (auto it = c["expect"].begin(); it != c["expect"].end(); ++it) {
        auto got_value = j[it.key()];
        if (it.key() == "conditions") {
          for (auto& cond : got_value) cond.erase("name");
        }
        EXPECT_EQ(got_value, it.value()) << it.key();
      }
    }
  }
  EXPECT_GE(n, 30);
}

TEST(ResidentRulesTest, RecordNumberIsVillageCodePlusSequence) {
  EXPECT_EQ(FormatRecordNo("140423100201", 7), "14042310020100007");
  EXPECT_TRUE(IsWellFormedRecordNo("14042310020100007"));
  EXPECT_FALSE(IsWellFormedRecordNo("1404231002010000"));
  EXPECT_FALSE(IsWellFormedRecordNo("1404231002010000a"));
}

TEST(ResidentRulesTest, AgeBasedPopulationsAreDerived) {
  Resident r;
  r.birth_date = *Date::FromYmd(2018, 6, 2);
  EXPECT_TRUE(IsChild0to6(r, *Date::FromYmd(2024, 6, 1)));   // 5 years old
  EXPECT_TRUE(IsChild0to6(r, *Date::FromYmd(2025, 6, 1)));   // still 6
  EXPECT_FALSE(IsChild0to6(r, *Date::FromYmd(2025, 6, 2)));  // 7 today
  r.birth_date = *Date::FromYmd(1959, 6, 1);
  EXPECT_TRUE(IsElderly65(r, *Date::FromYmd(2024, 6, 1)));
  EXPECT_FALSE(IsElderly65(r, *Date::FromYmd(2024, 5, 31)));
}

}  // namespace
}  // namespace yilian
