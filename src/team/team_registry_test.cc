#include "team/team_registry.h"

#include <sstream>

#include <gtest/gtest.h>

#include "api/registry_routes.h"
#include "core/url.h"
#include "facility/facility_registry.h"
#include "http/router.h"
#include "practitioner/practitioner_registry.h"
#include "team/team_json.h"
#include "testing/api_harness.h"
#include "testing/test_county.h"
#include "transfer/import.h"
#include "transfer/transfer_kind.h"

namespace yilian {
namespace {
using nlohmann::json;
using testing::TestCounty;

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field);
  return out;
}

json Members(const std::vector<std::pair<int64_t, const char*>>& members) {
  json ms = json::array();
  for (auto [id, role] : members) ms.push_back({{"practitioner_id", id}, {"team_role", role}});
  return ms;
}

// A township health centre with a physician, an assistant physician, a
// nurse, a public-health worker and a village doctor.
struct Fixture {
  TestCounty t;
  FacilityRegistry facilities{*t.db, DefaultCodeSets(), *t.org_units};
  PractitionerRegistry practitioners{*t.db, DefaultCodeSets(), *t.org_units};
  TeamRegistry reg{*t.db, DefaultCodeSets(), *t.org_units};
  int64_t center = 0;
  int64_t physician = 0, assistant = 0, nurse = 0, public_health = 0, village_doctor = 0;

  Fixture() {
    auto c = facilities.Create({{"code", "T1"},
                                {"name", "古韩镇卫生院"},
                                {"type", "township_health_center"},
                                {"org_unit_code", TestCounty::kTownA}});
    EXPECT_TRUE(c.ok());
    center = c->id;
    int seq = 1;
    for (auto [out, role] : {std::pair{&physician, "physician"},
                             {&assistant, "assistant_physician"},
                             {&nurse, "nurse"},
                             {&public_health, "public_health"},
                             {&village_doctor, "village_doctor"}}) {
      auto p = practitioners.Create({{"name", std::string("医务") + std::to_string(seq)},
                                     {"id_number", TestCounty::Id("1975-03-04", seq += 2)},
                                     {"role", role},
                                     {"facility_id", center}});
      EXPECT_TRUE(p.ok()) << p.status().ToString();
      *out = p->id;
    }
  }

  json Team(const std::vector<std::pair<int64_t, const char*>>& members,
            std::vector<std::string> villages = {TestCounty::kVillageA1}) {
    return {{"name", "古韩镇第一团队"},
            {"facility_id", center},
            {"members", Members(members)},
            {"village_codes", villages}};
  }
};

TEST(TeamRegistryTest, CreateReportsTheComposition) {
  Fixture x;
  auto full = x.reg.Create(
      x.Team({{x.village_doctor, "village_doctor"}, {x.physician, "leader"}, {x.nurse, "nurse"}},
             {TestCounty::kVillageA2, TestCounty::kVillageA1}));
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_TRUE(full->composition.complete());
  // Members come back in practitioner order, villages in code order.
  EXPECT_EQ(full->team.members.front().practitioner_id, x.physician);
  EXPECT_EQ(full->team.village_codes,
            (std::vector<std::string>{TestCounty::kVillageA1, TestCounty::kVillageA2}));
  json j = TeamToJson(*full, &DefaultCodeSets());
  EXPECT_EQ(j["composition"], json({{"doctor", true},
                                    {"nurse_or_public_health", true},
                                    {"village_doctor", true},
                                    {"complete_1_1_1", true}}));
  EXPECT_EQ(j["members"][0]["name"], "医务1");
  EXPECT_EQ(j["members"][0]["role"], "physician");
  EXPECT_EQ(j["members"][0]["team_role_name"], "团队长");
  auto got = x.reg.Get(full->team.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->team.members, full->team.members);
  EXPECT_EQ(got->team.village_codes, full->team.village_codes);
  EXPECT_TRUE(got->composition.complete());

  // An assistant physician is a doctor; public health is the "1" beside the doctor.
  auto partial =
      x.reg.Create(x.Team({{x.assistant, "doctor"}, {x.public_health, "public_health"}}));
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_TRUE(partial->composition.doctor);
  EXPECT_TRUE(partial->composition.nurse_or_public_health);
  EXPECT_FALSE(partial->composition.village_doctor);
  EXPECT_FALSE(TeamToJson(*partial, nullptr)["composition"]["complete_1_1_1"].get<bool>());
  EXPECT_EQ(x.reg.Get(9999).status().code(), Status::Code::kNotFound);
}

