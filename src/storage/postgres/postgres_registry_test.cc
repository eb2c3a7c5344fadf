// The registries on PostgreSQL. scripts/test.sh starts a throwaway cluster
// and sets YILIAN_TEST_PG_URI; without it these tests are skipped.
#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "audit/audit_store.h"
#include "auth/authenticator.h"
#include "auth/user_registry.h"
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

TEST(PostgresRegistryTest, AccountsSessionsAndAnAppendOnlyAuditLog) {
  std::string uri = FreshSchemaUri();
  if (uri.empty()) GTEST_SKIP() << "YILIAN_TEST_PG_URI not set";
  TestCounty t(uri);
  const auth::RoleCatalog& roles = auth::RoleCatalog::Default();
  auth::CredentialCache cache;
  auth::UserRegistry users(*t.db, roles, *t.org_units, cache);
  auth::Authenticator authn(*t.db, roles, cache);
  auth::User u;
  u.username = "wang.village";
  u.role = "village_doctor";
  u.view_scope = {TestCounty::kVillageA1};
  ASSERT_TRUE(users.Create(u, "Village#Doc2026", audit::Actor{}).ok());
  EXPECT_EQ(authn.Login("wang.village", "wrong-Password-1", "10.0.0.1", 1).status().code(),
            Status::Code::kUnauthenticated);
  auto session = authn.Login("wang.village", "Village#Doc2026", "10.0.0.1", 2);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  auth::Credentials cred;
  cred.session_token = session->token;
  auto p = authn.Authenticate(cred);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->Sees(*t.org_units->tree(), TestCounty::kVillageA1));
  EXPECT_FALSE(p->Sees(*t.org_units->tree(), TestCounty::kVillageB1));
  // The log holds the create, the failure and the login, and refuses changes.
  Status read = t.db->Read([&](storage::Connection& c) {
    auto page = audit_store::Search(c, audit_store::Query{});
    EXPECT_TRUE(page.ok());
    EXPECT_EQ(page->items.size(), 3u);
    return Status::Ok();
  });
  EXPECT_TRUE(read.ok());
  EXPECT_FALSE(t.db->Write([](storage::Connection& c) {
                     return storage::Run(c, "UPDATE audit_log SET action = 'x'");
                   })
                   .ok());
  EXPECT_FALSE(
      t.db->Write([](storage::Connection& c) { return storage::Run(c, "DELETE FROM audit_log"); })
          .ok());
}

}  // namespace
}  // namespace yilian
