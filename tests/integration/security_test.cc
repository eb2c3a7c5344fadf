// Access control end to end, against a real `yilian serve --demo`: each demo
// role's permissions and scope (a data file of requests and expected
// answers), forged and expired credentials, CSRF, API tokens, breaking the
// glass, the audit trail, forced password changes, lockout, and a flood of
// bad logins that must not hold up other users.
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "api_session.h"
#include "server_fixture.h"

namespace yilian {
namespace {
using nlohmann::json;

constexpr const char* kDemoPassword = "Demo#County2026";
constexpr const char* kAdminPassword = "Boss#Check2026x";

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    db_ = dir_ + "/demo.db";
    server_ = ServerProcess::Start(db_, {"--demo", "--demo-residents", "3000"});
    ASSERT_NE(server_, nullptr);
    std::string out;
    ASSERT_EQ(RunCli("user set-password admin --db " + db_, &out, kAdminPassword), 0) << out;
  }

  ApiSession& As(const std::string& user) {
    auto it = sessions_.find(user);
    if (it == sessions_.end()) {
      auto s = std::make_unique<ApiSession>(*server_, user,
                                            user == "admin" ? kAdminPassword : kDemoPassword);
      EXPECT_TRUE(s->ok()) << user << ": " << s->login_response().body;
      it = sessions_.emplace(user, std::move(s)).first;
    }
    return *it->second;
  }

  // Org units and records on both sides of demo.village's scope.
  std::map<std::string, std::string> Places() {
    std::map<std::string, std::string> v;
    json me = Body(As("demo.village").Call("GET", "/api/v1/auth/me"));
    std::string village = me["view_scope"][0];
    v["own_township"] = village.substr(0, 9) + "000";
    v["county"] = village.substr(0, 6) + "000000";
    json towns =
        Body(As("demo.commission").Call("GET", "/api/v1/org-units?parent=" + v["county"]))["items"];
    for (const auto& t : towns) {
      if (t["code"] != v["own_township"]) v["other_township"] = t["code"];
    }
    EXPECT_FALSE(v["other_township"].empty());
    json own = Body(As("demo.village").Call("GET", "/api/v1/residents?page_size=1"))["items"];
    json other =
        Body(As("demo.commission")
                 .Call("GET", "/api/v1/residents?page_size=1&ou=" + v["other_township"]))["items"];
    EXPECT_EQ(own.size(), 1u);
    EXPECT_EQ(other.size(), 1u);
    v["own_resident"] = std::to_string(own[0]["id"].get<int64_t>());
    v["other_resident"] = std::to_string(other[0]["id"].get<int64_t>());
    v["own_household"] = std::to_string(own[0]["household_id"].get<int64_t>());
    v["other_household"] = std::to_string(other[0]["household_id"].get<int64_t>());
    return v;
  }

  std::string dir_, db_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::unique_ptr<ApiSession>> sessions_;
};

