// The registries on PostgreSQL. scripts/test.sh starts a throwaway cluster
// and sets YILIAN_TEST_PG_URI; without it these tests are skipped.
#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "storage/postgres/postgres_database.h"
#include "testing/test_county.h"
#include "transfer/import.h"

namespace yilian {
namespace {
using testing::TestCounty;

// A fresh schema per test, so tests never see each other's rows.
std::string FreshSchemaUri() {
  const char* base = std::getenv("YILIAN_TEST_PG_URI");
  if (!base) return "";
  static int n = 0;
  std::string schema = "t" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  auto db = storage::OpenDatabase(base);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  auto c = (*db)->Open();
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE(
      (*c)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).ok());
  std::string uri = base;
  uri += (uri.find('?') == std::string::npos ? "?" : "&");
  return uri + "options=-csearch_path%3D" + schema;
}

TEST(PostgresPlaceholderTest, QuestionMarksBecomeNumbered) {
  EXPECT_EQ(storage::ToPostgresPlaceholders("SELECT ? , '?', ?"), "SELECT $1 , '?', $2");
}

TEST(PostgresRegistryTest, ResidentLifecycle) {
  std::string uri = FreshSchemaUri();
  if (uri.empty()) GTEST_SKIP() << "YILIAN_TEST_PG_URI not set";
  TestCounty t(uri);
  std::string id = TestCounty::Id("1958-03-17", 3);
  auto a = t.residents->Create(TestCounty::Person("王建国", id, TestCounty::kVillageA1));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->resident.record_no, "14042310020100001");
  auto dup = t.residents->Create(TestCounty::Person("王建国", id, TestCounty::kVillageB1));
  EXPECT_EQ(dup.status().code(), Status::Code::kConflict);
  auto u = t.residents->Update(a->resident.id, {{"phone", "13812345678"}}, 1);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(t.residents->Update(a->resident.id, {{"phone", "13812345679"}}, 1).status().code(),
            Status::Code::kPreconditionFailed);
  resident_store::Query q;
  q.name_prefix = "王";
  EXPECT_EQ(t.residents->Search(q)->items.size(), 1u);
  resident_store::Query ou;
  ou.ranges = t.org_units->tree()->CodeRanges(TestCounty::kTownB);
  EXPECT_EQ(t.residents->Search(ou)->items.size(), 0u);
  auto m = t.org_units->Merge(TestCounty::kVillageA1, TestCounty::kVillageA2,
                              *Date::FromYmd(2024, 1, 1), 1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->residents_moved, 1);
}

TEST(PostgresRegistryTest, ValidOnlyImportUsesSavepoints) {
  std::string uri = FreshSchemaUri();
  if (uri.empty()) GTEST_SKIP() << "YILIAN_TEST_PG_URI not set";
  TestCounty t(uri);
  std::string id = TestCounty::Id("1970-01-01", 5);
  std::istringstream in("name,id_number,village_code\n甲," + id + ",140423100201\n乙," + id +
                        ",140423100201\n丙," + TestCounty::Id("1971-01-01", 7) + ",140423100201\n");
  ImportOptions opt;
  opt.kind = "residents";
  opt.all_or_nothing = false;
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->written, 2);
  ASSERT_EQ(report->rejections.size(), 1u);
  EXPECT_EQ(report->rejections[0].line, 3);
  resident_store::Query q;
  auto all = t.residents->Search(q);
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[1].record_no, "14042310020100002");
}

}  // namespace
}  // namespace yilian
