#include "resident/household_registry.h"

#include <sstream>

#include <gtest/gtest.h>

#include "api/registry_routes.h"
#include "core/url.h"
#include "http/router.h"
#include "identity/citizen_id.h"
#include "resident/household_json.h"
#include "testing/api_harness.h"
#include "testing/test_county.h"
#include "transfer/import.h"

namespace yilian {
namespace {
using nlohmann::json;
using testing::TestCounty;

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field);
  return out;
}

struct Fixture {
  TestCounty t;
  HouseholdRegistry reg{*t.db, DefaultCodeSets(), *t.org_units};

  // A resident of `village`, in `household` when non-zero.
  int64_t Resident(const std::string& name, int sequence, const std::string& village,
                   int64_t household = 0) {
    auto r = TestCounty::Person(name, TestCounty::Id("1960-01-01", sequence), village);
    if (household) {
      r.household_id = household;
      r.household_relation = "02";
    }
    auto created = t.residents->Create(r);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->resident.id : 0;
  }
};

json At(const std::string& village, const std::string& address = "北关村1号") {
  return {{"village_code", village}, {"address", address}};
}

TEST(HouseholdRegistryTest, TheVillageMustBeAnActiveVillage) {
  Fixture x;
  auto h = x.reg.Create(At(TestCounty::kVillageA1));
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_GT(h->household.id, 0);
  EXPECT_EQ(h->household.version, 1);
  EXPECT_TRUE(h->members.empty());
  json j = HouseholdToJson(h->household, x.t.org_units->tree().get());
  EXPECT_EQ(j["village_name"], "北关村");
  EXPECT_EQ(j["address"], "北关村1号");
  EXPECT_TRUE(j["head_resident_id"].is_null());

  EXPECT_EQ(Fields(x.reg.Create(At("")).status()), std::vector<std::string>{"village_code"});
  EXPECT_EQ(Fields(x.reg.Create(At(TestCounty::kTownA)).status()),
            std::vector<std::string>{"village_code"});
  EXPECT_EQ(Fields(x.reg.Create(At("140423100299")).status()),
            std::vector<std::string>{"village_code"});
  json unknown = At(TestCounty::kVillageA1);
  unknown["members_count"] = 3;
  EXPECT_EQ(Fields(x.reg.Create(unknown).status()), std::vector<std::string>{"members_count"});
  EXPECT_TRUE(x.reg.List({})->items.size() == 1u);
}

TEST(HouseholdRegistryTest, AMergedVillageTakesNoNewHouseholds) {
  Fixture x;
  auto old = x.reg.Create(At(TestCounty::kVillageA2));
  ASSERT_TRUE(old.ok());
  auto merged = x.t.org_units->Merge(TestCounty::kVillageA2, TestCounty::kVillageA1,
                                     *Date::FromYmd(2024, 1, 1), 1);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  // The merge moved the household to the successor village.
  auto moved = x.reg.Get(old->household.id);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->household.village_code, TestCounty::kVillageA1);
  EXPECT_EQ(Fields(x.reg.Create(At(TestCounty::kVillageA2)).status()),
            std::vector<std::string>{"village_code"});
}

TEST(HouseholdRegistryTest, TheHeadIsAnActiveResidentOfTheVillage) {
  Fixture x;
  auto h1 = x.reg.Create(At(TestCounty::kVillageA1));
  ASSERT_TRUE(h1.ok());
  int64_t member = x.Resident("王建国", 3, TestCounty::kVillageA1, h1->household.id);
  int64_t loner = x.Resident("李秀英", 5, TestCounty::kVillageA1);
  int64_t elsewhere = x.Resident("张伟", 7, TestCounty::kVillageB1);

  json with_head = At(TestCounty::kVillageA1);
  with_head["head_resident_id"] = loner;
  auto h2 = x.reg.Create(with_head);
  ASSERT_TRUE(h2.ok()) << h2.status().ToString();
  EXPECT_EQ(h2->household.head_resident_id, loner);

  with_head["head_resident_id"] = 4242;
  EXPECT_EQ(Fields(x.reg.Create(with_head).status()), std::vector<std::string>{"head_resident_id"});
  with_head["head_resident_id"] = elsewhere;
  auto other_village = x.reg.Create(with_head);
  EXPECT_EQ(Fields(other_village.status()), std::vector<std::string>{"head_resident_id"});
  EXPECT_NE(other_village.status().message().find(TestCounty::kVillageB1), std::string::npos);
  with_head["head_resident_id"] = member;  // belongs to household h1
  EXPECT_EQ(Fields(x.reg.Create(with_head).status()), std::vector<std::string>{"head_resident_id"});
  with_head["head_resident_id"] = 0;
  EXPECT_EQ(Fields(x.reg.Create(with_head).status()), std::vector<std::string>{"head_resident_id"});

  // A member of the household may head it; the 户主 (relation 02) already
  // became its head when the record was created, which made version 2.
  EXPECT_EQ(x.reg.Get(h1->household.id)->household.head_resident_id, member);
  auto headed = x.reg.Update(h1->household.id, {{"head_resident_id", member}}, 2);
  ASSERT_TRUE(headed.ok()) << headed.status().ToString();
  EXPECT_EQ(headed->household.head_resident_id, member);
  // Residents that moved out or died cannot head a household.
  auto gone =
      x.t.residents->Update(loner, {{"status", "moved_out"}, {"status_date", Today().ToIso()}}, 1);
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  json h3 = At(TestCounty::kVillageA1);
  h3["head_resident_id"] = loner;
  EXPECT_EQ(Fields(x.reg.Create(h3).status()), std::vector<std::string>{"head_resident_id"});
}

