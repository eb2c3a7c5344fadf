// The daily work end to end, against a real `yilian serve --demo` (a county
// with a generated year of care): recording a follow-up takes the resident
// off the worklist and adds work points at once; contracts are signed,
// refused, terminated and renewed; bad input is refused naming the field;
// scope escapes through the care routes are refused; bulk import reports
// every rejected line and a running server picks the import up; fund runs
// split money to the cent and show their working.
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "api_session.h"
#include "contract/contract_rules.h"
#include "identity/citizen_id.h"
#include "server_fixture.h"

namespace yilian {
namespace {
using nlohmann::json;

constexpr const char* kDemoPassword = "Demo#County2026";

class CareApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    db_ = dir_ + "/demo.db";
    server_ = ServerProcess::Start(db_, {"--demo", "--demo-residents", "3000"});
    ASSERT_NE(server_, nullptr);
  }

  ApiSession& As(const std::string& user) {
    auto it = sessions_.find(user);
    if (it == sessions_.end()) {
      auto s = std::make_unique<ApiSession>(*server_, user, kDemoPassword);
      EXPECT_TRUE(s->ok()) << user << ": " << s->login_response().body;
      it = sessions_.emplace(user, std::move(s)).first;
    }
    return *it->second;
  }

  json Me(const std::string& user) { return Body(As(user).Call("GET", "/api/v1/auth/me")); }

  // The first worklist row of demo.village for `kind`, or null.
  json FirstDue(const std::string& kind) {
    json list =
        Body(As("demo.village").Call("GET", "/api/v1/worklist?kind=" + kind + "&page_size=50"));
    return list["items"].empty() ? json(nullptr) : list["items"][0];
  }

  bool Listed(const std::string& kind, int64_t resident) {
    json list =
        Body(As("demo.village").Call("GET", "/api/v1/worklist?kind=" + kind + "&page_size=200"));
    for (const auto& row : list["items"])
      if (row["resident_id"] == resident) return true;
    return false;
  }

  double PractitionerPoints(int64_t practitioner, const std::string& ou) {
    json wp = Body(As("demo.township")
                       .Call("GET", "/api/v1/work-points?by=practitioner&ou=" + ou +
                                        "&pe=" + std::to_string(Today().year())));
    for (const auto& row : wp["rows"])
      if (row["id"] == practitioner) return row["points"].get<double>();
    return 0;
  }

  // A township other than demo.village's, and one of its residents.
  std::string OtherTownship() {
    std::string village = Me("demo.village")["view_scope"][0];
    std::string own = village.substr(0, 9) + "000";
    json towns =
        Body(As("demo.commission")
                 .Call("GET", "/api/v1/org-units?parent=" + village.substr(0, 6) + "000000"));
    for (const auto& t : towns["items"])
      if (t["code"] != own) return t["code"];
    ADD_FAILURE() << "no other township";
    return "";
  }
  int64_t OtherResident() {
    json other = Body(
        As("demo.commission").Call("GET", "/api/v1/residents?page_size=1&ou=" + OtherTownship()));
    EXPECT_EQ(other["items"].size(), 1u);
    return other["items"].empty() ? 0 : other["items"][0]["id"].get<int64_t>();
  }

  std::string dir_, db_;
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::unique_ptr<ApiSession>> sessions_;
};

