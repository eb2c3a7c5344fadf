#include "practitioner/practitioner_registry.h"

#include <sstream>

#include <gtest/gtest.h>

#include "api/registry_routes.h"
#include "core/url.h"
#include "facility/facility_registry.h"
#include "http/router.h"
#include "practitioner/practitioner_json.h"
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
  FacilityRegistry facilities{*t.db, DefaultCodeSets(), *t.org_units};
  PractitionerRegistry reg{*t.db, DefaultCodeSets(), *t.org_units};
  int64_t center = 0, clinic = 0;

  Fixture() {
    auto c = facilities.Create({{"code", "T1"},
                                {"name", "古韩镇卫生院"},
                                {"type", "township_health_center"},
                                {"org_unit_code", TestCounty::kTownA},
                                {"beds", 30}});
    auto v = facilities.Create({{"code", "V1"},
                                {"name", "西营村卫生室"},
                                {"type", "village_clinic"},
                                {"org_unit_code", TestCounty::kVillageB1}});
    EXPECT_TRUE(c.ok() && v.ok());
    center = c->id;
    clinic = v->id;
  }

  json Doctor(const std::string& name, const std::string& id_number, const std::string& licence) {
    return {{"name", name},          {"id_number", id_number}, {"role", "physician"},
            {"facility_id", center}, {"licence_no", licence},  {"phone", "13812345678"}};
  }
};

TEST(PractitionerRegistryTest, SexAndBirthDateComeFromTheIdNumber) {
  Fixture x;
  auto p = x.reg.Create(x.Doctor("王医生", TestCounty::Id("1980-05-06", 3), "110001"));
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->sex, "1");
  EXPECT_EQ(p->birth_date, Date::FromYmd(1980, 5, 6));
  EXPECT_EQ(p->version, 1);
  // A lower-case x and a legacy 15-digit number are normalised.
  std::string with_x;
  for (int seq = 2; with_x.empty(); seq += 2) {
    std::string id = TestCounty::Id("1985-02-03", seq);
    if (id.back() == 'X') with_x = id;
  }
  std::string lower = with_x.substr(0, 17) + "x";
  auto q = x.reg.Create(x.Doctor("李护士", lower, ""));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->id_number, with_x);
  EXPECT_EQ(q->sex, "2");
  auto legacy = x.reg.Create(x.Doctor("赵医生", "140423700101123", ""));
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy->id_number.size(), 18u);
  EXPECT_EQ(legacy->id_number.substr(0, 12), "140423197001");
  EXPECT_EQ(legacy->birth_date, Date::FromYmd(1970, 1, 1));
  // Derived fields sent by a client are ignored, not trusted.
  json body = x.Doctor("钱医生", TestCounty::Id("1990-01-01", 5), "");
  body["sex"] = "2";
  body["birth_date"] = "2000-01-01";
  auto r = x.reg.Create(body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sex, "1");
  EXPECT_EQ(r->birth_date, Date::FromYmd(1990, 1, 1));
}

TEST(PractitionerRegistryTest, CreateRefusesEveryBrokenRule) {
  Fixture x;
  std::string good = TestCounty::Id("1980-05-06", 3);
  std::string bad_check = good.substr(0, 17) + (good.back() == '0' ? "1" : "0");
  struct Case {
    const char* field;
    json value;
  };
  for (const auto& [field, value] : std::vector<Case>{{"id_number", bad_check},
                                                      {"id_number", "12345"},
                                                      {"id_number", ""},
                                                      {"role", "surgeon"},
                                                      {"role", ""},
                                                      {"facility_id", 999},
                                                      {"phone", "555"},
                                                      {"name", " "},
                                                      {"status", "retired"}}) {
    json body = x.Doctor("王医生", good, "");
    body[field] = value;
    auto p = x.reg.Create(body);
    ASSERT_EQ(p.status().code(), Status::Code::kInvalidArgument) << field;
    EXPECT_EQ(Fields(p.status()), std::vector<std::string>{field}) << p.status().ToString();
  }
  json missing = x.Doctor("王医生", good, "");
  missing.erase("facility_id");
  EXPECT_EQ(Fields(x.reg.Create(missing).status()), std::vector<std::string>{"facility_id"});
  json unknown = x.Doctor("王医生", good, "");
  unknown["title"] = "主任";
  EXPECT_EQ(Fields(x.reg.Create(unknown).status()), std::vector<std::string>{"title"});
  EXPECT_TRUE(x.reg.List({})->items.empty());
}

