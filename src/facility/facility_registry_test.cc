#include "facility/facility_registry.h"

#include <sstream>

#include <gtest/gtest.h>

#include "api/registry_routes.h"
#include "core/url.h"
#include "facility/facility_json.h"
#include "http/router.h"
#include "testing/api_harness.h"
#include "testing/test_county.h"
#include "transfer/import.h"

namespace yilian {
namespace {
using nlohmann::json;
using testing::TestCounty;

struct Fixture {
  TestCounty t;
  FacilityRegistry reg{*t.db, DefaultCodeSets(), *t.org_units};
};

json Clinic(const std::string& code, const std::string& village = TestCounty::kVillageA1) {
  return {{"code", code},
          {"name", "北关村卫生室"},
          {"type", "village_clinic"},
          {"org_unit_code", village},
          {"beds", 0},
          {"phone", "0355-5551234"}};
}

// The fields a status names, in order.
std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field);
  return out;
}

TEST(FacilityRegistryTest, CreateStoresAValidFacility) {
  Fixture x;
  auto f = x.reg.Create(Clinic("140423320001"));
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_GT(f->id, 0);
  EXPECT_EQ(f->version, 1);
  EXPECT_EQ(f->status, "active");
  auto got = x.reg.Get(f->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->code, "140423320001");
  EXPECT_EQ(got->org_unit_code, TestCounty::kVillageA1);
  json j = FacilityToJson(*got, &DefaultCodeSets(), x.t.org_units->tree().get());
  EXPECT_EQ(j["type_name"], "村卫生室");
  EXPECT_EQ(j["org_unit_name"], "北关村");
  EXPECT_EQ(x.reg.Get(999).status().code(), Status::Code::kNotFound);
}

TEST(FacilityRegistryTest, CreateRefusesEveryBrokenRule) {
  Fixture x;
  struct Case {
    const char* field;
    json value;
  };
  for (const auto& [field, value] : std::vector<Case>{{"type", "hospital"},
                                                      {"type", ""},
                                                      {"org_unit_code", "140423100299"},
                                                      {"org_unit_code", ""},
                                                      {"beds", -1},
                                                      {"beds", 5001},
                                                      {"alliance_id", 7},
                                                      {"phone", "12345"},
                                                      {"status", "open"},
                                                      {"name", ""},
                                                      {"code", "has space"},
                                                      {"code", ""}}) {
    json body = Clinic("C1");
    body[field] = value;
    auto f = x.reg.Create(body);
    ASSERT_FALSE(f.ok()) << field;
    EXPECT_EQ(f.status().code(), Status::Code::kInvalidArgument) << field;
    EXPECT_EQ(Fields(f.status()), std::vector<std::string>{field}) << f.status().ToString();
  }
  // Every bad field is reported at once; unknown fields are refused.
  json body = Clinic("C1");
  body["beds"] = 9000;
  body["phone"] = 5;
  body["bed_count"] = 3;
  auto f = x.reg.Create(body);
  EXPECT_EQ(Fields(f.status()), (std::vector<std::string>{"beds", "phone", "bed_count"}));
  // Beds at the limits are fine.
  body = Clinic("C2");
  body["beds"] = 5000;
  EXPECT_TRUE(x.reg.Create(body).ok());
  // Nothing refused was written.
  auto all = x.reg.List({});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 1u);
}

TEST(FacilityRegistryTest, OrgUnitMustBeActive) {
  Fixture x;
  json center = {{"code", "T2"},
                 {"name", "善福乡卫生院"},
                 {"type", "township_health_center"},
                 {"org_unit_code", TestCounty::kTownB},
                 {"beds", 20}};
  auto kept = x.reg.Create(center);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  auto merged =
      x.t.org_units->Merge(TestCounty::kTownB, TestCounty::kTownA, *Date::FromYmd(2024, 1, 1), 1);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  center["code"] = "T3";
  auto f = x.reg.Create(center);
  EXPECT_EQ(Fields(f.status()), std::vector<std::string>{"org_unit_code"});
  // A facility of the merged township may still be edited in other fields,
  // but not moved to another inactive unit.
  auto u = x.reg.Update(kept->id, {{"beds", 25}}, 1);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->beds, 25);
  EXPECT_EQ(u->org_unit_code, TestCounty::kTownB);
  auto moved = x.reg.Update(kept->id, {{"org_unit_code", TestCounty::kTownA}}, 2);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(Fields(x.reg.Update(kept->id, {{"org_unit_code", TestCounty::kTownB}}, 3).status()),
            std::vector<std::string>{"org_unit_code"});
}

