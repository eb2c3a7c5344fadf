#include "audit/audit_store.h"

#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "audit/audit_trail.h"
#include "audit/read_journal.h"
#include "testing/test_county.h"

namespace yilian::audit {
namespace {

using nlohmann::json;
using testing::TestCounty;

AuditEvent Event(std::string at, std::optional<int64_t> user, std::string action,
                 std::optional<int64_t> resident = std::nullopt, std::string ou = "") {
  AuditEvent e;
  e.at = std::move(at);
  e.actor.user_id = user;
  e.actor.username = user ? "u" + std::to_string(*user) : "cli";
  e.actor.role = "tester";
  e.actor.ip = user ? "10.0.0.1" : "local";
  e.action = std::move(action);
  e.resource = resident ? "resident" : "session";
  e.resident_id = resident;
  if (resident) e.resource_id = std::to_string(*resident);
  e.org_unit_code = std::move(ou);
  return e;
}

struct Fixture {
  TestCounty t;

  void Append(const std::vector<AuditEvent>& events) {
    Status s = t.db->Write([&](storage::Connection& c) {
      for (const auto& e : events) YILIAN_RETURN_IF_ERROR(audit_store::Append(c, e));
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  audit_store::Page Search(const audit_store::Query& q) {
    audit_store::Page page;
    Status s = t.db->Read([&](storage::Connection& c) {
      auto p = audit_store::Search(c, q);
      if (!p.ok()) return p.status();
      page = std::move(*p);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return page;
  }
  std::vector<int64_t> Ids(const audit_store::Query& q) {
    std::vector<int64_t> out;
    for (const auto& e : Search(q).items) out.push_back(e.id);
    return out;
  }

  // Ids 1..7.
  void Seed() {
    Append({Event("2026-01-05T08:00:00.000+08:00", 1, "login"),
            Event("2026-01-05T09:00:00.000+08:00", 1, "read", 100, TestCounty::kVillageA1),
            Event("2026-01-06T10:00:00.000+08:00", 2, "update", 100, TestCounty::kVillageA1),
            Event("2026-01-06T23:59:59.999+08:00", 2, "read", 200, TestCounty::kVillageB1),
            Event("2026-01-07T00:00:00.000+08:00", std::nullopt, "import", std::nullopt,
                  TestCounty::kTownA),
            Event("2026-01-08T12:00:00.000+08:00", 1, "read", 300, TestCounty::kVillageA2),
            Event("2026-01-08T12:00:00.000+08:00", 2, "logout")});
  }
};

TEST(AuditStoreTest, AppendRoundTrips) {
  Fixture x;
  AuditEvent e = Event("", 12, "break_glass", 31, TestCounty::kVillageA1);
  e.actor.request_id = 4242;
  e.reason = "急诊抢救";
  e.changes = {{"phone", {"1", "2"}}};
  e.detail = {{"grant_id", 3}};
  x.Append({e});
  auto page = x.Search({});
  ASSERT_EQ(page.items.size(), 1u);
  const AuditEvent& got = page.items[0];
  EXPECT_GT(got.id, 0);
  // `at` is stamped when empty, in China Standard Time with milliseconds.
  EXPECT_TRUE(
      std::regex_match(got.at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00)")))
      << got.at;
  EXPECT_EQ(got.actor.user_id, 12);
  EXPECT_EQ(got.actor.username, "u12");
  EXPECT_EQ(got.actor.role, "tester");
  EXPECT_EQ(got.actor.ip, "10.0.0.1");
  EXPECT_EQ(got.actor.request_id, 4242u);
  EXPECT_EQ(got.action, "break_glass");
  EXPECT_EQ(got.resource, "resident");
  EXPECT_EQ(got.resource_id, "31");
  EXPECT_EQ(got.resident_id, 31);
  EXPECT_EQ(got.org_unit_code, TestCounty::kVillageA1);
  EXPECT_EQ(got.reason, "急诊抢救");
  EXPECT_EQ(got.changes, e.changes);
  EXPECT_EQ(got.detail, e.detail);

  // Empty optional parts come back empty.
  x.Append({Event("2030-01-01T00:00:00.000+08:00", std::nullopt, "import")});
  auto newest = x.Search({}).items.at(0);
  EXPECT_FALSE(newest.actor.user_id.has_value());
  EXPECT_FALSE(newest.resident_id.has_value());
  EXPECT_TRUE(newest.org_unit_code.empty());
  EXPECT_TRUE(newest.changes.is_null());
  EXPECT_TRUE(newest.detail.is_null());
}

TEST(AuditStoreTest, NowMillisFormat) {
  std::string now = audit_store::NowMillis();
  EXPECT_TRUE(std::regex_match(now, std::regex(R"(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00)")))
      << now;
}

TEST(AuditStoreTest, SearchFilters) {
  Fixture x;
  x.Seed();
  // Newest first; equal times by id.
  EXPECT_EQ(x.Ids({}), (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1}));
  audit_store::Query by_user;
  by_user.user_id = 1;
  EXPECT_EQ(x.Ids(by_user), (std::vector<int64_t>{6, 2, 1}));
  audit_store::Query by_resident;
  by_resident.resident_id = 100;
  EXPECT_EQ(x.Ids(by_resident), (std::vector<int64_t>{3, 2}));
  audit_store::Query by_action;
  by_action.action = "read";
  EXPECT_EQ(x.Ids(by_action), (std::vector<int64_t>{6, 4, 2}));
  audit_store::Query combined;
  combined.action = "read";
  combined.user_id = 2;
  EXPECT_EQ(x.Ids(combined), (std::vector<int64_t>{4}));
  audit_store::Query nothing;
  nothing.user_id = 99;
  auto empty = x.Search(nothing);
  EXPECT_TRUE(empty.items.empty());
  EXPECT_FALSE(empty.has_more);
}

TEST(AuditStoreTest, SearchByOrgUnitRanges) {
  Fixture x;
  x.Seed();
  auto tree = x.t.org_units->tree();
  audit_store::Query town_a;
  town_a.ranges = tree->CodeRanges(TestCounty::kTownA);
  EXPECT_EQ(x.Ids(town_a), (std::vector<int64_t>{6, 5, 3, 2}));
  town_a.include_unplaced = true;
  EXPECT_EQ(x.Ids(town_a), (std::vector<int64_t>{7, 6, 5, 3, 2, 1}));

  audit_store::Query villages;
  auto a2 = tree->CodeRanges(TestCounty::kVillageA2);
  auto b1 = tree->CodeRanges(TestCounty::kVillageB1);
  villages.ranges = {a2[0], b1[0]};
  EXPECT_EQ(x.Ids(villages), (std::vector<int64_t>{6, 4}));
  // Ranges combine with the other filters (and the unplaced ones too).
  villages.user_id = 2;
  EXPECT_EQ(x.Ids(villages), (std::vector<int64_t>{4}));
  villages.include_unplaced = true;
  EXPECT_EQ(x.Ids(villages), (std::vector<int64_t>{7, 4}));

  audit_store::Query elsewhere;
  elsewhere.ranges = {{"150000000000", "160000000000"}};
  EXPECT_TRUE(x.Ids(elsewhere).empty());
}

TEST(AuditStoreTest, SearchByDates) {
  Fixture x;
  x.Seed();
  audit_store::Query q;
  q.from = "2026-01-06";
  EXPECT_EQ(x.Ids(q), (std::vector<int64_t>{7, 6, 5, 4, 3}));
  q.to = "2026-01-06";  // inclusive: the whole day, to its last millisecond
  EXPECT_EQ(x.Ids(q), (std::vector<int64_t>{4, 3}));
  q.from.clear();
  EXPECT_EQ(x.Ids(q), (std::vector<int64_t>{4, 3, 2, 1}));
  q.from = "2026-01-05T09";
  q.to = "2026-01-05";
  EXPECT_EQ(x.Ids(q), (std::vector<int64_t>{2}));
  q.from = "2026-01-09";
  q.to.clear();
  EXPECT_TRUE(x.Ids(q).empty());
}

TEST(AuditStoreTest, Paging) {
  Fixture x;
  x.Seed();
  audit_store::Query q;
  q.page_size = 3;
  auto p1 = x.Search(q);
  EXPECT_TRUE(p1.has_more);
  ASSERT_EQ(p1.items.size(), 3u);
  EXPECT_EQ(p1.items[0].id, 7);
  q.page = 2;
  auto p2 = x.Search(q);
  EXPECT_TRUE(p2.has_more);
  ASSERT_EQ(p2.items.size(), 3u);
  EXPECT_EQ(p2.items[0].id, 4);
  q.page = 3;
  auto p3 = x.Search(q);
  EXPECT_FALSE(p3.has_more);
  ASSERT_EQ(p3.items.size(), 1u);
  EXPECT_EQ(p3.items[0].id, 1);
  q.page = 4;
  auto p4 = x.Search(q);
  EXPECT_TRUE(p4.items.empty());
  EXPECT_FALSE(p4.has_more);
  q.page = 1;
  q.page_size = 7;
  EXPECT_FALSE(x.Search(q).has_more);
}

TEST(AuditStoreTest, AuditLogIsAppendOnly) {
  Fixture x;
  x.Seed();
  Status update = x.t.db->Write(
      [](storage::Connection& c) { return storage::Run(c, "UPDATE audit_log SET action='x'"); });
  EXPECT_FALSE(update.ok());
  Status del = x.t.db->Write(
      [](storage::Connection& c) { return storage::Run(c, "DELETE FROM audit_log"); });
  EXPECT_FALSE(del.ok());
  Status one = x.t.db->Write([](storage::Connection& c) {
    return storage::Run(c, "DELETE FROM audit_log WHERE id = ?", int64_t{1});
  });
  EXPECT_FALSE(one.ok());
  auto all = x.Search({});
  ASSERT_EQ(all.items.size(), 7u);
  for (const auto& e : all.items) EXPECT_NE(e.action, "x");
}

TEST(AuditTrailTest, FlushWritesQueuedEvents) {
  Fixture x;
  AuditTrail trail(*x.t.db, std::chrono::hours(1));  // no background flush in this test
  EXPECT_TRUE(trail.Flush().ok());                   // nothing queued
  for (int i = 0; i < 5; ++i) {
    trail.Record(Event("", 1, "read", 100 + i, TestCounty::kVillageA1));
  }
  EXPECT_TRUE(x.Search({}).items.empty());
  ASSERT_TRUE(trail.Flush().ok());
  EXPECT_EQ(trail.appended(), 5u);
  EXPECT_EQ(trail.failed(), 0u);
  auto page = x.Search({});
  ASSERT_EQ(page.items.size(), 5u);
  for (const auto& e : page.items) EXPECT_FALSE(e.at.empty());
  audit_store::Query q;
  q.resident_id = 103;
  EXPECT_EQ(x.Search(q).items.size(), 1u);
}

TEST(AuditTrailTest, DestructionFlushes) {
  Fixture x;
  {
    AuditTrail trail(*x.t.db, std::chrono::hours(1));
    trail.Record(Event("", 1, "read", 100, TestCounty::kVillageA1));
    trail.Record(Event("", 1, "search", std::nullopt, TestCounty::kTownA));
  }
  EXPECT_EQ(x.Search({}).items.size(), 2u);
}

TEST(AuditTrailTest, BackgroundFlush) {
  Fixture x;
  AuditTrail trail(*x.t.db, std::chrono::milliseconds(10));
  trail.Record(Event("", 1, "read", 100, TestCounty::kVillageA1));
  for (int i = 0; i < 500 && trail.appended() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(trail.appended(), 1u);
  EXPECT_EQ(x.Search({}).items.size(), 1u);
}

TEST(AuditTrailTest, ConcurrentRecords) {
  Fixture x;
  {
    AuditTrail trail(*x.t.db, std::chrono::milliseconds(5));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&trail, t] {
        for (int i = 0; i < 50; ++i) trail.Record(Event("", t, "read", i, "140423100201"));
      });
    }
    for (auto& th : threads) th.join();
  }
  audit_store::Query q;
  q.page_size = 1000;
  EXPECT_EQ(x.Search(q).items.size(), 200u);
}

TEST(ReadJournalTest, PathBesideTheDatabase) {
  EXPECT_EQ(ReadJournalPath("var/yilian.db"), "var/yilian.read-audit.db");
  EXPECT_EQ(ReadJournalPath("sqlite:/srv/county.db"), "/srv/county.read-audit.db");
  EXPECT_EQ(ReadJournalPath("data/county.sqlite"), "data/county.sqlite.read-audit.db");
  EXPECT_EQ(ReadJournalPath("postgresql://localhost/yilian"), "");
}

TEST(ReadJournalTest, ReadsGoToTheJournalAndSearchMergesBoth) {
  Fixture x;
  auto journal = OpenReadJournal(x.t.dir + "/test.db");
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  ASSERT_NE(*journal, nullptr);
  // Writes keep their events in the main log; reads interleave in time.
  x.Append({Event("2026-11-01T09:00:00.000+08:00", 1, "update", 100, TestCounty::kVillageA1),
            Event("2026-11-01T09:00:02.000+08:00", 1, "update", 101, TestCounty::kVillageA1),
            Event("2026-11-01T09:00:04.000+08:00", 2, "login")});
  {
    AuditTrail trail(*x.t.db, std::chrono::hours(1), journal->get());
    trail.Record(Event("2026-11-01T09:00:01.000+08:00", 1, "read", 100, TestCounty::kVillageA1));
    trail.Record(Event("2026-11-01T09:00:03.000+08:00", 1, "read", 101, TestCounty::kVillageA1));
    trail.Record(Event("2026-11-01T09:00:05.000+08:00", 2, "search"));

    audit_store::Query all;
    auto page = trail.Search(all);  // flushes the queue first
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> actions;
    for (const auto& e : page->items) {
      actions.push_back(e.action);
      EXPECT_EQ(e.action == "read" || e.action == "search", e.id >= kReadJournalFirstId) << e.id;
    }
    EXPECT_EQ(actions,
              (std::vector<std::string>{"search", "login", "read", "update", "read", "update"}));
    EXPECT_FALSE(page->has_more);
    // Pages of two walk the same order.
    std::vector<int64_t> walked;
    for (int64_t n = 1; n <= 3; ++n) {
      audit_store::Query q;
      q.page = n;
      q.page_size = 2;
      auto p = trail.Search(q);
      ASSERT_TRUE(p.ok());
      ASSERT_EQ(p->items.size(), 2u);
      EXPECT_EQ(p->has_more, n < 3);
      for (const auto& e : p->items) walked.push_back(e.id);
    }
    std::vector<int64_t> ids;
    for (const auto& e : page->items) ids.push_back(e.id);
    EXPECT_EQ(walked, ids);
    // Filters apply to both: a resident's access history holds its read and its update.
    audit_store::Query q;
    q.resident_id = 101;
    auto p = trail.Search(q);
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->items.size(), 2u);
    EXPECT_EQ(p->items[0].action, "read");
    EXPECT_EQ(p->items[1].action, "update");
  }
  // The main log has the three writes only.
  EXPECT_EQ(x.Search({}).items.size(), 3u);
}

TEST(ReadJournalTest, IdsContinueAcrossOpeningsAndRowsCannotChange) {
  TestCounty t;
  int64_t first = 0;
  for (int round = 0; round < 2; ++round) {
    auto journal = OpenReadJournal(t.dir + "/test.db");
    ASSERT_TRUE(journal.ok()) << journal.status().ToString();
    AuditTrail trail(*t.db, std::chrono::hours(1), journal->get());
    trail.Record(Event("", 1, "read", 100, TestCounty::kVillageA1));
    auto page = trail.Search({});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), static_cast<size_t>(round + 1));
    if (round == 0) {
      first = page->items[0].id;
      EXPECT_EQ(first, kReadJournalFirstId);
    } else {
      EXPECT_EQ(page->items[0].id, first + 1);
    }
    Status changed = (*journal)->Write([](storage::Connection& c) {
      return storage::Run(c, "UPDATE audit_log SET action = 'x'");
    });
    EXPECT_FALSE(changed.ok());
    Status deleted = (*journal)->Write(
        [](storage::Connection& c) { return storage::Run(c, "DELETE FROM audit_log"); });
    EXPECT_FALSE(deleted.ok());
  }
}

}  // namespace
}  // namespace yilian::audit
