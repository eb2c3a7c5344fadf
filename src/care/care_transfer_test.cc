// Bulk import of the daily work goes through the API's rules: a round trip
// of services, enrolments and contracts gives back the same records, and a
// services file is judged line by line as POST /services would judge it
// (the import's caches included: a second record of an item on the same day
// within one file is refused).
#include <sstream>

#include <gtest/gtest.h>

#include "service/service_store.h"
#include "testing/care_county.h"
#include "transfer/import.h"

namespace yilian {
namespace {

using testing::TestCounty;

class CareTransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetTodayForTesting(today_);
    for (int i = 0; i < 3; ++i) {
      static const char* kNames[] = {"王伟", "李芳", "张敏"};
      Resident r = TestCounty::Person(kNames[i], TestCounty::Id("1960-03-01", 2 * i + 1),
                                      TestCounty::kVillageA1);
      auto made = w_.t.residents->Create(r);
      ASSERT_TRUE(made.ok()) << made.status().ToString();
      residents_.push_back(made->resident);
      Enrolment e;
      e.resident_id = made->resident.id;
      e.program = "hypertension";
      e.enrolled_on = *Date::FromYmd(2025, 1, 10);
      ASSERT_TRUE(w_.enrolments.Enrol(e, nullptr).ok());
    }
    for (int i = 0; i < 3; ++i) {
      for (int m = 1; m <= 3; ++m) {
        ServiceRecord s;
        s.resident_id = residents_[i].id;
        s.service_code = "htn_followup";
        s.service_date = *Date::FromYmd(2026, m, 5 + i);
        s.practitioner_id = w_.staff[TestCounty::kVillageA1][1];
        s.verification = m == 2 ? "none" : "dual_card";
        auto made = w_.services.Record(
            s, {{"visit_mode", "1"}, {"sbp", 130 + m}, {"dbp", 80}, {"classification", "1"}},
            nullptr);
        ASSERT_TRUE(made.ok()) << made.status().ToString();
      }
    }
  }
  void TearDown() override { SetTodayForTesting(std::nullopt); }

  std::string Export(const std::string& kind) {
    std::ostringstream out;
    ExportOptions o;
    o.kind = kind;
    o.bom = false;
    EXPECT_TRUE(RunExport(*w_.t.db, out, o).ok());
    return out.str();
  }
  Result<ImportReport> Import(const std::string& kind, const std::string& text, bool all = true) {
    std::istringstream in(text);
    ImportOptions o;
    o.kind = kind;
    o.all_or_nothing = all;
    return RunImport(*w_.t.db, *w_.t.org_units, *w_.t.residents, in, o, nullptr);
  }
  std::vector<ServiceRecord> Services() {
    std::vector<ServiceRecord> all;
    for (const auto& r : residents_) {
      auto s = w_.services.ForResident(r.id);
      all.insert(all.end(), s->begin(), s->end());
    }
    return all;
  }

  Date today_ = *Date::FromYmd(2026, 6, 30);
  testing::CareCounty w_;
  std::vector<Resident> residents_;
};

TEST_F(CareTransferTest, ServicesRoundTrip) {
  std::string csv = Export("services");
  std::vector<ServiceRecord> before = Services();
  ASSERT_EQ(before.size(), 9u);
  ASSERT_TRUE(w_.t.db
                  ->Write([](storage::Connection& c) {
                    return storage::Run(c, "DELETE FROM service_records");
                  })
                  .ok());
  auto report = Import("services", csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->written, 9);
  std::vector<ServiceRecord> after = Services();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].service_code, before[i].service_code);
    EXPECT_EQ(after[i].service_date, before[i].service_date);
    EXPECT_EQ(after[i].points_centi, before[i].points_centi);
    EXPECT_EQ(after[i].enrolment_id, before[i].enrolment_id);
    EXPECT_EQ(after[i].facility_id, before[i].facility_id);
    EXPECT_EQ(after[i].team_id, before[i].team_id);
    EXPECT_EQ(after[i].data, before[i].data);
  }
}

TEST_F(CareTransferTest, ServicesAreJudgedLineByLineAsTheApiWould) {
  const std::string no = residents_[0].record_no;
  const std::string pr = std::to_string(w_.staff[TestCounty::kVillageA1][1]);
  auto line = [&](const std::string& date, const std::string& data) {
    return no + ",htn_followup," + date + "," + pr + ",dual_card,\"" + data + "\"\n";
  };
  std::string ok =
      "{\"\"visit_mode\"\":\"\"1\"\",\"\"sbp\"\":128,\"\"dbp\"\":80,\"\"classification\"\":"
      "\"\"1\"\"}";
  std::string csv = "record_no,service_code,service_date,practitioner_id,verification,data\n" +
                    line("2026-06-01", ok) +  // 2: fine
                    line("2026-06-01", ok) +  // 3: the same item that day again
                    line("2026-03-05", ok) +  // 4: already recorded (exported earlier)
                    line("2026-07-01", ok) +  // 5: in the future
                    line("2026-06-02",
                         "{\"\"visit_mode\"\":\"\"1\"\",\"\"sbp\"\":400,\"\"dbp\"\":80,"
                         "\"\"classification\"\":\"\"2\"\"}") +  // 6
                    "99999999999999999,htn_followup,2026-06-03," +
                    pr + ",dual_card,\"" + ok + "\"\n";  // 7
  auto report = Import("services", csv, /*all=*/false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->written, 1);
  ASSERT_EQ(report->rejections.size(), 5u);
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& r : report->rejections)
    got.push_back({r.line, r.fields.empty() ? "" : r.fields[0].field});
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, std::string>>{{3, "service_code"},
                                                               {4, "service_code"},
                                                               {5, "service_date"},
                                                               {6, "data.sbp"},
                                                               {7, "record_no"}}));
  EXPECT_EQ(Services().size(), 10u);
}

TEST_F(CareTransferTest, EnrolmentsAndContractsRoundTrip) {
  Contract k;
  k.resident_id = residents_[0].id;
  k.team_id = w_.team_of[TestCounty::kVillageA1];
  k.doctor_id = w_.staff[TestCounty::kVillageA1][0];
  k.packages = {"basic", "hypertension"};
  k.signing_method = "phone";
  k.signed_on = *Date::FromYmd(2026, 2, 1);
  k.start_date = k.signed_on;
  ASSERT_TRUE(w_.contracts.Sign(k, nullptr).ok());
  std::string enrolments = Export("enrolments");
  std::string contracts = Export("contracts");
  std::string services = Export("services");
  ASSERT_TRUE(w_.t.db
                  ->Write([](storage::Connection& c) {
                    for (const char* t : {"service_records", "contracts", "enrolments"})
                      YILIAN_RETURN_IF_ERROR(storage::Run(c, std::string("DELETE FROM ") + t));
                    return Status::Ok();
                  })
                  .ok());
  for (auto [kind, text] : {std::pair{"enrolments", &enrolments},
                            std::pair{"contracts", &contracts}, std::pair{"services", &services}}) {
    auto report = Import(kind, *text);
    ASSERT_TRUE(report.ok()) << kind << ": " << report.status().ToString();
    EXPECT_EQ(report->rejected, 0) << kind;
  }
  EXPECT_EQ(Export("enrolments"), enrolments);
  EXPECT_EQ(Export("contracts"), contracts);
  EXPECT_EQ(Export("services"), services);
}

}  // namespace
}  // namespace yilian
