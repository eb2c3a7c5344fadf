#include "auth/principal.h"

#include <gtest/gtest.h>

#include "testing/test_county.h"

namespace yilian::auth {
namespace {

using testing::TestCounty;
using Ranges = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kProvince = "140000000000";
constexpr const char* kCity = "140400000000";

Principal WithScope(std::vector<std::string> view, std::vector<std::string> capture = {}) {
  Principal p;
  p.user_id = 7;
  p.username = "p";
  p.role = "tester";
  p.view_scope = std::move(view);
  p.capture_scope = std::move(capture);
  return p;
}

TEST(PrincipalTest, RequireNamesThePermission) {
  Principal p = WithScope({});
  p.permissions = {Permission::kResidentRead};
  EXPECT_TRUE(p.Can(Permission::kResidentRead));
  EXPECT_TRUE(p.Require(Permission::kResidentRead).ok());
  Status s = p.Require(Permission::kResidentWrite);
  EXPECT_EQ(s.code(), Status::Code::kPermissionDenied);
  EXPECT_NE(s.message().find("resident.write"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("tester"), std::string::npos) << s.ToString();
  Principal local = Principal::Local("cli");
  EXPECT_EQ(local.via, Principal::Via::kLocal);
  EXPECT_EQ(local.username, "cli");
  EXPECT_TRUE(local.permissions.empty());
}

TEST(PrincipalTest, VillageScope) {
  TestCounty t;
  auto tree = t.org_units->tree();
  Principal p = WithScope({TestCounty::kVillageA1}, {TestCounty::kVillageA1});
  EXPECT_TRUE(p.Sees(*tree, TestCounty::kVillageA1));
  EXPECT_TRUE(p.Captures(*tree, TestCounty::kVillageA1));
  for (const char* other : {TestCounty::kVillageA2, TestCounty::kVillageB1, TestCounty::kTownA,
                            TestCounty::kCounty, kProvince, "999999999999", ""}) {
    EXPECT_FALSE(p.Sees(*tree, other)) << other;
    EXPECT_FALSE(p.Captures(*tree, other)) << other;
  }
}

TEST(PrincipalTest, TownScopeWithNarrowerCapture) {
  TestCounty t;
  auto tree = t.org_units->tree();
  Principal p = WithScope({TestCounty::kTownA}, {TestCounty::kVillageA2});
  for (const char* in : {TestCounty::kTownA, TestCounty::kVillageA1, TestCounty::kVillageA2}) {
    EXPECT_TRUE(p.Sees(*tree, in)) << in;
  }
  for (const char* out : {TestCounty::kTownB, TestCounty::kVillageB1, TestCounty::kCounty}) {
    EXPECT_FALSE(p.Sees(*tree, out)) << out;
  }
  EXPECT_TRUE(p.Captures(*tree, TestCounty::kVillageA2));
  EXPECT_FALSE(p.Captures(*tree, TestCounty::kVillageA1));
  EXPECT_FALSE(p.Captures(*tree, TestCounty::kTownA));
}

TEST(PrincipalTest, CountyScope) {
  TestCounty t;
  auto tree = t.org_units->tree();
  Principal p = WithScope({TestCounty::kCounty}, {TestCounty::kCounty});
  for (const char* in : {TestCounty::kCounty, TestCounty::kTownA, TestCounty::kTownB,
                         TestCounty::kVillageA1, TestCounty::kVillageA2, TestCounty::kVillageB1}) {
    EXPECT_TRUE(p.Sees(*tree, in)) << in;
    EXPECT_TRUE(p.Captures(*tree, in)) << in;
  }
  EXPECT_FALSE(p.Sees(*tree, kCity));
  EXPECT_FALSE(p.Sees(*tree, kProvince));
  // An empty capture scope captures nothing even where it sees.
  Principal reader = WithScope({TestCounty::kCounty});
  EXPECT_TRUE(reader.Sees(*tree, TestCounty::kVillageA1));
  EXPECT_FALSE(reader.Captures(*tree, TestCounty::kVillageA1));
}

TEST(PrincipalTest, ViewRangesInsideScopeAreTheUnitsOwn) {
  TestCounty t;
  auto tree = t.org_units->tree();
  Principal p = WithScope({TestCounty::kTownA});
  auto village = p.ViewRanges(*tree, TestCounty::kVillageA1);
  ASSERT_TRUE(village.ok()) << village.status().ToString();
  EXPECT_EQ(*village, Ranges({{"140423100201", "140423100202"}}));
  auto town = p.ViewRanges(*tree, TestCounty::kTownA);
  ASSERT_TRUE(town.ok());
  EXPECT_EQ(*town, Ranges({{"140423100000", "140423101000"}}));
  // No `ou`: the whole scope.
  auto all = p.ViewRanges(*tree, "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, *town);
}

TEST(PrincipalTest, ViewRangesAboveScopeAreTheScopeUnitsBelow) {
  TestCounty t;
  auto tree = t.org_units->tree();
  Principal p = WithScope({TestCounty::kVillageB1, TestCounty::kVillageA1});
  Ranges both = {{"140423100201", "140423100202"}, {"140423200201", "140423200202"}};
  for (const char* above : {TestCounty::kCounty, kCity, kProvince}) {
    auto r = p.ViewRanges(*tree, above);
    ASSERT_TRUE(r.ok()) << above << ": " << r.status().ToString();
    EXPECT_EQ(*r, both) << above;  // sorted
  }
  auto town = p.ViewRanges(*tree, TestCounty::kTownA);
  ASSERT_TRUE(town.ok());
  EXPECT_EQ(*town, Ranges({{"140423100201", "140423100202"}}));
  auto none = p.ViewRanges(*tree, "");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, both);
}

TEST(PrincipalTest, ViewRangesRefusesWhatIsOutOfScope) {
  TestCounty t;
  auto tree = t.org_units->tree();
  Principal p = WithScope({TestCounty::kTownA});
  for (const char* disjoint : {TestCounty::kTownB, TestCounty::kVillageB1}) {
    auto r = p.ViewRanges(*tree, disjoint);
    EXPECT_EQ(r.status().code(), Status::Code::kPermissionDenied) << disjoint;
    EXPECT_NE(r.status().message().find(disjoint), std::string::npos) << r.status().ToString();
  }
  auto unknown = p.ViewRanges(*tree, "140423999999");
  EXPECT_EQ(unknown.status().code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(unknown.status().fields().size(), 1u);
  EXPECT_EQ(unknown.status().fields()[0].field, "ou");
  auto garbage = p.ViewRanges(*tree, "x");
  EXPECT_EQ(garbage.status().code(), Status::Code::kInvalidArgument);

  Principal empty = WithScope({});
  EXPECT_EQ(empty.ViewRanges(*tree, "").status().code(), Status::Code::kPermissionDenied);
  EXPECT_EQ(empty.ViewRanges(*tree, TestCounty::kCounty).status().code(),
            Status::Code::kPermissionDenied);
  EXPECT_FALSE(empty.Sees(*tree, TestCounty::kVillageA1));
  // A scope unit that is not (or no longer) in the tree covers nothing.
  Principal stale = WithScope({"140423999999"});
  EXPECT_EQ(stale.ViewRanges(*tree, "").status().code(), Status::Code::kPermissionDenied);
  EXPECT_FALSE(stale.Sees(*tree, "140423999999"));
}

TEST(PrincipalTest, MergedVillageIsCoveredWhereItsSuccessorSits) {
  TestCounty t;
  // 西营村 (township B) is merged into 北关村 (township A).
  auto m = t.org_units->Merge(TestCounty::kVillageB1, TestCounty::kVillageA1,
                              *Date::FromYmd(2024, 1, 1), 1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto tree = t.org_units->tree();
  ASSERT_EQ(tree->Current(TestCounty::kVillageB1)->code, TestCounty::kVillageA1);

  Principal town_a = WithScope({TestCounty::kTownA}, {TestCounty::kTownA});
  EXPECT_TRUE(town_a.Sees(*tree, TestCounty::kVillageB1));
  EXPECT_TRUE(town_a.Captures(*tree, TestCounty::kVillageB1));
  EXPECT_TRUE(town_a.ViewRanges(*tree, TestCounty::kVillageB1).ok());
  Principal village = WithScope({TestCounty::kVillageA1});
  EXPECT_TRUE(village.Sees(*tree, TestCounty::kVillageB1));
  // The merged village's history stays under its old township.
  Principal town_b = WithScope({TestCounty::kTownB});
  EXPECT_TRUE(town_b.Sees(*tree, TestCounty::kVillageB1));
  EXPECT_FALSE(town_b.Sees(*tree, TestCounty::kVillageA1));
  // Neither township sees the other's surviving villages.
  EXPECT_FALSE(town_a.Sees(*tree, TestCounty::kTownB));
  Principal other = WithScope({TestCounty::kVillageA2});
  EXPECT_FALSE(other.Sees(*tree, TestCounty::kVillageB1));
}

TEST(PrincipalTest, MergeWithinTheTownship) {
  TestCounty t;
  auto m = t.org_units->Merge(TestCounty::kVillageA2, TestCounty::kVillageA1,
                              *Date::FromYmd(2024, 1, 1), 1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto tree = t.org_units->tree();
  Principal town = WithScope({TestCounty::kTownA});
  EXPECT_TRUE(town.Sees(*tree, TestCounty::kVillageA2));
  EXPECT_TRUE(town.Sees(*tree, TestCounty::kVillageA1));
  Principal b = WithScope({TestCounty::kTownB});
  EXPECT_FALSE(b.Sees(*tree, TestCounty::kVillageA2));
}

}  // namespace
}  // namespace yilian::auth