TEST(TeamRegistryTest, ATeamWithoutADoctorIsRefused) {
  Fixture x;
  auto nurses = x.reg.Create(x.Team({{x.nurse, "nurse"}, {x.village_doctor, "village_doctor"}}));
  EXPECT_EQ(Fields(nurses.status()), std::vector<std::string>{"members"});
  // The doctor's team role must be held by a physician.
  auto nurse_as_doctor = x.reg.Create(x.Team({{x.nurse, "doctor"}}));
  EXPECT_EQ(Fields(nurse_as_doctor.status()), std::vector<std::string>{"members"});
  // A physician in another team role does not make the team a doctor's team.
  auto specialist = x.reg.Create(x.Team({{x.physician, "specialist"}}));
  EXPECT_EQ(Fields(specialist.status()), std::vector<std::string>{"members"});
  EXPECT_TRUE(x.reg.Create(x.Team({{x.physician, "doctor"}})).ok());
}

TEST(TeamRegistryTest, MembersMustBeValid) {
  Fixture x;
  EXPECT_EQ(Fields(x.reg.Create(x.Team({})).status()), std::vector<std::string>{"members"});
  auto twice = x.reg.Create(x.Team({{x.physician, "leader"}, {x.physician, "doctor"}}));
  EXPECT_EQ(Fields(twice.status()), std::vector<std::string>{"members[1].practitioner_id"});
  auto unknown = x.reg.Create(x.Team({{x.physician, "leader"}, {4242, "nurse"}}));
  EXPECT_EQ(Fields(unknown.status()), std::vector<std::string>{"members[1].practitioner_id"});
  auto bad_role = x.reg.Create(x.Team({{x.physician, "leader"}, {x.nurse, "cook"}}));
  EXPECT_EQ(Fields(bad_role.status()), std::vector<std::string>{"members[1].team_role"});
  json malformed = x.Team({{x.physician, "leader"}});
  malformed["members"].push_back({{"practitioner_id", "7"}});
  malformed["members"].push_back(3);
  EXPECT_EQ(Fields(x.reg.Create(malformed).status()),
            (std::vector<std::string>{"members[1].practitioner_id", "members[1].team_role",
                                      "members[2]"}));
  // Only active practitioners join a team.
  ASSERT_TRUE(x.practitioners.Update(x.nurse, {{"status", "left"}}, 1).ok());
  auto left = x.reg.Create(x.Team({{x.physician, "leader"}, {x.nurse, "nurse"}}));
  EXPECT_EQ(Fields(left.status()), std::vector<std::string>{"members[1].practitioner_id"});
  // The facility must exist.
  json no_facility = x.Team({{x.physician, "leader"}});
  no_facility["facility_id"] = 4242;
  EXPECT_EQ(Fields(x.reg.Create(no_facility).status()), std::vector<std::string>{"facility_id"});
  EXPECT_TRUE(x.reg.List({})->items.empty());
}