TEST(HouseholdRegistryTest, GetListsTheMembersWithMaskedIdNumbers) {
  Fixture x;
  auto h = x.reg.Create(At(TestCounty::kVillageA1));
  ASSERT_TRUE(h.ok());
  int64_t a = x.Resident("王建国", 3, TestCounty::kVillageA1, h->household.id);
  int64_t b = x.Resident("王小明", 5, TestCounty::kVillageA1, h->household.id);
  x.Resident("邻居", 7, TestCounty::kVillageA1);
  auto got = x.reg.Get(h->household.id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->members.size(), 2u);
  EXPECT_EQ(got->members[0].id, a);
  EXPECT_EQ(got->members[1].id, b);
  EXPECT_EQ(got->members[1].name, "王小明");
  json members = HouseholdMembersToJson(got->members, &DefaultCodeSets());
  std::string full = TestCounty::Id("1960-01-01", 3);
  EXPECT_EQ(members[0]["id_number"], MaskIdNumber(full));
  EXPECT_EQ(members[0]["id_number"].get<std::string>().find(full.substr(6, 8)), std::string::npos);
  EXPECT_EQ(members[0]["household_relation_name"], "户主");
  EXPECT_EQ(members[0]["record_no"], "14042310020100001");
  EXPECT_EQ(x.reg.Get(h->household.id + 1).status().code(), Status::Code::kNotFound);
}

TEST(HouseholdRegistryTest, UpdatesAreOptimisticAndKeepMembersInTheVillage) {
  Fixture x;
  auto h = x.reg.Create(At(TestCounty::kVillageA1));
  auto empty = x.reg.Create(At(TestCounty::kVillageA1, "北关村2号"));
  ASSERT_TRUE(h.ok() && empty.ok());
  // The 户主 became the head, which changed the household (version 2).
  x.Resident("王建国", 3, TestCounty::kVillageA1, h->household.id);
  auto u = x.reg.Update(h->household.id, {{"address", "北关村3号"}, {"version", 2}}, 2);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->household.version, 3);
  EXPECT_EQ(u->household.head_resident_id.value_or(0), u->members.at(0).id);
  EXPECT_EQ(u->members.size(), 1u);
  EXPECT_EQ(x.reg.Update(h->household.id, {{"address", "x"}}, 2).status().code(),
            Status::Code::kPreconditionFailed);
  // Its members live in the village: the household cannot move without them.
  auto move = x.reg.Update(h->household.id, {{"village_code", TestCounty::kVillageB1}}, 3);
  EXPECT_EQ(Fields(move.status()), (std::vector<std::string>{"village_code", "head_resident_id"}));
  auto moved = x.reg.Update(empty->household.id, {{"village_code", TestCounty::kVillageB1}}, 1);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->household.village_code, TestCounty::kVillageB1);
  EXPECT_EQ(x.reg.Update(4242, {{"address", "x"}}, 1).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(x.reg.Get(h->household.id)->household.address, "北关村3号");
}

TEST(HouseholdRegistryTest, ListByVillageRangesWithPaging) {
  Fixture x;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(x.reg.Create(At(TestCounty::kVillageA1)).ok());
    ASSERT_TRUE(x.reg.Create(At(TestCounty::kVillageA2)).ok());
    ASSERT_TRUE(x.reg.Create(At(TestCounty::kVillageB1)).ok());
  }
  household_store::Query q;
  q.ranges = x.t.org_units->tree()->CodeRanges(TestCounty::kTownA);
  auto town_a = x.reg.List(q);
  ASSERT_TRUE(town_a.ok());
  EXPECT_EQ(town_a->items.size(), 6u);
  q.ranges = x.t.org_units->tree()->CodeRanges(TestCounty::kVillageB1);
  EXPECT_EQ(x.reg.List(q)->items.size(), 3u);
  household_store::Query paged;
  paged.page_size = 4;
  auto p1 = x.reg.List(paged);
  paged.page = 3;
  auto p3 = x.reg.List(paged);
  ASSERT_TRUE(p1.ok() && p3.ok());
  EXPECT_TRUE(p1->has_more);
  EXPECT_EQ(p3->items.size(), 1u);
  EXPECT_FALSE(p3->has_more);
  EXPECT_LT(p1->items[0].id, p1->items[1].id);
  paged.page_size = 500;
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

