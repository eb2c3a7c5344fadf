#include "resident/resident_registry.h"

#include <gtest/gtest.h>

#include "testing/test_county.h"

namespace yilian {
namespace {
using testing::TestCounty;

TEST(ResidentRegistryTest, CreateAssignsRecordNumbersInOrderPerVillage) {
  TestCounty t;
  auto a = t.residents->Create(
      TestCounty::Person("王建国", TestCounty::Id("1958-03-17", 3), TestCounty::kVillageA1));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = t.residents->Create(
      TestCounty::Person("李秀英", TestCounty::Id("1962-08-05", 4), TestCounty::kVillageA1));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto c = t.residents->Create(
      TestCounty::Person("张伟", TestCounty::Id("1990-01-01", 5), TestCounty::kVillageB1));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(a->resident.record_no, "14042310020100001");
  EXPECT_EQ(b->resident.record_no, "14042310020100002");
  EXPECT_EQ(c->resident.record_no, "14042320020100001");
  EXPECT_EQ(a->resident.sex, "1");
  EXPECT_EQ(b->resident.sex, "2");
  EXPECT_EQ(a->resident.birth_date.ToIso(), "1958-03-17");
}

TEST(ResidentRegistryTest, OneResidentOneRecord) {
  TestCounty t;
  std::string id = TestCounty::Id("1958-03-17", 3);
  auto a = t.residents->Create(TestCounty::Person("王建国", id, TestCounty::kVillageA1));
  ASSERT_TRUE(a.ok());
  // The same person again, with the number in lowercase / legacy form or elsewhere.
  std::string lower = id;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(ch));
  auto b = t.residents->Create(TestCounty::Person("王建国", lower, TestCounty::kVillageB1));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), Status::Code::kConflict);
  ASSERT_FALSE(b.status().details().empty());
  EXPECT_EQ(b.status().details()[0].second, a->resident.record_no);
  // Nothing was written: the village sequence did not move.
  auto c = t.residents->Create(
      TestCounty::Person("赵六", TestCounty::Id("1970-01-01", 7), TestCounty::kVillageB1));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->resident.record_no, "14042320020100001");
}

TEST(ResidentRegistryTest, LikelyDuplicatesAreReportedAndQueued) {
  TestCounty t;
  Resident a =
      TestCounty::Person("刘桂兰", TestCounty::Id("1950-02-02", 8), TestCounty::kVillageA1);
  a.phone = "13812345678";
  ASSERT_TRUE(t.residents->Create(a).ok());
  // Same name, birth date and village but a household-register document.
  Resident b;
  b.name = "刘桂兰";
  b.id_type = "02";
  b.id_number = "HK-778";
  b.sex = "2";
  b.birth_date = *Date::FromYmd(1950, 2, 2);
  b.village_code = TestCounty::kVillageA1;
  auto created = t.residents->Create(b);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_EQ(created->possible_duplicates.size(), 1u);
  EXPECT_EQ(created->possible_duplicates[0].reason, "same_name_birth_date_village");
  // Same phone and name, different village.
  Resident c =
      TestCounty::Person("刘桂兰", TestCounty::Id("1951-03-03", 8), TestCounty::kVillageB1);
  c.phone = "13812345678";
  auto created_c = t.residents->Create(c);
  ASSERT_TRUE(created_c.ok());
  ASSERT_EQ(created_c->possible_duplicates.size(), 1u);
  EXPECT_EQ(created_c->possible_duplicates[0].reason, "same_phone_name");
  Status s = t.db->Read([&](storage::Connection& conn) {
    auto list = resident_store::ListDuplicateCandidates(conn, {}, "open", 1, 50);
    EXPECT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 2u);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok());
}