TEST(TeamRegistryTest, VillagesMustBeActiveVillages) {
  Fixture x;
  auto dup = x.reg.Create(
      x.Team({{x.physician, "leader"}}, {TestCounty::kVillageA1, TestCounty::kVillageA1}));
  EXPECT_EQ(Fields(dup.status()), std::vector<std::string>{"village_codes[1]"});
  auto town = x.reg.Create(x.Team({{x.physician, "leader"}}, {TestCounty::kTownA}));
  EXPECT_EQ(Fields(town.status()), std::vector<std::string>{"village_codes[0]"});
  auto missing = x.reg.Create(x.Team({{x.physician, "leader"}}, {"140423100299"}));
  EXPECT_EQ(Fields(missing.status()), std::vector<std::string>{"village_codes[0]"});
  auto served = x.reg.Create(
      x.Team({{x.physician, "leader"}}, {TestCounty::kVillageA1, TestCounty::kVillageA2}));
  ASSERT_TRUE(served.ok());
  ASSERT_TRUE(
      x.t.org_units
          ->Merge(TestCounty::kVillageA2, TestCounty::kVillageA1, *Date::FromYmd(2024, 1, 1), 1)
          .ok());
  auto merged = x.reg.Create(x.Team({{x.physician, "leader"}}, {TestCounty::kVillageA2}));
  EXPECT_EQ(Fields(merged.status()), std::vector<std::string>{"village_codes[0]"});
  // The merge moved the team to the successor village.
  auto after = x.reg.Get(served->team.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->team.village_codes, std::vector<std::string>{TestCounty::kVillageA1});
  EXPECT_TRUE(x.reg.Update(served->team.id, {{"name", "新团队"}}, 1).ok());
}

TEST(TeamRegistryTest, UpdateReplacesMembersAndVillages) {
  Fixture x;
  auto t = x.reg.Create(x.Team({{x.physician, "leader"}, {x.nurse, "nurse"}}));
  ASSERT_TRUE(t.ok());
  json patch = {{"members", Members({{x.assistant, "leader"},
                                     {x.village_doctor, "village_doctor"},
                                     {x.public_health, "public_health"}})},
                {"village_codes", json::array({TestCounty::kVillageB1})}};
  auto u = x.reg.Update(t->team.id, patch, 1);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->team.version, 2);
  EXPECT_TRUE(u->composition.complete());
  auto got = x.reg.Get(t->team.id);
  ASSERT_EQ(got->team.members.size(), 3u);
  EXPECT_EQ(got->team.members[0], (TeamMember{x.assistant, "leader"}));
  EXPECT_EQ(got->team.village_codes, std::vector<std::string>{TestCounty::kVillageB1});
  // A stale version or a patch that loses the doctor changes nothing.
  EXPECT_EQ(x.reg.Update(t->team.id, {{"name", "x"}}, 1).status().code(),
            Status::Code::kPreconditionFailed);
  auto no_doctor = x.reg.Update(t->team.id, {{"members", Members({{x.nurse, "nurse"}})}}, 2);
  EXPECT_EQ(Fields(no_doctor.status()), std::vector<std::string>{"members"});
  EXPECT_EQ(x.reg.Get(t->team.id)->team.members.size(), 3u);
  // A dissolved team needs no doctor.
  auto dissolved = x.reg.Update(
      t->team.id,
      {{"status", "dissolved"}, {"members", Members({{x.nurse, "nurse"}})}, {"version", 2}}, 2);
  ASSERT_TRUE(dissolved.ok()) << dissolved.status().ToString();
  EXPECT_EQ(dissolved->team.status, "dissolved");
  EXPECT_EQ(x.reg.Update(4242, {{"name", "x"}}, 1).status().code(), Status::Code::kNotFound);
}

TEST(TeamRegistryTest, MembersOfAnActiveTeamCannotLeave) {
  Fixture x;
  auto t = x.reg.Create(x.Team({{x.physician, "leader"}, {x.nurse, "nurse"}}));
  ASSERT_TRUE(t.ok());
  auto leave = x.practitioners.Update(x.nurse, {{"status", "left"}}, 1);
  EXPECT_EQ(Fields(leave.status()), std::vector<std::string>{"status"});
  ASSERT_TRUE(x.reg.Update(t->team.id, {{"members", Members({{x.physician, "leader"}})}}, 1).ok());
  EXPECT_TRUE(x.practitioners.Update(x.nurse, {{"status", "left"}}, 1).ok());
}