TEST_F(CareApiTest, RecordingAFollowUpTakesTheResidentOffTheWorklistAtOnce) {
  ApiSession& v = As("demo.village");
  json me = Me("demo.village");
  ASSERT_TRUE(me["practitioner_id"].is_number()) << me.dump();
  int64_t practitioner = me["practitioner_id"];
  std::string village = me["view_scope"][0];
  json row = FirstDue("hypertension");
  ASSERT_FALSE(row.is_null()) << "the demo county has no hypertension patient due";
  int64_t resident = row["resident_id"];
  EXPECT_TRUE(row["status"] == "due" || row["status"] == "overdue");
  double before = PractitionerPoints(practitioner, village.substr(0, 9) + "000");

  json body = {{"resident_id", resident},
               {"service_code", "htn_followup"},
               {"practitioner_id", practitioner},
               {"verification", "dual_card"},
               {"data", {{"visit_mode", "1"}, {"sbp", 132}, {"dbp", 82}, {"classification", "1"}}}};
  auto preview = v.Call("POST", "/api/v1/services/preview", body);
  ASSERT_EQ(preview.status, 200) << preview.body;
  std::string routine = Today().AddDays(90).ToIso();
  EXPECT_EQ(Body(preview)["due"][0]["due_date"], routine) << preview.body;
  EXPECT_TRUE(Listed("hypertension", resident)) << "a preview changes nothing";

  auto made = v.Call("POST", "/api/v1/services", body);
  ASSERT_EQ(made.status, 201) << made.body;
  json rec = Body(made);
  EXPECT_EQ(rec["points"], 10.0);
  EXPECT_TRUE(rec["enrolment_id"].is_number());
  bool found = false;
  for (const auto& d : rec["due"]) {
    if (d["kind"] == "hypertension") {
      found = true;
      EXPECT_EQ(d["due_date"], routine);
      EXPECT_EQ(d["status"], "upcoming");
    }
  }
  EXPECT_TRUE(found) << made.body;
  // Off the list, and the points are there, as soon as the write answered.
  EXPECT_FALSE(Listed("hypertension", resident));
  EXPECT_DOUBLE_EQ(PractitionerPoints(practitioner, village.substr(0, 9) + "000"), before + 10.0);
  // The same follow-up twice on one day is a conflict naming the first.
  auto again = v.Call("POST", "/api/v1/services", body);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Body(again)["error"]["existing_id"], std::to_string(rec["id"].get<int64_t>()));

  // An uncontrolled reading brings the next visit within two weeks; voiding
  // it puts the routine date back.
  json next = body;
  next["service_date"] = Today().ToIso();
  next["service_code"] = "htn_check";
  next["data"] = {{"sbp", 150}, {"dbp", 92}};
  auto check = v.Call("POST", "/api/v1/services", next);
  ASSERT_EQ(check.status, 201) << check.body;
  auto voided = v.Call(
      "POST", "/api/v1/services/" + std::to_string(Body(check)["id"].get<int64_t>()) + "/void",
      {{"reason", "录入错误"}, {"version", 1}});
  EXPECT_EQ(voided.status, 200) << voided.body;
  EXPECT_EQ(Body(voided)["status"], "voided");
  // The timeline shows both, newest first.
  json timeline =
      Body(v.Call("GET", "/api/v1/residents/" + std::to_string(resident) + "/services"));
  ASSERT_GE(timeline["items"].size(), 2u);
}

