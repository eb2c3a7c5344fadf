#include "orgunit/division_code.h"

#include <gtest/gtest.h>

#include "orgunit/org_tree.h"

namespace yilian {
namespace {

TEST(DivisionCodeTest, Levels) {
  EXPECT_EQ(LevelOfDivisionCode("140000000000"), 1);
  EXPECT_EQ(LevelOfDivisionCode("140400000000"), 2);
  EXPECT_EQ(LevelOfDivisionCode("140423000000"), 3);
  EXPECT_EQ(LevelOfDivisionCode("140423100000"), 4);
  EXPECT_EQ(LevelOfDivisionCode("140423100201"), 5);
  EXPECT_EQ(LevelOfDivisionCode("000000000000"), std::nullopt);
  EXPECT_EQ(LevelOfDivisionCode("14042310020"), std::nullopt);
  EXPECT_EQ(LevelOfDivisionCode("14042310020a"), std::nullopt);
  EXPECT_EQ(LevelOfDivisionCode("140023000000"), std::nullopt);  // county under no city
  EXPECT_EQ(LevelOfDivisionCode("140423000201"), std::nullopt);  // village under no township
}

TEST(DivisionCodeTest, AncestorsAndKinds) {
  EXPECT_EQ(AncestorDivisionCode("140423100201", 3), "140423000000");
  EXPECT_EQ(AncestorDivisionCode("140423100201", 4), "140423100000");
  EXPECT_EQ(DivisionKind("140423001000"), "街道");
  EXPECT_EQ(DivisionKind("140423100000"), "镇");
  EXPECT_EQ(DivisionKind("140423200000"), "乡");
  EXPECT_EQ(DivisionKind("140423100001"), "居委会");
  EXPECT_EQ(DivisionKind("140423100201"), "村委会");
  EXPECT_EQ(DivisionKind("140423000000"), "");
}

OrgUnit U(std::string code, std::string parent, std::string status = "active",
          std::string into = "") {
  return {code, "u" + code, *LevelOfDivisionCode(code), parent, status, into, {}, {}, 1};
}

TEST(OrgTreeTest, RangesFollowReparenting) {
  // Township 101 was merged into 100; its village 101201 now sits under 100.
  OrgTree tree({U("140423000000", ""), U("140423100000", "140423000000"),
                U("140423101000", "140423000000", "merged", "140423100000"),
                U("140423100201", "140423100000"), U("140423101201", "140423100000")});
  auto r = tree.CodeRanges("140423100000");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], std::make_pair(std::string("140423100000"), std::string("140423101000")));
  EXPECT_EQ(r[1], std::make_pair(std::string("140423101201"), std::string("140423101202")));
  EXPECT_TRUE(tree.IsWithin("140423101201", "140423100000"));
  EXPECT_FALSE(tree.IsWithin("140423101201", "140423101000"));
  EXPECT_EQ(tree.Current("140423101000")->code, "140423100000");
  auto county = tree.CodeRanges("140423000000");
  ASSERT_EQ(county.size(), 1u);
  EXPECT_EQ(county[0].second, "140424000000");
  EXPECT_EQ(tree.DescendantsAtLevel("140423000000", 5).size(), 2u);
  EXPECT_EQ(tree.Path("140423101201").size(), 3u);
}

}  // namespace
}  // namespace yilian