TEST(ResidentRegistryTest, StaleUpdatesAreRefused) {
  TestCounty t;
  auto a = t.residents->Create(
      TestCounty::Person("王建国", TestCounty::Id("1958-03-17", 3), TestCounty::kVillageA1));
  ASSERT_TRUE(a.ok());
  auto u1 = t.residents->Update(a->resident.id, {{"phone", "13900001111"}}, 1);
  ASSERT_TRUE(u1.ok()) << u1.status().ToString();
  EXPECT_EQ(u1->version, 2);
  EXPECT_EQ(u1->phone, "13900001111");
  auto stale = t.residents->Update(a->resident.id, {{"phone", "13900002222"}}, 1);
  EXPECT_EQ(stale.status().code(), Status::Code::kPreconditionFailed);
  auto bad = t.residents->Update(a->resident.id, {{"sex", "2"}}, 2);
  EXPECT_EQ(bad.status().code(), Status::Code::kInvalidArgument);
  auto now = t.residents->Get(a->resident.id);
  EXPECT_EQ(now->phone, "13900001111");
  EXPECT_EQ(now->version, 2);
}

TEST(ResidentRegistryTest, MergeKeepsEverythingOfBoth) {
  TestCounty t;
  auto a = t.residents->Create(
      TestCounty::Person("王建国", TestCounty::Id("1958-03-17", 3), TestCounty::kVillageA1));
  Resident dup;
  dup.name = "王建国";
  dup.id_type = "02";
  dup.id_number = "HK1";
  dup.sex = "1";
  dup.birth_date = *Date::FromYmd(1958, 3, 17);
  dup.village_code = TestCounty::kVillageA1;
  dup.phone = "13512345678";
  dup.conditions = {{"2", Date::FromYmd(2015, 4, 1)}};
  auto b = t.residents->Create(dup);
  ASSERT_TRUE(a.ok() && b.ok());
  auto m = t.residents->Merge(a->resident.id, b->resident.id, 1, 1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->kept.phone, "13512345678");
  EXPECT_TRUE(m->kept.HasCondition("2"));
  EXPECT_EQ(m->merged.status, "merged");
  EXPECT_EQ(m->merged.merged_into, a->resident.id);
  // The merged record's number still resolves, to a record pointing at the survivor.
  auto by_no = t.residents->GetByRecordNo(b->resident.record_no);
  ASSERT_TRUE(by_no.ok());
  EXPECT_EQ(by_no->merged_into, a->resident.id);
  // Merged records drop out of searches.
  resident_store::Query q;
  q.name_prefix = "王建";
  auto page = t.residents->Search(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
}

TEST(ResidentRegistryTest, SearchByEveryKeyWithStablePaging) {
  TestCounty t;
  for (int i = 0; i < 25; ++i) {
    Resident r =
        TestCounty::Person(i % 2 ? "张三" : "张四", TestCounty::Id("1980-01-01", 2 * i + 1),
                           i < 20 ? TestCounty::kVillageA1 : TestCounty::kVillageB1);
    r.phone = "1380000" + std::to_string(1000 + i);
    ASSERT_TRUE(t.residents->Create(r).ok());
  }
  resident_store::Query q;
  q.name_prefix = "张";
  q.page_size = 10;
  auto p1 = t.residents->Search(q);
  q.page = 2;
  auto p2 = t.residents->Search(q);
  q.page = 3;
  auto p3 = t.residents->Search(q);
  ASSERT_TRUE(p1.ok() && p2.ok() && p3.ok());
  EXPECT_TRUE(p1->has_more);
  EXPECT_TRUE(p2->has_more);
  EXPECT_FALSE(p3->has_more);
  EXPECT_EQ(p3->items.size(), 5u);
  EXPECT_EQ(p1->items[0].name, "张三");  // name order first, then id
  EXPECT_EQ(p3->items.back().name, "张四");
  std::set<int64_t> ids;
  for (auto* p : {&*p1, &*p2, &*p3})
    for (const auto& r : p->items) ids.insert(r.id);
  EXPECT_EQ(ids.size(), 25u);

  resident_store::Query by_ou;
  by_ou.ranges = t.org_units->tree()->CodeRanges(TestCounty::kTownB);
  auto ou = t.residents->Search(by_ou);
  EXPECT_EQ(ou->items.size(), 5u);
  resident_store::Query by_phone;
  by_phone.phone = "13800001003";
  EXPECT_EQ(t.residents->Search(by_phone)->items.size(), 1u);
  resident_store::Query by_id;
  by_id.id_number = TestCounty::Id("1980-01-01", 1);
  EXPECT_EQ(t.residents->Search(by_id)->items.size(), 1u);
  resident_store::Query bad;
  bad.page_size = 500;
  EXPECT_EQ(t.residents->Search(bad).status().code(), Status::Code::kInvalidArgument);
}

TEST(ResidentRegistryTest, VillageMergeMovesResidentsAndKeepsHistory) {
  TestCounty t;
  auto a = t.residents->Create(
      TestCounty::Person("王建国", TestCounty::Id("1958-03-17", 3), TestCounty::kVillageA2));
  ASSERT_TRUE(a.ok());
  auto m = t.org_units->Merge(TestCounty::kVillageA2, TestCounty::kVillageA1,
                              *Date::FromYmd(2024, 1, 1), 1);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->residents_moved, 1);
  auto r = t.residents->Get(a->resident.id);
  EXPECT_EQ(r->village_code, TestCounty::kVillageA1);
  EXPECT_EQ(r->record_no, "14042310020200001");  // the number never changes
  auto tree = t.org_units->tree();
  EXPECT_EQ(tree->Find(TestCounty::kVillageA2)->status, "merged");
  EXPECT_EQ(tree->Current(TestCounty::kVillageA2)->code, TestCounty::kVillageA1);
  auto history = t.org_units->History(TestCounty::kVillageA2);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().kind, "merged");
  // New records cannot be created in the merged village.
  auto refused = t.residents->Create(
      TestCounty::Person("李四", TestCounty::Id("1970-01-01", 9), TestCounty::kVillageA2));
  EXPECT_EQ(refused.status().code(), Status::Code::kInvalidArgument);
  // A stale merge is refused.
  auto again = t.org_units->Merge(TestCounty::kVillageB1, TestCounty::kVillageA1,
                                  *Date::FromYmd(2024, 1, 1), 7);
  EXPECT_EQ(again.status().code(), Status::Code::kPreconditionFailed);
}

}  // namespace
}  // namespace yilian