TEST_F(CareApiTest, ContractsAreSignedRefusedTerminatedAndRenewed) {
  ApiSession& v = As("demo.village");
  json me = Me("demo.village");
  std::string village = me["view_scope"][0];
  json teams = Body(v.Call("GET", "/api/v1/teams?village=" + village))["items"];
  ASSERT_FALSE(teams.empty());
  int64_t team = teams[0]["id"];
  int64_t doctor = 0;
  for (const auto& m : teams[0]["members"])
    if (m["team_role"] == "leader") doctor = m["practitioner_id"];
  ASSERT_GT(doctor, 0);
  // A new resident of 70, who has no contract yet.
  Date birth = Today().AddMonths(-12 * 70);
  json created = Body(v.Call("POST", "/api/v1/residents",
                             {{"name", "签约测试"},
                              {"id_number", MakeCitizenId(village.substr(0, 6), birth, 911)},
                              {"village_code", village}}));
  ASSERT_TRUE(created.contains("id")) << created.dump();
  int64_t resident = created["id"];
  json sign = {{"resident_id", resident},
               {"team_id", team},
               {"doctor_id", doctor},
               {"packages", {"basic", "elderly"}},
               {"signing_method", "face_to_face_id"}};
  // A package for a key population the resident is not in.
  json wrong = sign;
  wrong["packages"] = {"basic", "maternal"};
  auto refused = v.Call("POST", "/api/v1/contracts", wrong);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Body(refused)["error"]["fields"][0]["field"], "packages[1]") << refused.body;

  auto made = v.Call("POST", "/api/v1/contracts", sign);
  ASSERT_EQ(made.status, 201) << made.body;
  json k = Body(made);
  EXPECT_EQ(k["state"], "active");
  EXPECT_EQ(k["end_date"], DefaultEndDate(Today()).ToIso());
  EXPECT_FALSE(k["fulfilment"]["fulfilled"]);
  EXPECT_GT(k["fulfilment"]["promised_total"].get<int>(), 0);
  // One contract in force at a time.
  auto twice = v.Call("POST", "/api/v1/contracts", sign);
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(Body(twice)["error"]["fields"][0]["field"], "start_date") << twice.body;
  // Renewal is for contracts near their end.
  auto early =
      v.Call("POST", "/api/v1/contracts/" + std::to_string(k["id"].get<int64_t>()) + "/renew",
             {{"signing_method", "phone"}});
  EXPECT_EQ(early.status, 400) << early.body;
  // Terminate (with the version read), then the resident may sign again.
  std::string path = "/api/v1/contracts/" + std::to_string(k["id"].get<int64_t>());
  auto stale = v.Call("POST", path + "/terminate", {{"reason", "moved_out"}, {"version", 7}});
  EXPECT_EQ(stale.status, 412);
  auto ended =
      v.Call("POST", path + "/terminate", {{"reason", "resident_request"}, {"version", 1}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Body(ended)["state"], "terminated");
  EXPECT_EQ(Body(ended)["termination_reason_name"], "居民申请解约");
  auto fresh = v.Call("POST", "/api/v1/contracts", sign);
  EXPECT_EQ(fresh.status, 201) << fresh.body;
  json listed = Body(v.Call("GET", "/api/v1/residents/" + std::to_string(resident) + "/contracts"));
  EXPECT_EQ(listed["items"].size(), 2u);
  // The team's list shows contracts with fulfilment.
  json team_list =
      Body(v.Call("GET", "/api/v1/contracts?team_id=" + std::to_string(team) + "&page_size=5"));
  ASSERT_FALSE(team_list["items"].empty());
  EXPECT_TRUE(team_list["items"][0].contains("fulfilment"));
}

TEST_F(CareApiTest, BadInputIsRefusedNamingEachField) {
  ApiSession& v = As("demo.village");
  json me = Me("demo.village");
  json row = FirstDue("hypertension");
  ASSERT_FALSE(row.is_null());
  json base = {{"resident_id", row["resident_id"]},
               {"service_code", "htn_followup"},
               {"practitioner_id", me["practitioner_id"]},
               {"verification", "dual_card"},
               {"data", {{"visit_mode", "1"}, {"sbp", 400}, {"dbp", 90}, {"classification", "2"}}}};
  auto field = [&](const json& body) {
    auto r = v.Call("POST", "/api/v1/services", body);
    EXPECT_EQ(r.status, 400) << r.body;
    json e = Body(r)["error"];
    std::vector<std::string> fields;
    for (const auto& f : e["fields"]) fields.push_back(f["field"]);
    return fields;
  };
  EXPECT_EQ(field(base), std::vector<std::string>{"data.sbp"});
  json low = base;
  low["data"]["sbp"] = 30;
  EXPECT_EQ(field(low), std::vector<std::string>{"data.sbp"});
  json controlled = base;
  controlled["data"] = {{"visit_mode", "1"}, {"sbp", 150}, {"dbp", 95}, {"classification", "1"}};
  EXPECT_EQ(field(controlled), std::vector<std::string>{"data.classification"});
  json future = base;
  future["data"]["sbp"] = 130;
  future["service_date"] = Today().AddDays(3).ToIso();
  EXPECT_EQ(field(future), std::vector<std::string>{"service_date"});
  json unknown = base;
  unknown["data"] = {{"visit_mode", "1"},
                     {"sbp", 130},
                     {"dbp", 80},
                     {"classification", "2"},
                     {"blood_pressure", "130/80"}};
  EXPECT_EQ(field(unknown), std::vector<std::string>{"data.blood_pressure"});
  json several = base;
  several.erase("verification");
  several["data"] = {{"sbp", "high"}};
  auto many = field(several);
  // verification; data.sbp's type; visit_mode, classification and dbp missing.
  EXPECT_EQ(many.size(), 5u);
  json kid = base;
  kid["service_code"] = "child_visit";
  kid["data"] = {{"weight_kg", 20}, {"height_cm", 110}};
  auto child = field(kid);
  ASSERT_FALSE(child.empty());
  EXPECT_EQ(child[0], "service_code");  // an adult is not a child
  // Malformed JSON never reaches the rules.
  auto bad = v.Call("POST", "/api/v1/services", json("not an object"));
  EXPECT_EQ(bad.status, 400);
}