TEST_F(SecurityTest, EveryRoleGetsExactlyWhatTheMatrixSays) {
  auto places = Places();
  std::ifstream in(std::string(YILIAN_TEST_DATA_DIR) + "/security/role_matrix.txt");
  ASSERT_TRUE(in) << "role_matrix.txt missing";
  std::string line;
  int lineno = 0, checked = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    for (const auto& [k, val] : places) {
      for (size_t p; (p = line.find("{" + k + "}")) != std::string::npos;) {
        line.replace(p, k.size() + 2, val);
      }
    }
    std::istringstream cols(line);
    std::string user, method, path;
    int expect = 0;
    cols >> user >> method >> path >> expect;
    std::string body;
    std::getline(cols, body);
    json b = body.find_first_not_of(' ') == std::string::npos ? json(nullptr) : json::parse(body);
    auto r = As(user).Call(method, path, b);
    EXPECT_EQ(r.status, expect) << "role_matrix.txt line " << lineno << ": " << line << "\n"
                                << r.body.substr(0, 300);
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

TEST_F(SecurityTest, ScopeEscapesFindNothing) {
  auto places = Places();
  ApiSession& doctor = As("demo.village");
  json other =
      Body(As("demo.commission").Call("GET", "/api/v1/residents/" + places["other_resident"]));
  std::string id_number = other["id_number"];
  std::string name = other["name"];
  // By ID number: the resident exists, but not for this doctor.
  json by_id = Body(doctor.Call("GET", "/api/v1/residents?id_number=" + id_number));
  EXPECT_TRUE(by_id["items"].empty()) << by_id;
  json by_id_commission =
      Body(As("demo.commission").Call("GET", "/api/v1/residents?id_number=" + id_number));
  EXPECT_EQ(by_id_commission["items"].size(), 1u);
  // By record number and by name: only residents inside the scope come back.
  json by_no = Body(
      doctor.Call("GET", "/api/v1/residents?record_no=" + other["record_no"].get<std::string>()));
  EXPECT_TRUE(by_no["items"].empty());
  EXPECT_EQ(
      doctor.Call("GET", "/api/v1/residents/by-record-no/" + other["record_no"].get<std::string>())
          .status,
      403);
  json me = Body(doctor.Call("GET", "/api/v1/auth/me"));
  std::string village = me["view_scope"][0];
  json by_name = Body(doctor.Call(
      "GET", "/api/v1/residents?page_size=200&name=" + name.substr(0, 3)));  // the surname
  for (const auto& r : by_name["items"]) EXPECT_EQ(r["village_code"], village) << r;
  // Lists mask ID and phone numbers; the record page is the one full view.
  json own = Body(doctor.Call("GET", "/api/v1/residents?page_size=1"))["items"][0];
  EXPECT_NE(own["id_number"].get<std::string>().find("********"), std::string::npos);
  json page = Body(doctor.Call("GET", "/api/v1/residents/" + places["own_resident"]));
  EXPECT_EQ(page["id_number"].get<std::string>().find('*'), std::string::npos);
  // A write naming another township's village is refused, and nothing is written.
  json moved = {{"village_code", places["other_township"].substr(0, 9) + "001"}, {"version", 1}};
  auto r = doctor.Call("PATCH", "/api/v1/residents/" + places["own_resident"], moved);
  EXPECT_TRUE(r.status == 403 || r.status == 400) << r.body;
  // The integrator's export holds only its scope, and is audited.
  auto exported =
      As("demo.integrator")
          .Call("GET", "/api/v1/residents/export?format=ndjson&ou=" + places["own_township"]);
  ASSERT_EQ(exported.status, 200);
  std::istringstream lines(exported.body);
  int rows = 0;
  for (std::string l; std::getline(lines, l);) {
    json j = json::parse(l);
    EXPECT_EQ(j["village_code"].get<std::string>().substr(0, 9),
              places["own_township"].substr(0, 9));
    ++rows;
  }
  EXPECT_GT(rows, 0);
  json audit = Body(As("demo.auditor").Call("GET", "/api/v1/audit?action=export"));
  ASSERT_EQ(audit["items"].size(), 1u) << audit;
  EXPECT_EQ(audit["items"][0]["username"], "demo.integrator");
  EXPECT_EQ(audit["items"][0]["detail"]["records"], rows);
}

TEST_F(SecurityTest, ForgedExpiredAndMissingCredentialsAreRefused) {
  auto client = server_->Client();
  auto plain = client.Send("GET", "/api/v1/residents");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->status, 401);
  EXPECT_EQ(plain->Header("www-authenticate"), "Bearer");
  for (auto [name, value] :
       {std::pair<std::string, std::string>{
            "Cookie", "yilian_session=yls_forgedforgedforgedforgedforgedforgedforge"},
        {"Cookie", "yilian_session='; DROP TABLE users; --"},
        {"Authorization", "Bearer ylt_forgedforgedforgedforgedforgedforgedforg"},
        {"Authorization", "Basic YWRtaW46YWRtaW4="},
        {"Authorization", "Bearer " + std::string(5000, 'a')}}) {
    auto r = client.Send("GET", "/api/v1/residents", "", {{name, value}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 401) << name << ": " << value.substr(0, 40) << " → " << r->body;
  }
  // A logged-out session is dead at once.
  ApiSession s(*server_, "demo.village", kDemoPassword);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.Call("GET", "/api/v1/residents?page_size=1").status, 200);
  EXPECT_EQ(s.Call("POST", "/api/v1/auth/logout").status, 200);
  EXPECT_EQ(s.Call("GET", "/api/v1/residents?page_size=1").status, 401);
  // The cookie is HttpOnly and SameSite; the session secret is never in the body.
  ApiSession t(*server_, "demo.village", kDemoPassword);
  std::string cookie = *t.login_response().Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(t.login_response().body.find(t.cookie().substr(15)), std::string::npos);
}

