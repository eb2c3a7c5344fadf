#include "storage/list_column.h"

#include <gtest/gtest.h>

namespace yilian::storage {
namespace {

using List = std::vector<std::string>;

TEST(ListColumnTest, RoundTrips) {
  for (const List& items : {List{}, List{"1"}, List{"1", "2"}, List{"basic", "elderly", "htn"}}) {
    EXPECT_EQ(SplitList(JoinList(items)), items) << JoinList(items);
  }
}

TEST(ListColumnTest, JoinsWithSemicolons) {
  EXPECT_EQ(JoinList({}), "");
  EXPECT_EQ(JoinList({"a"}), "a");
  EXPECT_EQ(JoinList({"a", "bc", "d"}), "a;bc;d");
}

TEST(ListColumnTest, SplitKeepsEmptyItemsBetweenSeparators) {
  // Not written by JoinList from codes, but a hand-edited value must not be
  // misread silently: an empty item stays visible to the caller's checks.
  EXPECT_EQ(SplitList("a;;b"), (List{"a", "", "b"}));
  EXPECT_EQ(SplitList("a;"), (List{"a"}));
  EXPECT_EQ(SplitList(""), List{});
}

}  // namespace
}  // namespace yilian::storage
