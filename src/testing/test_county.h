// Test support: a fresh SQLite database in a temporary directory holding a
// small division tree (one county, two townships, three villages).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "codes/code_set.h"
#include "identity/citizen_id.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident_registry.h"
#include "storage/database.h"
#include "storage/schema.h"

namespace yilian::testing {

inline std::string FreshTempDir() {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("yilian-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

struct TestCounty {
  std::string dir;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<OrgUnitRegistry> org_units;
  std::unique_ptr<ResidentRegistry> residents;

  static constexpr const char* kCounty = "140423000000";
  static constexpr const char* kTownA = "140423100000";
  static constexpr const char* kTownB = "140423200000";
  static constexpr const char* kVillageA1 = "140423100201";
  static constexpr const char* kVillageA2 = "140423100202";
  static constexpr const char* kVillageB1 = "140423200201";

  // `spec` empty: a fresh SQLite file; otherwise a database URI (PostgreSQL).
  explicit TestCounty(const std::string& spec = "") {
    dir = FreshTempDir();
    auto opened = storage::OpenDatabase(spec.empty() ? dir + "/test.db" : spec);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    db = std::move(*opened);
    EXPECT_TRUE(db->Write([](storage::Connection& c) { return storage::Migrate(c); }).ok());
    org_units = std::make_unique<OrgUnitRegistry>(*db);
    EXPECT_TRUE(org_units->Load().ok());
    Date d = *Date::FromYmd(2020, 1, 1);
    for (auto [code, name, parent] : {std::tuple{"140000000000", "山西省", ""},
                                      {"140400000000", "长治市", "140000000000"},
                                      {kCounty, "襄垣县", "140400000000"},
                                      {kTownA, "古韩镇", kCounty},
                                      {kTownB, "善福乡", kCounty},
                                      {kVillageA1, "北关村", kTownA},
                                      {kVillageA2, "南关村", kTownA},
                                      {kVillageB1, "西营村", kTownB}}) {
      OrgUnit u;
      u.code = code;
      u.name = name;
      u.parent_code = parent;
      auto r = org_units->Create(u, d);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
    }
    residents = std::make_unique<ResidentRegistry>(*db, *org_units, DefaultCodeSets());
  }
  ~TestCounty() { std::filesystem::remove_all(dir); }

  // A valid citizen ID for a person born on `birth` (sequence odd = male).
  static std::string Id(const char* birth_iso, int sequence) {
    return MakeCitizenId("140423", *Date::ParseIso(birth_iso), sequence);
  }
  static Resident Person(std::string name, std::string id_number, std::string village) {
    Resident r;
    r.name = std::move(name);
    r.id_number = std::move(id_number);
    r.village_code = std::move(village);
    return r;
  }
};

}  // namespace yilian::testing