TEST(TeamRegistryTest, ListByFacilityAndVillage) {
  Fixture x;
  auto other = x.facilities.Create({{"code", "T2"},
                                    {"name", "善福乡卫生院"},
                                    {"type", "township_health_center"},
                                    {"org_unit_code", TestCounty::kTownB}});
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(x.reg.Create(x.Team({{x.physician, "leader"}}, {TestCounty::kVillageA1})).ok());
  ASSERT_TRUE(x.reg.Create(x.Team({{x.physician, "leader"}}, {TestCounty::kVillageA2})).ok());
  json b = x.Team({{x.assistant, "leader"}}, {TestCounty::kVillageB1, TestCounty::kVillageA1});
  b["facility_id"] = other->id;
  ASSERT_TRUE(x.reg.Create(b).ok());
  team_store::Query q;
  q.village_code = TestCounty::kVillageA1;
  auto serving = x.reg.List(q);
  ASSERT_TRUE(serving.ok());
  ASSERT_EQ(serving->items.size(), 2u);
  EXPECT_EQ(serving->items[1].team.village_codes.size(), 2u);
  EXPECT_TRUE(serving->items[1].composition.doctor);
  q.facility_id = x.center;
  EXPECT_EQ(x.reg.List(q)->items.size(), 1u);
  team_store::Query paged;
  paged.page_size = 2;
  auto first = x.reg.List(paged);
  EXPECT_TRUE(first->has_more);
  paged.page = 2;
  EXPECT_FALSE(x.reg.List(paged)->has_more);
  paged.page_size = 0;
  EXPECT_EQ(Fields(x.reg.List(paged).status()), std::vector<std::string>{"page_size"});
}

http::Request Make(const std::string& method, const std::string& target, const json& body = nullptr,
                   const std::string& if_match = "") {
  http::Request r;
  r.method = method;
  r.target = target;
  r.path = PercentDecode(TargetPath(target)).value_or("");
  r.query = ParseQueryString(TargetQuery(target));
  if (!body.is_null()) {
    r.body = body.dump();
    r.headers["content-type"] = "application/json";
  }
  if (!if_match.empty()) r.headers["if-match"] = if_match;
  ApiHarness::SignInCurrent(r);
  return r;
}

// Status and parsed body of a request through `router`.
std::pair<int, json> Call(const http::Router& router, http::Request r) {
  http::Response res = router.Dispatch(r);
  return {res.status, json::parse(res.body)};
}

TEST(TeamRegistryTest, Routes) {
  Fixture x;
  http::Router router;
  ApiHarness api(x.t);
  api::RegisterTeamRoutes(router, api.ctx());
  http::Request post =
      Make("POST", "/api/v1/teams", x.Team({{x.physician, "leader"}, {x.nurse, "nurse"}}));
  http::Response created = router.Dispatch(post);
  ASSERT_EQ(created.status, 201) << created.body;
  json t = json::parse(created.body);
  std::string self = "/api/v1/teams/" + std::to_string(t["id"].get<int64_t>());
  EXPECT_EQ(created.Header("Location"), self);
  EXPECT_EQ(t["composition"]["doctor"], true);
  EXPECT_EQ(t["composition"]["complete_1_1_1"], false);
  auto [list_status, list] =
      Call(router, Make("GET", "/api/v1/teams?village=" + std::string(TestCounty::kVillageA1)));
  ASSERT_EQ(list_status, 200) << list;
  EXPECT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(
      Call(router, Make("GET", "/api/v1/teams?village=" + std::string(TestCounty::kTownA))).first,
      400);
  auto [refused, refused_body] =
      Call(router, Make("POST", "/api/v1/teams", x.Team({{x.nurse, "nurse"}})));
  EXPECT_EQ(refused, 400);
  EXPECT_EQ(refused_body["error"]["fields"][0]["field"], "members");
  json add_village_doctor = {{"members", Members({{x.physician, "leader"},
                                                  {x.nurse, "nurse"},
                                                  {x.village_doctor, "village_doctor"}})}};
  auto [patched, patched_body] = Call(router, Make("PATCH", self, add_village_doctor, "1"));
  ASSERT_EQ(patched, 200) << patched_body;
  EXPECT_EQ(patched_body["composition"]["complete_1_1_1"], true);
  EXPECT_EQ(Call(router, Make("GET", self)).second["members"].size(), 3u);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/teams/404")).first, 404);
}