TEST_F(CareApiTest, ScopeEscapesThroughCareRoutesAreRefused) {
  ApiSession& v = As("demo.village");
  json me = Me("demo.village");
  int64_t other = OtherResident();
  std::string o = std::to_string(other);
  EXPECT_EQ(v.Call("GET", "/api/v1/residents/" + o + "/services").status, 403);
  EXPECT_EQ(v.Call("GET", "/api/v1/residents/" + o + "/contracts").status, 403);
  EXPECT_EQ(v.Call("GET", "/api/v1/residents/" + o + "/schedule").status, 403);
  auto rec = v.Call("POST", "/api/v1/services",
                    {{"resident_id", other},
                     {"service_code", "health_education"},
                     {"practitioner_id", me["practitioner_id"]},
                     {"verification", "none"},
                     {"data", {{"summary", "x"}}}});
  EXPECT_EQ(rec.status, 403) << rec.body;
  auto sign = v.Call("POST", "/api/v1/contracts",
                     {{"resident_id", other},
                      {"team_id", 1},
                      {"doctor_id", 1},
                      {"packages", {"basic"}},
                      {"signing_method", "phone"}});
  EXPECT_EQ(sign.status, 403) << sign.body;
  auto enrol = v.Call("POST", "/api/v1/enrolments", {{"resident_id", other}, {"program", "tb"}});
  EXPECT_EQ(enrol.status, 403) << enrol.body;
  std::string town = OtherTownship();
  EXPECT_EQ(v.Call("GET", "/api/v1/worklist?ou=" + town).status, 403);
  EXPECT_EQ(v.Call("GET", "/api/v1/contracts?ou=" + town).status, 403);
  EXPECT_EQ(v.Call("GET", "/api/v1/services?ou=" + town).status, 403);
  // Commission staff read but do not write personal care records.
  EXPECT_EQ(As("demo.commission").Call("GET", "/api/v1/residents/" + o + "/services").status, 200);
  EXPECT_EQ(As("demo.commission")
                .Call("POST", "/api/v1/enrolments", {{"resident_id", other}, {"program", "tb"}})
                .status,
            403);
  // Fund runs are the commission's; a village doctor cannot run one.
  EXPECT_EQ(v.Call("POST", "/api/v1/fund-runs", {{"org_unit_code", town}}).status, 403);
  // Every read of a resident's care was audited.
  json audit = Body(As("demo.auditor").Call("GET", "/api/v1/audit?resident_id=" + o));
  bool read = false, denied = false;
  for (const auto& e : audit["items"]) {
    read |= e["action"] == "read" && e["resource"] == "service_record";
    denied |= e["action"] == "denied";
  }
  EXPECT_TRUE(read) << audit.dump().substr(0, 500);
  EXPECT_TRUE(denied);
}