TEST_F(SecurityTest, StateChangesFromASessionNeedTheCsrfToken) {
  ApiSession& doctor = As("demo.village");
  json me = Body(doctor.Call("GET", "/api/v1/auth/me"));
  json body = {{"name", "测试"}};
  auto without = doctor.CallWithoutCsrf("POST", "/api/v1/residents", body);
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(Body(without)["error"]["code"], "csrf_failed");
  auto with = doctor.Call("POST", "/api/v1/residents", body);
  EXPECT_EQ(with.status, 400) << with.body;  // past CSRF, refused for its content
  // Reads need no token.
  EXPECT_EQ(doctor.CallWithoutCsrf("GET", "/api/v1/auth/me").status, 200);
}

TEST_F(SecurityTest, ApiTokensAreScopedRevocableAndCannotMintTokens) {
  ApiSession& integrator = As("demo.integrator");
  auto refused = integrator.Call("POST", "/api/v1/auth/tokens",
                                 {{"name", "too much"}, {"permissions", {"user.manage"}}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  auto created = integrator.Call("POST", "/api/v1/auth/tokens",
                                 {{"name", "HIS nightly"}, {"permissions", {"resident.read"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = Body(created)["token"];
  int64_t id = Body(created)["id"];
  ApiSession bearer = ApiSession::WithToken(*server_, token);
  EXPECT_EQ(bearer.Call("GET", "/api/v1/residents?page_size=1").status, 200);
  EXPECT_EQ(bearer.Call("POST", "/api/v1/residents", {{"name", "x"}}).status, 403);  // read-only
  EXPECT_EQ(bearer.Call("GET", "/api/v1/residents/export").status, 403);
  EXPECT_EQ(bearer.Call("POST", "/api/v1/auth/tokens", {{"name", "child"}}).status, 403);
  json list = Body(integrator.Call("GET", "/api/v1/auth/tokens"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_FALSE(list["items"][0].contains("token"));  // only the hash is kept
  EXPECT_EQ(integrator.Call("DELETE", "/api/v1/auth/tokens/" + std::to_string(id)).status, 200);
  EXPECT_EQ(bearer.Call("GET", "/api/v1/residents?page_size=1").status, 401);
  // Someone else's token cannot be revoked (or even seen).
  EXPECT_EQ(As("demo.village").Call("DELETE", "/api/v1/auth/tokens/" + std::to_string(id)).status,
            404);
}

TEST_F(SecurityTest, BreakingTheGlassIsReasonedTimedAndAudited) {
  auto places = Places();
  ApiSession& referral = As("demo.referral");
  std::string path = "/api/v1/residents/" + places["other_resident"];
  auto refused = referral.Call("GET", path);
  ASSERT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("break-glass"), std::string::npos) << refused.body;
  EXPECT_EQ(referral.Call("POST", path + "/break-glass", {{"reason", ""}}).status, 400);
  EXPECT_EQ(As("demo.commission").Call("POST", path + "/break-glass", {{"reason", "看看"}}).status,
            403);  // the commission's role has no break-the-glass permission
  auto grant = referral.Call("POST", path + "/break-glass", {{"reason", "上转患者急诊接诊"}});
  ASSERT_EQ(grant.status, 201) << grant.body;
  EXPECT_GT(Body(grant)["expires_at"].get<int64_t>(), 0);
  EXPECT_EQ(referral.Call("GET", path).status, 200);
  // Writes still need the capture scope.
  EXPECT_EQ(referral.Call("PATCH", path, {{"version", 1}, {"phone", "13800000000"}}).status, 403);
  // The auditor sees the grant and the read under it in the resident's access history.
  json history;
  for (int i = 0; i < 50; ++i) {  // reads are appended in batches (every second)
    history = Body(As("demo.auditor").Call("GET", path + "/access-history"));
    bool read = false;
    for (const auto& e : history["items"]) read = read || e["action"] == "read";
    if (read) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::map<std::string, json> by_action;
  for (const auto& e : history["items"]) by_action[e["action"]] = e;
  ASSERT_TRUE(by_action.count("break_glass")) << history;
  ASSERT_TRUE(by_action.count("read")) << history;
  EXPECT_EQ(by_action["break_glass"]["reason"], "上转患者急诊接诊");
  EXPECT_EQ(by_action["read"]["username"], "demo.referral");
  EXPECT_EQ(by_action["read"]["reason"], "上转患者急诊接诊");
  ASSERT_TRUE(by_action.count("denied")) << history;
}

TEST_F(SecurityTest, WritesAreAuditedWithTheirChanges) {
  auto places = Places();
  ApiSession& doctor = As("demo.village");
  std::string path = "/api/v1/residents/" + places["own_resident"];
  json before = Body(doctor.Call("GET", path));
  auto r = doctor.Call("PATCH", path, {{"phone", "13912345678"}},
                       {{"If-Match", "\"" + std::to_string(before["version"].get<int>()) + "\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  json events =
      Body(As("demo.auditor")
               .Call("GET", "/api/v1/audit?action=update&resident_id=" + places["own_resident"]));
  ASSERT_EQ(events["items"].size(), 1u) << events;
  json change = events["items"][0]["changes"]["phone"];
  EXPECT_EQ(change[0], before["phone"]);
  EXPECT_EQ(change[1], "13912345678");
  EXPECT_EQ(events["items"][0]["username"], "demo.village");
}

TEST_F(SecurityTest, NewAccountsMustChangeTheirOneTimePassword) {
  auto places = Places();
  ApiSession& admin = As("admin");
  auto created = admin.Call("POST", "/api/v1/users",
                            {{"username", "li.village"},
                             {"display_name", "李村医"},
                             {"role", "village_doctor"},
                             {"view_scope", {places["own_township"]}}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string otp = Body(created)["one_time_password"];
  ApiSession li(*server_, "li.village", otp);
  ASSERT_TRUE(li.ok());
  EXPECT_TRUE(Body(li.login_response())["must_change_password"]);
  auto blocked = li.Call("GET", "/api/v1/residents?page_size=1");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(Body(blocked)["error"]["code"], "password_change_required");
  auto weak =
      li.Call("POST", "/api/v1/auth/password", {{"old_password", otp}, {"password", "abc"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(Body(weak)["error"]["fields"][0]["field"], "password");
  auto changed = li.Call("POST", "/api/v1/auth/password",
                         {{"old_password", otp}, {"password", "Village#Doc2026"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(li.Call("GET", "/api/v1/residents?page_size=1").status, 200);
  // Scopes handed out must lie within the manager's own; usernames are unique.
  EXPECT_EQ(admin
                .Call("POST", "/api/v1/users",
                      {{"username", "li.village"}, {"role", "cdc"}, {"password", "Another#2026x"}})
                .status,
            409);
  // Disabling the account ends its session.
  json user = Body(created);
  auto disabled = admin.Call("PATCH", "/api/v1/users/" + std::to_string(user["id"].get<int>()),
                             {{"status", "disabled"}, {"version", 1}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(li.Call("GET", "/api/v1/residents?page_size=1").status, 401);
}

TEST_F(SecurityTest, RepeatedFailuresLockTheAccountAndThrottleTheAddress) {
  ApiSession& auditor = As("demo.auditor");  // before this address is throttled
  auto client = server_->Client();
  auto login = [&](const std::string& user, const std::string& pw) {
    json b = {{"username", user}, {"password", pw}};
    auto r = client.Send("POST", "/api/v1/auth/login", b.dump());
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::Response{};
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("demo.cdc", "wrong-password-1A").status, 401);
  auto locked = login("demo.cdc", kDemoPassword);  // right password, locked account
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_TRUE(locked.Header("retry-after").has_value());
  // Unknown users answer exactly as wrong passwords do.
  auto unknown = login("nobody.here", "wrong-password-1A");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(Body(unknown)["error"]["message"], "username or password is wrong");
  // Five more failures from this address use up its bucket: even a correct
  // password of another account waits now.
  for (int i = 0; i < 5; ++i) login("demo.auditor", "wrong-password-1A");
  auto throttled = login("demo.township", kDemoPassword);
  EXPECT_EQ(throttled.status, 429) << throttled.body;
  json failures = Body(auditor.Call("GET", "/api/v1/audit?action=login_failed"));
  EXPECT_GE(failures["items"].size(), 6u);
}

TEST_F(SecurityTest, AFloodOfBadLoginsDoesNotHoldUpOtherUsers) {
  ApiSession& doctor = As("demo.village");
  std::atomic<bool> stop{false};
  std::atomic<int> flood_answers{0}, flood_throttled{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&] {
      auto c = server_->Client();
      json b = {{"username", "demo.village"}, {"password", "guess-Guess-1"}};
      while (!stop) {
        auto r = c.Send("POST", "/api/v1/auth/login", b.dump());
        if (!r.ok()) continue;
        ++flood_answers;
        if (r->status == 429) ++flood_throttled;
      }
    });
  }
  int ok = 0;
  for (int i = 0; i < 200; ++i) {
    ok += doctor.Call("GET", "/api/v1/residents?page_size=5").status == 200;
  }
  stop = true;
  for (auto& t : flood) t.join();
  EXPECT_EQ(ok, 200);
  EXPECT_GT(flood_answers.load(), 20);
  // Almost all of the flood was turned away before any password was hashed.
  EXPECT_GT(flood_throttled.load(), flood_answers.load() * 8 / 10);
}

TEST_F(SecurityTest, InjectionAttemptsAreRefusedBeforeSql) {
  ApiSession& c = As("demo.commission");
  for (std::string q : {"name=%27%20OR%201%3D1%20--", "id_number=1%27%20OR%20%271%27%3D%271",
                        "record_no=1%3B%20DROP%20TABLE%20residents", "phone=%27%3B--",
                        "ou=140423%27--", "status=active%27"}) {
    auto r = c.Call("GET", "/api/v1/residents?" + q);
    EXPECT_EQ(r.status, 400) << q << " → " << r.body;
  }
  auto typed = c.Call("POST", "/api/v1/auth/tokens", {{"name", 5}});
  EXPECT_EQ(typed.status, 400);
  auto unknown = c.Call("POST", "/api/v1/auth/tokens", {{"name", "x"}, {"admin", true}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Body(unknown)["error"]["fields"][0]["field"], "admin");
  auto longname = c.Call("POST", "/api/v1/auth/tokens", {{"name", std::string(500, 'x')}});
  EXPECT_EQ(longname.status, 400);
  // Still there.
  EXPECT_EQ(c.Call("GET", "/api/v1/residents?page_size=1").status, 200);
}

TEST(SecurityTlsTest, ServeSpeaksHttpsWithSecureCookies) {
  std::string dir = TempDir();
  std::string out;
  // A self-signed certificate for 127.0.0.1, as a site would make its own.
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                         "-addext subjectAltName=IP:127.0.0.1 -keyout " +
                         dir + "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1")
                            .c_str()),
            0);
  ASSERT_EQ(RunCli("init --db " + dir + "/t.db", &out), 0) << out;
  ASSERT_EQ(
      RunCli("user create --db " + dir + "/t.db --username tls.admin --role admin --password-stdin",
             &out, "Tls#Keeper2026x\n"),
      0)
      << out;
  auto server = ServerProcess::Start(
      dir + "/t.db", {"--tls-cert", dir + "/cert.pem", "--tls-key", dir + "/key.pem"});
  ASSERT_TRUE(server);
  http::Client tls("127.0.0.1", server->port(), http::ClientTlsOptions{dir + "/cert.pem", true});
  auto h = tls.Send("GET", "/api/v1/health");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->status, 200);
  // The session cookie is Secure over TLS.
  auto login = tls.Send("POST", "/api/v1/auth/login",
                        R"({"username":"tls.admin","password":"Tls#Keeper2026x"})");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->status, 200) << login->body;
  auto cookie = login->Header("set-cookie").value_or("");
  EXPECT_NE(cookie.find("yilian_session="), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  // Plain HTTP to the TLS port gets no answer.
  http::Client plain("127.0.0.1", server->port());
  EXPECT_FALSE(plain.Send("GET", "/api/v1/health").ok());
}

}  // namespace
}  // namespace yilian
