// End-to-end: a real `yilian serve` on loopback, driven over HTTP, and the
// CLI's import/export run as a user would.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_session.h"
#include "identity/citizen_id.h"
#include "server_fixture.h"

namespace yilian {
namespace {
using nlohmann::json;

class RegistryApiTest : public ::testing::Test {
 protected:
  // The province is loaded by the CLI and the tester's account scoped to it
  // before the server starts; the rest of the tree is made over HTTP.
  void SetUp() override {
    dir_ = TempDir();
    std::string db = dir_ + "/api.db";
    std::string roles = WriteTesterRoles(dir_);
    std::ofstream(dir_ + "/root.csv") << "code,name\n140000000000,山西省\n";
    std::string out;
    ASSERT_EQ(RunCli("import --db " + db + " --kind org_units " + dir_ + "/root.csv", &out), 0)
        << out;
    ASSERT_EQ(RunCli("user create --db " + db + " --roles " + roles +
                         " --username tester --role tester --view-scope 140000000000"
                         " --password-stdin",
                     &out, kPassword),
              0)
        << out;
    server_ = ServerProcess::Start(db, {"--roles", roles});
    ASSERT_NE(server_, nullptr);
    session_ = std::make_unique<ApiSession>(*server_, "tester", kPassword);
    ASSERT_TRUE(session_->ok()) << session_->login_response().body;
  }

  http::Response Call(const std::string& method, const std::string& target,
                      const json& body = nullptr,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    return session_->Call(method, target, body, std::move(headers));
  }

  static constexpr const char* kPassword = "Qz#2026-check";