TEST(FacilityRegistryTest, CodeIsUnique) {
  Fixture x;
  auto a = x.reg.Create(Clinic("C1"));
  ASSERT_TRUE(a.ok());
  auto b = x.reg.Create(Clinic("C1", TestCounty::kVillageB1));
  ASSERT_EQ(b.status().code(), Status::Code::kConflict);
  EXPECT_EQ(Fields(b.status()), std::vector<std::string>{"code"});
  EXPECT_NE(b.status().message().find("C1"), std::string::npos);
  ASSERT_EQ(b.status().details().size(), 1u);
  EXPECT_EQ(b.status().details()[0].second, std::to_string(a->id));
  auto c = x.reg.Create(Clinic("C2"));
  ASSERT_TRUE(c.ok());
  auto clash = x.reg.Update(c->id, {{"code", "C1"}}, 1);
  EXPECT_EQ(clash.status().code(), Status::Code::kConflict);
  // Its own code is no clash.
  EXPECT_TRUE(x.reg.Update(a->id, {{"code", "C1"}, {"name", "新名"}}, 1).ok());
}

TEST(FacilityRegistryTest, UpdatesAreOptimistic) {
  Fixture x;
  auto f = x.reg.Create(Clinic("C1"));
  ASSERT_TRUE(f.ok());
  // Read-only fields sent back are ignored.
  auto u = x.reg.Update(f->id, {{"phone", "13812345678"}, {"id", 99}, {"version", 1}}, 1);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(u->id, f->id);
  auto stale = x.reg.Update(f->id, {{"phone", "13900000000"}}, 1);
  EXPECT_EQ(stale.status().code(), Status::Code::kPreconditionFailed);
  auto bad = x.reg.Update(f->id, {{"beds", 6000}}, 2);
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(x.reg.Update(12345, {{"beds", 1}}, 1).status().code(), Status::Code::kNotFound);
  auto now = x.reg.Get(f->id);
  EXPECT_EQ(now->phone, "13812345678");
  EXPECT_EQ(now->version, 2);
}