namespace yilian {
namespace {

TEST(ResidentRegistryTest, HouseholdHeadFollowsRelation02) {
  testing::TestCounty t;
  ASSERT_TRUE(t.db->Write([](storage::Connection& c) {
                    return storage::Run(c,
                                        "INSERT INTO households (id, village_code, address, "
                                        "version) VALUES (7, '140423100201', '北关村1号', 1)");
                  })
                  .ok());
  Resident spouse = testing::TestCounty::Person("李秀英", testing::TestCounty::Id("1962-08-05", 4),
                                                testing::TestCounty::kVillageA1);
  spouse.household_id = 7;
  spouse.household_relation = "10";
  Resident head = testing::TestCounty::Person("王建国", testing::TestCounty::Id("1958-03-17", 3),
                                              testing::TestCounty::kVillageA1);
  head.household_id = 7;
  head.household_relation = "02";
  ASSERT_TRUE(t.residents->Create(spouse).ok());
  auto h = t.residents->Create(head);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  int64_t head_id = 0;
  ASSERT_TRUE(t.db->Read([&](storage::Connection& c) {
                    auto st = c.Prepare("SELECT head_resident_id FROM households WHERE id = 7");
                    if (!st.ok()) return st.status();
                    auto r = (*st)->Step();
                    if (!r.ok()) return r.status();
                    head_id = (*st)->Int(0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(head_id, h->resident.id);
  // A household elsewhere is refused.
  Resident stranger = testing::TestCounty::Person("赵六", testing::TestCounty::Id("1970-01-01", 7),
                                                  testing::TestCounty::kVillageB1);
  stranger.household_id = 7;
  EXPECT_EQ(t.residents->Create(stranger).status().fields().at(0).field, "household_id");
}

}  // namespace
}  // namespace yilian