TEST_F(CareApiTest, ImportReportsEveryRejectedLineAndTheServerPicksItUp) {
  json me = Me("demo.village");
  json row = FirstDue("hypertension");
  ASSERT_FALSE(row.is_null());
  std::string no = row["record_no"];
  std::string pr = std::to_string(me["practitioner_id"].get<int64_t>());
  std::string day = Today().AddDays(-1).ToIso();
  std::string file = dir_ + "/services.csv";
  std::ofstream(file)
      << "record_no,service_code,service_date,practitioner_id,verification,data\n"
      << no << ",htn_followup," << day << "," << pr
      << ",dual_card,\"{\"\"visit_mode\"\":\"\"1\"\",\"\"sbp\"\":128,\"\"dbp\"\":80,"
         "\"\"classification\"\":\"\"1\"\"}\"\n"
      << no << ",htn_followup," << day << "," << pr
      << ",dual_card,\"{\"\"visit_mode\"\":\"\"1\"\",\"\"sbp\"\":400}\"\n"
      << "99999999999999999,health_education," << day << "," << pr << ",none,\n"
      << no << ",health_education," << day << "," << pr << ",face,\"{}\"\n";
  std::string out;
  EXPECT_NE(RunCli("import --db " + db_ + " --kind services " + file, &out), 0);
  EXPECT_NE(out.find("line 3: data.sbp"), std::string::npos) << out;
  EXPECT_NE(out.find("line 4: record_no"), std::string::npos) << out;
  EXPECT_TRUE(Listed("hypertension", row["resident_id"])) << "all or nothing: nothing written";
  out.clear();
  // Exit code 3: written, with lines rejected.
  EXPECT_EQ(RunCli("import --db " + db_ + " --kind services --valid-only " + file, &out), 3) << out;
  EXPECT_NE(out.find("2 written"), std::string::npos) << out;
  // The server notices the other process's write and rebuilds within seconds.
  bool gone = false;
  for (int i = 0; i < 50 && !gone; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    gone = !Listed("hypertension", row["resident_id"]);
  }
  EXPECT_TRUE(gone) << Body(As("demo.village")
                                .Call("GET", "/api/v1/residents/" +
                                                 std::to_string(row["resident_id"].get<int64_t>()) +
                                                 "/schedule"))
                           .dump()
                    << out;
}