TEST(FacilityRegistryTest, AllianceRules) {
  Fixture x;
  auto hospital = x.reg.Create({{"code", "H1"},
                                {"name", "襄垣县人民医院"},
                                {"type", "county_hospital"},
                                {"org_unit_code", TestCounty::kCounty},
                                {"beds", 500}});
  ASSERT_TRUE(hospital.ok()) << hospital.status().ToString();
  // The lead must be a facility; the alliance serves a city or county.
  auto no_lead = x.reg.CreateAlliance({{"name", "襄垣县医疗集团"},
                                       {"org_unit_code", TestCounty::kCounty},
                                       {"lead_facility_id", 77}});
  EXPECT_EQ(Fields(no_lead.status()), std::vector<std::string>{"lead_facility_id"});
  auto village =
      x.reg.CreateAlliance({{"name", "村级"}, {"org_unit_code", TestCounty::kVillageA1}});
  EXPECT_EQ(Fields(village.status()), std::vector<std::string>{"org_unit_code"});
  auto missing = x.reg.CreateAlliance({{"name", "x"}, {"org_unit_code", "140423999000"}});
  EXPECT_EQ(Fields(missing.status()), std::vector<std::string>{"org_unit_code"});

  // Naming an unaffiliated facility as lead enrols it.
  auto a = x.reg.CreateAlliance({{"name", "襄垣县医疗集团"},
                                 {"org_unit_code", TestCounty::kCounty},
                                 {"lead_facility_id", hospital->id}});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->lead_facility_id, hospital->id);
  auto lead = x.reg.Get(hospital->id);
  EXPECT_EQ(lead->alliance_id, a->id);
  EXPECT_EQ(lead->version, 2);

  // Facilities join an existing alliance only.
  json member = Clinic("C1");
  member["alliance_id"] = a->id;
  auto m = x.reg.Create(member);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  member = Clinic("C2");
  member["alliance_id"] = a->id + 1;
  EXPECT_EQ(Fields(x.reg.Create(member).status()), std::vector<std::string>{"alliance_id"});

  // A member of another alliance cannot lead this one.
  auto other = x.reg.CreateAlliance({{"name", "另一集团"}, {"org_unit_code", "140400000000"}});
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto steal = x.reg.UpdateAlliance(other->id, {{"lead_facility_id", m->id}}, 1);
  EXPECT_EQ(Fields(steal.status()), std::vector<std::string>{"lead_facility_id"});
  // The lead cannot leave its alliance; others may.
  auto leave = x.reg.Update(hospital->id, {{"alliance_id", nullptr}}, 2);
  EXPECT_EQ(Fields(leave.status()), std::vector<std::string>{"alliance_id"});
  auto left = x.reg.Update(m->id, {{"alliance_id", nullptr}}, 1);
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_FALSE(left->alliance_id.has_value());
  // Change the lead, then the old lead may leave.
  auto relead = x.reg.UpdateAlliance(a->id, {{"lead_facility_id", m->id}}, 1);
  ASSERT_TRUE(relead.ok()) << relead.status().ToString();
  EXPECT_EQ(relead->version, 2);
  EXPECT_EQ(x.reg.Get(m->id)->alliance_id, a->id);
  EXPECT_TRUE(x.reg.Update(hospital->id, {{"alliance_id", nullptr}}, 2).ok());
  EXPECT_EQ(x.reg.UpdateAlliance(a->id, {{"name", "x"}}, 1).status().code(),
            Status::Code::kPreconditionFailed);
  EXPECT_EQ(x.reg.GetAlliance(999).status().code(), Status::Code::kNotFound);
}