TEST(PractitionerRegistryTest, IdNumberAndLicenceAreUnique) {
  Fixture x;
  std::string id = TestCounty::Id("1980-05-06", 3);
  auto a = x.reg.Create(x.Doctor("王医生", id, "110001"));
  ASSERT_TRUE(a.ok());
  std::string existing = std::to_string(a->id);
  // The same person again, even with a legacy number, names the existing record.
  auto again = x.reg.Create(x.Doctor("王医生", id.substr(0, 6) + id.substr(8, 9), "110002"));
  ASSERT_EQ(again.status().code(), Status::Code::kConflict) << again.status().ToString();
  EXPECT_EQ(Fields(again.status()), std::vector<std::string>{"id_number"});
  EXPECT_NE(again.status().message().find("practitioner " + existing), std::string::npos);
  ASSERT_EQ(again.status().details().size(), 1u);
  EXPECT_EQ(again.status().details()[0], std::make_pair(std::string("existing_id"), existing));
  // Licence numbers are unique when given; empty ones are not compared.
  auto licence = x.reg.Create(x.Doctor("李医生", TestCounty::Id("1981-01-01", 5), "110001"));
  ASSERT_EQ(licence.status().code(), Status::Code::kConflict);
  EXPECT_EQ(Fields(licence.status()), std::vector<std::string>{"licence_no"});
  EXPECT_EQ(licence.status().details()[0].second, existing);
  auto b = x.reg.Create(x.Doctor("张公卫", TestCounty::Id("1982-01-01", 5), ""));
  auto c = x.reg.Create(x.Doctor("赵公卫", TestCounty::Id("1983-01-01", 5), ""));
  ASSERT_TRUE(b.ok() && c.ok());
  // An update may not take another's keys either.
  auto take = x.reg.Update(b->id, {{"licence_no", "110001"}}, 1);
  EXPECT_EQ(take.status().code(), Status::Code::kConflict);
  auto take_id = x.reg.Update(b->id, {{"id_number", id}}, 1);
  EXPECT_EQ(take_id.status().code(), Status::Code::kConflict);
  EXPECT_EQ(take_id.status().details()[0].second, existing);
}

TEST(PractitionerRegistryTest, UpdatesAreOptimisticAndRederiveFromTheIdNumber) {
  Fixture x;
  auto p = x.reg.Create(x.Doctor("王医生", TestCounty::Id("1980-05-06", 3), "110001"));
  ASSERT_TRUE(p.ok());
  std::string corrected = TestCounty::Id("1979-12-30", 4);
  auto u = x.reg.Update(p->id, {{"id_number", corrected}, {"facility_id", x.clinic}}, 1);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(u->sex, "2");
  EXPECT_EQ(u->birth_date, Date::FromYmd(1979, 12, 30));
  EXPECT_EQ(u->facility_id, x.clinic);
  EXPECT_EQ(x.reg.Update(p->id, {{"phone", ""}}, 1).status().code(),
            Status::Code::kPreconditionFailed);
  EXPECT_EQ(Fields(x.reg.Update(p->id, {{"facility_id", 4242}}, 2).status()),
            std::vector<std::string>{"facility_id"});
  EXPECT_EQ(x.reg.Update(p->id + 100, {{"phone", ""}}, 1).status().code(), Status::Code::kNotFound);
  auto left = x.reg.Update(p->id, {{"status", "left"}}, 2);
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  auto now = x.reg.Get(p->id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->status, "left");
  EXPECT_EQ(now->version, 3);
  EXPECT_EQ(x.reg.Get(p->id + 100).status().code(), Status::Code::kNotFound);
}

TEST(PractitionerRegistryTest, ListsMaskIdNumbersAndFilter) {
  Fixture x;
  const char* names[] = {"王一", "王二", "李三", "张四", "王五"};
  for (int i = 0; i < 5; ++i) {
    json body = x.Doctor(names[i], TestCounty::Id("1980-01-01", 2 * i + 1), "");
    if (i >= 3) body["facility_id"] = x.clinic;
    if (i == 1) body["role"] = "nurse";
    ASSERT_TRUE(x.reg.Create(body).ok());
  }
  practitioner_store::Query q;
  q.name_prefix = "王";
  auto wang = x.reg.List(q);
  ASSERT_TRUE(wang.ok());
  ASSERT_EQ(wang->items.size(), 3u);
  EXPECT_EQ(wang->items[2].name, "王五");
  q.role = "nurse";
  EXPECT_EQ(x.reg.List(q)->items.size(), 1u);
  practitioner_store::Query at_clinic;
  at_clinic.facility_id = x.clinic;
  EXPECT_EQ(x.reg.List(at_clinic)->items.size(), 2u);
  practitioner_store::Query in_town_a;
  in_town_a.ranges = x.t.org_units->tree()->CodeRanges(TestCounty::kTownA);
  EXPECT_EQ(x.reg.List(in_town_a)->items.size(), 3u);
  practitioner_store::Query paged;
  paged.page_size = 2;
  paged.page = 3;
  auto last = x.reg.List(paged);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->items.size(), 1u);
  EXPECT_FALSE(last->has_more);
  paged.page = 0;
  EXPECT_EQ(Fields(x.reg.List(paged).status()), std::vector<std::string>{"page"});

  const Practitioner& p = wang->items[0];
  json masked = PractitionerToJson(p, &DefaultCodeSets(), true);
  json full = PractitionerToJson(p, &DefaultCodeSets(), false);
  EXPECT_EQ(masked["id_number"], MaskIdNumber(p.id_number));
  EXPECT_NE(masked["id_number"], p.id_number);
  EXPECT_EQ(full["id_number"], p.id_number);
  EXPECT_EQ(full["role_name"], "执业医师");
  EXPECT_EQ(full["sex_name"], "男性");
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