TEST_F(CareApiTest, FundRunsSplitToTheCentAndShowTheirWorking) {
  ApiSession& c = As("demo.commission");
  std::string county = Me("demo.commission")["view_scope"][0];
  int year = Today().year();
  json prepay = {{"org_unit_code", county}, {"year", year},
                 {"kind", "prepayment"},    {"quarter", 1},
                 {"per_capita_yuan", 50},   {"prepay_ratio_percent", 70},
                 {"dry_run", true}};
  auto dry = c.Call("POST", "/api/v1/fund-runs", prepay);
  ASSERT_EQ(dry.status, 200) << dry.body;
  json d = Body(dry);
  EXPECT_TRUE(d["id"].is_null());
  double pool = d["allocation"]["pool_yuan"];
  double sum = 0;
  for (const auto& f : d["allocation"]["facilities"]) {
    sum += f["share_yuan"].get<double>();
    EXPECT_NE(f["working"].get<std::string>().find("工分"), std::string::npos);
  }
  EXPECT_NEAR(sum, pool, 0.001);
  EXPECT_NEAR(pool, d["population"].get<double>() * 50 * 0.7 / 4, 0.01);
  prepay.erase("dry_run");
  auto saved = c.Call("POST", "/api/v1/fund-runs", prepay);
  ASSERT_EQ(saved.status, 201) << saved.body;
  json settle = {
      {"org_unit_code", county}, {"year", year}, {"kind", "settlement"}, {"per_capita_yuan", 50}};
  auto s = c.Call("POST", "/api/v1/fund-runs", settle);
  ASSERT_EQ(s.status, 201) << s.body;
  double prepaid = 0, payable = 0, shares = 0;
  json settled = Body(s);
  for (const auto& f : settled["allocation"]["facilities"]) {
    prepaid += f["prepaid_yuan"].get<double>();
    payable += f["payable_yuan"].get<double>();
    shares += f["share_yuan"].get<double>();
  }
  EXPECT_NEAR(prepaid, pool, 0.001) << s.body.substr(0, 1500);
  EXPECT_NEAR(shares - prepaid, payable, 0.001);
  auto csv = c.Call(
      "GET", "/api/v1/fund-runs/" + std::to_string(Body(s)["id"].get<int64_t>()) + "?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("机构名称"), std::string::npos);
  json runs = Body(c.Call("GET", "/api/v1/fund-runs?ou=" + county));
  EXPECT_EQ(runs["items"].size(), 2u);
  // Bad input names the field.
  auto bad = c.Call("POST", "/api/v1/fund-runs",
                    {{"org_unit_code", county},
                     {"year", year},
                     {"kind", "prepayment"},
                     {"quarter", 5},
                     {"per_capita_yuan", 50}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Body(bad)["error"]["fields"][0]["field"], "quarter");
}

TEST_F(CareApiTest, IndicatorsAreLiveScopedAndReported) {
  ApiSession& c = As("demo.commission");
  std::string county = Me("demo.commission")["view_scope"][0];
  std::string village = Me("demo.village")["view_scope"][0];
  std::string year = std::to_string(Today().year());
  // Every township of the county, ranked.
  json a = Body(c.Call("GET", "/api/v1/analytics?dx=contract_rate;services&ou=" + county +
                                  "&ou_level=4&pe=" + year));
  ASSERT_TRUE(a.contains("rows")) << a.dump();
  ASSERT_GE(a["rows"].size(), 4u);
  for (const auto& row : a["rows"]) {
    EXPECT_EQ(row["ou_level"], 4);
    EXPECT_GE(row["rank"].get<int>(), 1);
    if (row["dx"] == "contract_rate") {
      EXPECT_GT(row["value"].get<double>(), 20.0);
    }
  }
  // A write shows in the figures at once: the village's services this month.
  std::string month = fmt::format("{}{:02}", Today().year(), Today().month());
  auto services = [&] {
    json v = Body(As("demo.village")
                      .Call("GET", "/api/v1/analytics?dx=services&ou=" + village + "&pe=" + month));
    return v["rows"][0]["numerator"].get<double>();
  };
  double before = services();
  json row = FirstDue("hypertension");
  ASSERT_FALSE(row.is_null());
  auto made = As("demo.village")
                  .Call("POST", "/api/v1/services",
                        {{"resident_id", row["resident_id"]},
                         {"service_code", "health_education"},
                         {"practitioner_id", Me("demo.village")["practitioner_id"]},
                         {"verification", "face"},
                         {"data", {{"summary", "低盐饮食"}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_DOUBLE_EQ(services(), before + 1);
  // Scope: a village doctor cannot ask about the county as a whole.
  EXPECT_EQ(As("demo.village").Call("GET", "/api/v1/analytics?dx=services&ou=" + county).status,
            403);
  // Bad input names the field.
  auto bad = c.Call("GET", "/api/v1/analytics?dx=nope&pe=2026Q5");
  EXPECT_EQ(bad.status, 400);
  std::set<std::string> fields;
  json bad_body = Body(bad);
  for (const auto& f : bad_body["error"]["fields"]) fields.insert(f["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"dx", "pe"}));
  EXPECT_EQ(c.Call("GET", "/api/v1/analytics?dx=record_rate&disagg=sex").status, 400);
  // Targets: set, then completion follows.
  auto put = c.Call("PUT", "/api/v1/targets",
                    {{"items",
                      {{{"indicator", "services"},
                        {"org_unit_code", county},
                        {"year", Today().year()},
                        {"target", 1000000}}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  json t = Body(c.Call("GET", "/api/v1/analytics?dx=services&ou=" + county + "&pe=" + year));
  EXPECT_DOUBLE_EQ(t["rows"][0]["target"].get<double>(), 1000000);
  EXPECT_GT(t["rows"][0]["progress"].get<double>(), 0);
  auto refused = c.Call("PUT", "/api/v1/targets",
                        {{"items",
                          {{{"indicator", "contract_rate"},
                            {"org_unit_code", county},
                            {"year", Today().year()},
                            {"target", 140}}}}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(As("demo.village").Call("PUT", "/api/v1/targets", {{"items", json::array()}}).status,
            403);
  // Reports: the bulletin as JSON sentences and as an Excel file; the CLI too.
  json bulletin = Body(c.Call("GET", "/api/v1/reports/bulletin?ou=" + county));
  ASSERT_TRUE(bulletin.contains("sections")) << bulletin.dump().substr(0, 300);
  EXPECT_NE(bulletin["sections"][0]["paragraphs"][1].get<std::string>().find("签约率"),
            std::string::npos);
  auto xlsx = c.Call("GET", "/api/v1/reports/annual?ou=" + county + "&format=xlsx");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(As("demo.village").Call("GET", "/api/v1/reports/annual?ou=" + county).status, 403);
  std::string out;
  EXPECT_EQ(
      RunCli("report --db " + db_ + " --kind annual --format csv --out " + dir_ + "/a.csv", &out),
      0)
      << out;
  std::ifstream csv(dir_ + "/a.csv");
  std::string text((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("年度目标任务完成情况"), std::string::npos);
}

}  // namespace
}  // namespace yilian