  void CreateTree() {
    for (auto [code, name, parent] : {std::tuple{"140400000000", "长治市", "140000000000"},
                                      {"140423000000", "襄垣县", "140400000000"},
                                      {"140423100000", "古韩镇", "140423000000"},
                                      {"140423200000", "善福乡", "140423000000"},
                                      {"140423100201", "北关村", "140423100000"},
                                      {"140423100202", "南关村", "140423100000"},
                                      {"140423200201", "西营村", "140423200000"}}) {
      json b = {{"code", code}, {"name", name}};
      if (*parent) b["parent_code"] = parent;
      auto r = Call("POST", "/api/v1/org-units", b);
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiSession> session_;
};

TEST_F(RegistryApiTest, HealthVersionAndCodeSets) {
  EXPECT_EQ(Call("GET", "/api/v1/health").status, 200);
  EXPECT_EQ(Body(Call("GET", "/api/v1"))["api"], "/api/v1");
  EXPECT_EQ(Body(Call("GET", "/api/v1/version"))["name"], "yilian");
  auto sets = Body(Call("GET", "/api/v1/code-sets"));
  EXPECT_GE(sets["items"].size(), 15u);
  auto sex = Body(Call("GET", "/api/v1/code-sets/sex"));
  EXPECT_EQ(sex["entries"].size(), 4u);
  EXPECT_EQ(Call("GET", "/api/v1/code-sets/nope").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/nothing-here").status, 404);
}

TEST_F(RegistryApiTest, OrgUnitsValidateAndKeepHistory) {
  CreateTree();
  auto bad = Call("POST", "/api/v1/org-units",
                  {{"code", "1404231"}, {"name", ""}, {"parent_code", "140423100000"}});
  ASSERT_EQ(bad.status, 400);
  json bad_body = Body(bad);
  auto fields = bad_body["error"]["fields"];
  ASSERT_GE(fields.size(), 2u);
  auto orphan = Call("POST", "/api/v1/org-units",
                     {{"code", "140423300201"}, {"name", "X村"}, {"parent_code", "140423300000"}});
  EXPECT_EQ(orphan.status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/org-units",
                 {{"code", "140423100201"}, {"name", "北关村"}, {"parent_code", "140423100000"}})
                .status,
            409);
  auto kids = Body(Call("GET", "/api/v1/org-units?parent=140423000000"));
  EXPECT_EQ(kids["items"].size(), 2u);
  auto villages = Body(Call("GET", "/api/v1/org-units?under=140423000000&level=5"));
  EXPECT_EQ(villages["items"].size(), 3u);
  // Rename needs the version; a stale one is refused.
  EXPECT_EQ(Call("PATCH", "/api/v1/org-units/140423100202", {{"name", "南关社区"}}).status, 400);
  EXPECT_EQ(Call("PATCH", "/api/v1/org-units/140423100202", {{"name", "南关社区"}},
                 {{"If-Match", "\"9\""}})
                .status,
            412);
  auto renamed = Call("PATCH", "/api/v1/org-units/140423100202", {{"name", "南关社区"}},
                      {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Body(renamed)["version"], 2);
  auto merged = Call("POST", "/api/v1/org-units/140423100202/merge",
                     {{"into", "140423100201"}, {"version", 2}, {"effective_date", "2024-01-01"}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(Body(merged)["merged"]["status"], "merged");
  auto history = Body(Call("GET", "/api/v1/org-units/140423100202/history"))["items"];
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1]["kind"], "renamed");
  EXPECT_EQ(history[2]["kind"], "merged");
}

TEST_F(RegistryApiTest, ResidentLifecycleOverHttp) {
  CreateTree();
  std::string id = MakeCitizenId("140423", *Date::FromYmd(1958, 3, 17), 3);
  auto created = Call("POST", "/api/v1/residents",
                      {{"name", "王建国"},
                       {"id_number", id},
                       {"village_code", "140423100201"},
                       {"phone", "13812345678"},
                       {"conditions", {{{"code", "2"}, {"diagnosed_on", "2015-03-01"}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto r = Body(created);
  EXPECT_EQ(r["record_no"], "14042310020100001");
  EXPECT_EQ(r["sex"], "1");
  EXPECT_EQ(r["id_number"], id);
  EXPECT_EQ(created.Header("etag"), "\"1\"");
  std::string rid = std::to_string(r["id"].get<int64_t>());

  // One resident, one record: 409 naming the existing record.
  auto again = Call("POST", "/api/v1/residents",
                    {{"name", "王建国"}, {"id_number", id}, {"village_code", "140423200201"}});
  ASSERT_EQ(again.status, 409);
  EXPECT_EQ(Body(again)["error"]["existing_record_no"], "14042310020100001");

  // Every bad field named at once; nothing written.
  std::string bad_id = id.substr(0, 17) + (id[17] == '1' ? "2" : "1");
  auto invalid = Call("POST", "/api/v1/residents",
                      {{"name", "李四"},
                       {"id_number", bad_id},
                       {"village_code", "140423100201"},
                       {"ethnicity", "77"},
                       {"nickname", "x"}});
  ASSERT_EQ(invalid.status, 400);
  std::set<std::string> fields;
  json invalid_body = Body(invalid);
  for (const auto& f : invalid_body["error"]["fields"]) fields.insert(f["field"]);
  EXPECT_TRUE(fields.count("id_number")) << invalid.body;
  EXPECT_TRUE(fields.count("ethnicity")) << invalid.body;
  EXPECT_TRUE(fields.count("nickname")) << invalid.body;
  EXPECT_EQ(Call("POST", "/api/v1/residents", json(nullptr), {{"Content-Type", "application/json"}})
                .status,
            400);
  auto malformed = server_->Client().Send(
      "POST", "/api/v1/residents",
      "{\"name\":", {{"Cookie", session_->cookie()}, {"X-CSRF-Token", session_->csrf()}});
  ASSERT_TRUE(malformed.ok());
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(Body(*malformed)["error"]["fields"][0]["field"], "body");

  // Lists mask ID and phone numbers; the record's own page shows them.
  auto list = Body(Call("GET", "/api/v1/residents?name=%E7%8E%8B"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id_number"], MaskIdNumber(id));
  EXPECT_EQ(list["items"][0]["phone"], "138****5678");
  EXPECT_EQ(Body(Call("GET", "/api/v1/residents?id_number=" + id))["items"].size(), 1u);
  EXPECT_EQ(Body(Call("GET", "/api/v1/residents?ou=140423200000"))["items"].size(), 0u);
  EXPECT_EQ(Body(Call("GET", "/api/v1/residents?ou=140423100000"))["items"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/residents?ou=999").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/residents?nmae=x").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/residents?page_size=1000").status, 400);
  EXPECT_EQ(Body(Call("GET", "/api/v1/residents/" + rid))["id_number"], id);
  EXPECT_EQ(Call("GET", "/api/v1/residents/abc").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/residents/999999").status, 404);

  // Optimistic concurrency.
  EXPECT_EQ(Call("PATCH", "/api/v1/residents/" + rid, {{"phone", "13900000000"}}).status, 400);
  auto ok = Call("PATCH", "/api/v1/residents/" + rid, {{"phone", "13900000000"}},
                 {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Body(ok)["version"], 2);
  EXPECT_EQ(
      Call("PATCH", "/api/v1/residents/" + rid, {{"phone", "13911111111"}}, {{"If-Match", "\"1\""}})
          .status,
      412);

  // A likely duplicate is reported, listed, and can be merged.
  auto dup = Call("POST", "/api/v1/residents",
                  {{"name", "王建国"},
                   {"id_type", "02"},
                   {"id_number", "HK0001"},
                   {"sex", "1"},
                   {"birth_date", "1958-03-17"},
                   {"village_code", "140423100201"}});
  ASSERT_EQ(dup.status, 201) << dup.body;
  ASSERT_EQ(Body(dup)["possible_duplicates"].size(), 1u);
  auto candidates = Body(Call("GET", "/api/v1/duplicate-candidates?ou=140423000000"));
  ASSERT_EQ(candidates["items"].size(), 1u);
  int64_t dup_id = Body(dup)["id"];
  auto merged = Call("POST", "/api/v1/residents/" + rid + "/merge",
                     {{"merge_from", dup_id}, {"version", 2}, {"merge_from_version", 1}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(Body(Call("GET", "/api/v1/duplicate-candidates"))["items"].size(), 0u);
}

TEST(CliTest, GenerateImportExport) {
  std::string dir = TempDir();
  std::string out;
  ASSERT_EQ(RunCli("generate --db " + dir + "/g.db --residents 3000 --seed 7", &out), 0) << out;
  EXPECT_NE(out.find("3000 residents"), std::string::npos) << out;
  out.clear();
  ASSERT_EQ(
      RunCli("export --db " + dir + "/g.db --kind residents --format csv --out " + dir + "/r.csv",
             &out),
      0)
      << out;
  out.clear();
  // Importing the same people again into the same database: every line is a
  // duplicate ID, reported with its line number, and nothing is written.
  EXPECT_EQ(RunCli("import --db " + dir + "/g.db --kind residents " + dir + "/r.csv", &out), 3);
  EXPECT_NE(out.find("line 2: id_number"), std::string::npos) << out.substr(0, 2000);
  EXPECT_NE(out.find("nothing was written"), std::string::npos);
  out.clear();
  // Into a fresh database holding the same divisions, everything imports.
  ASSERT_EQ(RunCli("export --db " + dir + "/g.db --kind org_units --out " + dir + "/ou.csv", &out),
            0);
  out.clear();
  ASSERT_EQ(RunCli("import --db " + dir + "/fresh.db --kind org_units " + dir + "/ou.csv", &out), 0)
      << out;
  out.clear();
  // Households keep their ids, so the residents file still names them.
  ASSERT_EQ(RunCli("export --db " + dir + "/g.db --kind households --out " + dir + "/h.csv", &out),
            0);
  out.clear();
  ASSERT_EQ(RunCli("import --db " + dir + "/fresh.db --kind households " + dir + "/h.csv", &out), 0)
      << out;
  out.clear();
  ASSERT_EQ(RunCli("import --db " + dir + "/fresh.db --kind residents " + dir + "/r.csv", &out), 0)
      << out;
  EXPECT_NE(out.find("3000 written"), std::string::npos) << out;
  out.clear();
  EXPECT_NE(RunCli("import --db " + dir + "/fresh.db --kind nothing " + dir + "/r.csv", &out), 0);
  out.clear();
  EXPECT_EQ(RunCli("version", &out), 0);
  EXPECT_NE(out.find("yilian"), std::string::npos);
}

TEST(CliTest, ConfigFileSuppliesOptions) {
  std::string dir = TempDir();
  {
    std::ofstream cfg(dir + "/yilian.toml");
    cfg << "[generate]\ndb = \"" << dir << "/cfg.db\"\nresidents = 500\nseed = 3\n";
  }
  std::string out;
  ASSERT_EQ(RunCli("--config " + dir + "/yilian.toml generate", &out), 0) << out;
  EXPECT_NE(out.find("500 residents"), std::string::npos) << out;
  EXPECT_NE(out.find(dir + "/cfg.db"), std::string::npos) << out;
  out.clear();
  EXPECT_NE(RunCli("generate --residents 5", &out), 0);
  EXPECT_NE(out.find("residents"), std::string::npos) << out;
}

TEST(DemoCountyTest, ServeCreatesTheDemoCountyOnFirstRun) {
  std::string dir = TempDir();
  auto server = ServerProcess::Start(dir + "/demo.db", {"--demo", "--demo-residents", "2000"});
  ASSERT_NE(server, nullptr);
  // The demo accounts are printed at start; the commission's sees the county.
  ApiSession commission(*server, "demo.commission", "Demo#County2026");
  ASSERT_TRUE(commission.ok()) << commission.login_response().body;
  auto roots = Body(commission.Call("GET", "/api/v1/org-units"));
  ASSERT_EQ(roots["items"].size(), 1u);
  std::string root = roots["items"][0]["code"];
  auto residents = commission.Call("GET", "/api/v1/residents?ou=" + root + "&page_size=50");
  EXPECT_EQ(Body(residents)["items"].size(), 50u);
}

}  // namespace
}  // namespace yilian