TEST(PractitionerRegistryTest, Routes) {
  Fixture x;
  http::Router router;
  ApiHarness api(x.t);
  api::RegisterPractitionerRoutes(router, api.ctx());
  std::string id = TestCounty::Id("1980-05-06", 3);
  http::Request post = Make("POST", "/api/v1/practitioners", x.Doctor("王医生", id, "110001"));
  http::Response created = router.Dispatch(post);
  ASSERT_EQ(created.status, 201) << created.body;
  json p = json::parse(created.body);
  std::string self = "/api/v1/practitioners/" + std::to_string(p["id"].get<int64_t>());
  EXPECT_EQ(created.Header("Location"), self);
  EXPECT_EQ(p["id_number"], id);
  // Lists mask the ID number; the single record shows it.
  auto [list_status, list] =
      Call(router, Make("GET", "/api/v1/practitioners?role=physician&name=%E7%8E%8B&ou=" +
                                   std::string(TestCounty::kTownA)));
  ASSERT_EQ(list_status, 200) << list;
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id_number"], MaskIdNumber(id));
  EXPECT_EQ(Call(router, Make("GET", self)).second["id_number"], id);
  EXPECT_EQ(
      Call(router, Make("GET", "/api/v1/practitioners?facility_id=" + std::to_string(x.clinic)))
          .second["items"]
          .size(),
      0u);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/practitioners?role=chef")).first, 400);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/practitioners?page=0")).first, 400);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/practitioners/x1")).first, 400);
  EXPECT_EQ(Call(router, Make("GET", "/api/v1/practitioners/77")).first, 404);
  auto [dup_status, dup] =
      Call(router, Make("POST", "/api/v1/practitioners", x.Doctor("王医生", id, "")));
  EXPECT_EQ(dup_status, 409);
  EXPECT_EQ(dup["error"]["existing_id"], std::to_string(p["id"].get<int64_t>()));
  EXPECT_EQ(Call(router, Make("PATCH", self, {{"phone", ""}})).first, 400);
  EXPECT_EQ(Call(router, Make("PATCH", self, {{"phone", ""}}, "\"1\"")).first, 200);
  EXPECT_EQ(Call(router, Make("PATCH", self, {{"phone", ""}}, "\"1\"")).first, 412);
}

std::string Export(storage::Database& db, const std::string& kind) {
  std::ostringstream out;
  ExportOptions opt;
  opt.kind = kind;
  auto n = RunExport(db, out, opt);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return out.str();
}

void Import(TestCounty& t, const std::string& kind, const std::string& text,
            const std::string& format = "csv") {
  std::istringstream in(text);
  ImportOptions opt;
  opt.kind = kind;
  opt.format = format;
  auto report = RunImport(*t.db, *t.org_units, *t.residents, in, opt, nullptr);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rejected, 0) << (report->rejections.empty() ? ""
                                                                : report->rejections[0].message);
}

TEST(PractitionerRegistryTest, CsvAndNdjsonRoundTrip) {
  Fixture a;
  ASSERT_TRUE(a.reg.Create(a.Doctor("王医生", TestCounty::Id("1980-05-06", 3), "110001")).ok());
  json nurse = a.Doctor("李,护士", TestCounty::Id("1990-07-08", 4), "");
  nurse["role"] = "nurse";
  nurse["facility_id"] = a.clinic;
  nurse["phone"] = "";
  ASSERT_TRUE(a.reg.Create(nurse).ok());
  auto gone = a.reg.Create(a.Doctor("赵医生", TestCounty::Id("1960-01-01", 5), "110003"));
  ASSERT_TRUE(gone.ok());
  ASSERT_TRUE(a.reg.Update(gone->id, {{"status", "left"}}, 1).ok());

  for (const std::string format : {"csv", "ndjson"}) {
    Fixture b;  // its two facilities get the same ids as a's
    std::ostringstream out;
    ExportOptions opt;
    opt.kind = "practitioners";
    opt.format = format;
    ASSERT_TRUE(RunExport(*a.t.db, out, opt).ok());
    Import(b.t, "practitioners", out.str(), format);
    auto la = a.reg.List({}), lb = b.reg.List({});
    ASSERT_EQ(la->items.size(), 3u);
    ASSERT_EQ(lb->items.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
      json ja = PractitionerToJson(la->items[i], nullptr, false);
      json jb = PractitionerToJson(lb->items[i], nullptr, false);
      ja.erase("version");
      jb.erase("version");
      EXPECT_EQ(ja, jb) << format;
    }
    if (format == "csv") {
      EXPECT_EQ(Export(*b.t.db, "practitioners"), out.str());
    }
  }
}

}  // namespace
}  // namespace yilian