TEST(FacilityRegistryTest, ListFiltersAndPages) {
  Fixture x;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(x.reg.Create(Clinic("A" + std::to_string(i))).ok());
    ASSERT_TRUE(x.reg.Create(Clinic("B" + std::to_string(i), TestCounty::kVillageB1)).ok());
  }
  json center = {{"code", "T1"},
                 {"name", "古韩镇卫生院"},
                 {"type", "township_health_center"},
                 {"org_unit_code", TestCounty::kTownA},
                 {"beds", 30}};
  ASSERT_TRUE(x.reg.Create(center).ok());
  facility_store::Query q;
  q.ranges = x.t.org_units->tree()->CodeRanges(TestCounty::kTownA);
  auto in_a = x.reg.List(q);
  ASSERT_TRUE(in_a.ok());
  EXPECT_EQ(in_a->items.size(), 6u);
  q.type = "village_clinic";
  EXPECT_EQ(x.reg.List(q)->items.size(), 5u);
  facility_store::Query paged;
  paged.page_size = 4;
  std::vector<int64_t> ids;
  for (int page = 1; page <= 3; ++page) {
    paged.page = page;
    auto p = x.reg.List(paged);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->has_more, page < 3);
    for (const auto& f : p->items) ids.push_back(f.id);
  }
  ASSERT_EQ(ids.size(), 11u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  paged.page_size = 201;
  EXPECT_EQ(Fields(x.reg.List(paged).status()), std::vector<std::string>{"page_size"});
  paged.page_size = 10;
  paged.page = 0;
  EXPECT_EQ(Fields(x.reg.List(paged).status()), std::vector<std::string>{"page"});
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

std::string ErrorField(const json& body) { return body["error"]["fields"][0]["field"]; }

TEST(FacilityRegistryTest, Routes) {
  Fixture x;
  http::Router router;
  ApiHarness api(x.t);
  api::RegisterFacilityRoutes(router, api.ctx());
  http::Request post = Make("POST", "/api/v1/facilities", Clinic("C1"));
  http::Response created = router.Dispatch(post);
  ASSERT_EQ(created.status, 201) << created.body;
  json f = json::parse(created.body);
  std::string self = "/api/v1/facilities/" + std::to_string(f["id"].get<int64_t>());
  EXPECT_EQ(created.Header("Location"), self);
  EXPECT_EQ(created.Header("ETag"), "\"1\"");
  EXPECT_EQ(f["type_name"], "村卫生室");

  auto [list_status, list] = Call(router, Make("GET", "/api/v1/facilities?ou=140423100000"));
  EXPECT_EQ(list_status, 200);
  EXPECT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["page"], 1);
  EXPECT_EQ(list["page_size"], 20);
  EXPECT_EQ(list["has_more"], false);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/facilities?ou=140423200000")).second["items"].size(),
            0u);
  auto [bad_size, bad_size_body] = Call(router, Make("GET", "/api/v1/facilities?page_size=0"));
  EXPECT_EQ(bad_size, 400);
  EXPECT_EQ(ErrorField(bad_size_body), "page_size");
  EXPECT_EQ(ErrorField(Call(router, Make("GET", "/api/v1/facilities?kind=x")).second), "kind");
  EXPECT_EQ(ErrorField(Call(router, Make("GET", "/api/v1/facilities?type=spa")).second), "type");
  EXPECT_EQ(ErrorField(Call(router, Make("GET", "/api/v1/facilities?ou=99")).second), "ou");

  EXPECT_EQ(Call(router, Make("GET", self)).first, 200);
  auto [bad_id, bad_id_body] = Call(router, Make("GET", "/api/v1/facilities/abc"));
  EXPECT_EQ(bad_id, 400);
  EXPECT_EQ(ErrorField(bad_id_body), "id");
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/facilities/0")).first, 400);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/facilities/999")).first, 404);

  // PATCH needs the version read.
  auto [no_version, no_version_body] = Call(router, Make("PATCH", self, {{"beds", 1}}));
  EXPECT_EQ(no_version, 400);
  EXPECT_EQ(ErrorField(no_version_body), "If-Match");
  auto [patched, patched_body] = Call(router, Make("PATCH", self, {{"beds", 1}}, "\"1\""));
  EXPECT_EQ(patched, 200);
  EXPECT_EQ(patched_body["version"], 2);
  EXPECT_EQ(Call(router, Make("PATCH", self, {{"beds", 2}}, "\"1\"")).first, 412);
  EXPECT_EQ(Call(router, Make("PATCH", self, {{"beds", 2}, {"version", 2}})).first, 200);
  EXPECT_EQ(Call(router, Make("POST", "/api/v1/facilities", Clinic("C1"))).first, 409);
  EXPECT_EQ(Call(router, Make("PATCH", "/api/v1/facilities/999", {{"beds", 2}}, "1")).first, 404);

  auto [alliance_status, alliance] =
      Call(router, Make("POST", "/api/v1/alliances",
                        {{"name", "襄垣县医疗集团"}, {"org_unit_code", TestCounty::kCounty}}));
  ASSERT_EQ(alliance_status, 201) << alliance;
  std::string alliance_path = "/api/v1/alliances/" + std::to_string(alliance["id"].get<int64_t>());
  EXPECT_EQ(alliance["org_unit_name"], "襄垣县");
  EXPECT_EQ(Call(router, Make("GET", alliance_path)).first, 200);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/alliances?ou=140423000000")).second["items"].size(),
            1u);
  auto [lead_status, lead] =
      Call(router, Make("PATCH", alliance_path, {{"lead_facility_id", f["id"]}}, "W/\"1\""));
  EXPECT_EQ(lead_status, 200) << lead;
  EXPECT_EQ(lead["lead_facility_id"], f["id"]);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/facilities?alliance_id=" +
                                         std::to_string(alliance["id"].get<int64_t>())))
                .second["items"]
                .size(),
            1u);
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