TEST(HouseholdRegistryTest, Routes) {
  Fixture x;
  http::Router router;
  ApiHarness api(x.t);
  api::RegisterHouseholdRoutes(router, api.ctx());
  http::Request post = Make("POST", "/api/v1/households", At(TestCounty::kVillageA1));
  http::Response created = router.Dispatch(post);
  ASSERT_EQ(created.status, 201) << created.body;
  json h = json::parse(created.body);
  int64_t id = h["id"].get<int64_t>();
  std::string self = "/api/v1/households/" + std::to_string(id);
  EXPECT_EQ(created.Header("Location"), self);
  EXPECT_EQ(h["members"], json::array());
  int64_t head = x.Resident("王建国", 3, TestCounty::kVillageA1, id);
  auto [got_status, got] = Call(router, Make("GET", self));
  ASSERT_EQ(got_status, 200);
  ASSERT_EQ(got["members"].size(), 1u);
  EXPECT_EQ(got["members"][0]["id_number"], MaskIdNumber(TestCounty::Id("1960-01-01", 3)));
  EXPECT_EQ(got["village_name"], "北关村");
  auto [patched, patched_body] =
      Call(router, Make("PATCH", self, {{"head_resident_id", head}}, "2"));  // 户主 made v2
  ASSERT_EQ(patched, 200) << patched_body;
  EXPECT_EQ(patched_body["head_resident_id"], head);
  auto [list_status, list] =
      Call(router, Make("GET", "/api/v1/households?ou=" + std::string(TestCounty::kTownB)));
  EXPECT_EQ(list_status, 200);
  EXPECT_EQ(list["items"].size(), 0u);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/households?ou=140423100000")).second["items"].size(),
            1u);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/households?page=x")).first, 400);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/households/-1")).first, 400);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/households/" + std::to_string(id + 1))).first, 404);
  EXPECT_EQ(Call(router, Make("POST", "/api/v1/households", At("140423100000"))).first, 400);
}

std::string Export(storage::Database& db, const std::string& kind) {
  std::ostringstream out;
  ExportOptions opt;
  opt.kind = kind;
  auto n = RunExport(db, out, opt);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return out.str();
}

void Import(TestCounty& t, const std::string& kind, const std::string& text) {
  std::istringstream in(text);
  ImportOptions opt;
  opt.kind = kind;
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rejected, 0) << (report->rejections.empty() ? ""
                                                                : report->rejections[0].message);
}

TEST(HouseholdRegistryTest, CsvRoundTripKeepsIdsSoResidentsFollow) {
  Fixture a;
  auto h1 = a.reg.Create(At(TestCounty::kVillageA1, "北关村\"东\"1号, 后院"));
  auto h2 = a.reg.Create(At(TestCounty::kVillageB1, ""));
  ASSERT_TRUE(h1.ok() && h2.ok());
  a.Resident("王建国", 3, TestCounty::kVillageB1, h2->household.id);
  a.Resident("王小明", 5, TestCounty::kVillageB1, h2->household.id);

  std::string households = Export(*a.t.db, "households");
  Fixture b;
  ASSERT_TRUE(b.reg.Create(At(TestCounty::kVillageA2)).ok());  // id 1 is taken in b
  std::istringstream clash(households);
  ImportOptions opt;
  opt.kind = "households";
  auto refused = RunImport(*b.t.db, *b.t.org_units, *b.t.residents, clash, opt, nullptr);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->rejected, 1);
  EXPECT_EQ(refused->rejections[0].fields.at(0).field, "id");

  Fixture c;
  Import(c.t, "households", households);
  Import(c.t, "residents", Export(*a.t.db, "residents"));
  for (int64_t id : {h1->household.id, h2->household.id}) {
    auto ha = a.reg.Get(id), hc = c.reg.Get(id);
    ASSERT_TRUE(ha.ok() && hc.ok());
    EXPECT_EQ(HouseholdToJson(ha->household, nullptr), HouseholdToJson(hc->household, nullptr));
    ASSERT_EQ(ha->members.size(), hc->members.size());
    for (size_t i = 0; i < ha->members.size(); ++i) {
      EXPECT_EQ(ha->members[i].id_number, hc->members[i].id_number);
    }
  }
  EXPECT_EQ(Export(*c.t.db, "households"), households);
}

}  // namespace
}  // namespace yilian