std::string Export(storage::Database& db, const std::string& kind) {
  std::ostringstream out;
  ExportOptions opt;
  opt.kind = kind;
  auto n = RunExport(db, out, opt);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return out.str();
}

Result<ImportReport> Import(TestCounty& t, const std::string& kind, const std::string& text) {
  std::istringstream in(text);
  ImportOptions opt;
  opt.kind = kind;
  return RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
}

TEST(TeamRegistryTest, CsvRoundTrip) {
  Fixture a;
  ASSERT_TRUE(
      a.reg
          .Create(a.Team(
              {{a.physician, "leader"}, {a.nurse, "nurse"}, {a.village_doctor, "village_doctor"}},
              {TestCounty::kVillageA1, TestCounty::kVillageA2}))
          .ok());
  json dissolved = a.Team({{a.public_health, "public_health"}}, {});
  dissolved["status"] = "dissolved";
  dissolved["name"] = "旧团队, 已解散";
  ASSERT_TRUE(a.reg.Create(dissolved).ok());

  Fixture b;
  ASSERT_TRUE(b.reg.List({})->items.empty());
  std::string csv = Export(*a.t.db, "teams");
  EXPECT_NE(csv.find(std::to_string(a.physician) + ":leader;"), std::string::npos) << csv;
  auto report = Import(b.t, "teams", csv);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->rejected, 0) << report->rejections[0].message;
  auto la = a.reg.List({}), lb = b.reg.List({});
  ASSERT_EQ(la->items.size(), 2u);
  ASSERT_EQ(lb->items.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    json ja = TeamToJson(la->items[i], &DefaultCodeSets());
    json jb = TeamToJson(lb->items[i], &DefaultCodeSets());
    ja.erase("version");
    jb.erase("version");
    EXPECT_EQ(ja, jb);
  }
  EXPECT_EQ(Export(*b.t.db, "teams"), csv);
}

TEST(TeamRegistryTest, CsvMembersColumnIsChecked) {
  Fixture x;
  const TransferKind* kind = FindTransferKind("teams");
  ASSERT_NE(kind, nullptr);
  FieldErrors errs;
  json j =
      CsvRowToJson(*kind, {"name", "members"}, {"队", "1:leader； 2：nurse;;x:doctor;3"}, &errs);
  EXPECT_EQ(j["members"], json::parse(R"([{"practitioner_id":1,"team_role":"leader"},
                                          {"practitioner_id":2,"team_role":"nurse"}])"));
  ASSERT_EQ(errs.list().size(), 2u);
  EXPECT_EQ(errs.list()[0].field, "members");
  auto report = Import(x.t, "teams",
                       "name,facility_id,members,village_codes\n"
                       "甲队," +
                           std::to_string(x.center) + "," + std::to_string(x.physician) +
                           ":leader;" + std::to_string(x.nurse) +
                           ":nurse,140423100201;140423100202\n"
                           "乙队," +
                           std::to_string(x.center) + ",oops,\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rejected, 1);
  EXPECT_EQ(report->rejections[0].line, 3);
}

}  // namespace
}  // namespace yilian