TEST(FacilityRegistryTest, CsvRoundTrip) {
  Fixture a;
  auto hospital = a.reg.Create({{"code", "H1"},
                                {"name", "襄垣县人民医院"},
                                {"type", "county_hospital"},
                                {"org_unit_code", TestCounty::kCounty},
                                {"beds", 500},
                                {"phone", "0355-7221234"}});
  ASSERT_TRUE(hospital.ok());
  auto alliance = a.reg.CreateAlliance({{"name", "襄垣县医疗集团"},
                                        {"org_unit_code", TestCounty::kCounty},
                                        {"lead_facility_id", hospital->id}});
  ASSERT_TRUE(alliance.ok());
  ASSERT_TRUE(
      a.reg.CreateAlliance({{"name", "空集团"}, {"org_unit_code", TestCounty::kCounty}}).ok());
  json member = Clinic("C-1");
  member["name"] = "北关村\"卫生室\", 一部";  // quotes and a comma need CSV quoting
  member["alliance_id"] = alliance->id;
  ASSERT_TRUE(a.reg.Create(member).ok());
  json closed = Clinic("C-2", TestCounty::kVillageB1);
  closed["status"] = "closed";
  ASSERT_TRUE(a.reg.Create(closed).ok());

  std::string alliances = Export(*a.t.db, "alliances");
  std::string facilities = Export(*a.t.db, "facilities");
  Fixture b;
  Import(b.t, "alliances", alliances);
  Import(b.t, "facilities", facilities);

  auto list_a = a.reg.List({}), list_b = b.reg.List({});
  ASSERT_TRUE(list_a.ok() && list_b.ok());
  ASSERT_EQ(list_a->items.size(), 3u);
  ASSERT_EQ(list_b->items.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    json ja = FacilityToJson(list_a->items[i], nullptr, nullptr);
    json jb = FacilityToJson(list_b->items[i], nullptr, nullptr);
    ja.erase("version");
    jb.erase("version");
    EXPECT_EQ(ja, jb);
  }
  auto al_a = a.reg.ListAlliances({}), al_b = b.reg.ListAlliances({});
  ASSERT_EQ(al_a->items.size(), 2u);
  ASSERT_EQ(al_b->items.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(al_a->items[i].id, al_b->items[i].id);
    EXPECT_EQ(al_a->items[i].name, al_b->items[i].name);
    EXPECT_EQ(al_a->items[i].lead_facility_id, al_b->items[i].lead_facility_id);
    EXPECT_EQ(al_a->items[i].org_unit_code, al_b->items[i].org_unit_code);
  }
  // Exporting again gives the same files.
  EXPECT_EQ(Export(*b.t.db, "facilities"), facilities);
  EXPECT_EQ(Export(*b.t.db, "alliances"), alliances);
  // Importing the same file again collides on ids and codes, and writes nothing.
  std::istringstream again(facilities);
  ImportOptions opt;
  opt.kind = "facilities";
  auto report = RunImport(*b.t.db, *b.t.org_units, *b.t.residents, again, opt, nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rejected, 3);
  EXPECT_EQ(report->written, 0);
  // Ids assigned later do not collide with the imported ones.
  auto later = b.reg.Create(Clinic("C-9"));
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(later->id, list_b->items.back().id + 1);
}

TEST(FacilityRegistryTest, ImportWithoutIdsAssignsThem) {
  Fixture x;
  Import(x.t, "facilities",
         "code,name,type,org_unit_code,beds\n"
         "C1,北关村卫生室,village_clinic,140423100201,0\n"
         "C2,西营村卫生室,village_clinic,140423200201,0\n");
  auto all = x.reg.List({});
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[1].code, "C2");
  // A lead flag needs the alliance it leads.
  std::istringstream in("code,name,type,org_unit_code,alliance_lead\nC3,x,cdc,140423000000,1\n");
  ImportOptions opt;
  opt.kind = "facilities";
  auto report = RunImport(*x.t.db, *x.t.org_units, *x.t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->rejected, 1);
  EXPECT_EQ(report->rejections[0].fields.at(0).field, "alliance_lead");
}

}  // namespace
}  // namespace yilian
