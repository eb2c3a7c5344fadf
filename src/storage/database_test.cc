#include "storage/database.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "testing/test_county.h"

namespace yilian::storage {
namespace {

// Two Database objects on one file stand for two processes: writes through
// one are not counted by the other, as the CLI's are not by the server's.
class SqliteSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::path(testing::FreshTempDir()) / "t.db").string();
    auto a = OpenDatabase(path_);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    a_ = std::move(*a);
    auto b = OpenDatabase(path_);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    b_ = std::move(*b);
    ASSERT_TRUE(a_->Write([](Connection& c) { return c.Exec("CREATE TABLE t (x INTEGER)"); }).ok());
  }

  static Status Insert(Database& db, int64_t x) {
    return db.Write(
        [x](Connection& c) { return storage::Run(c, "INSERT INTO t (x) VALUES (?)", x); });
  }
  static int64_t Count(Database& db) {
    int64_t n = -1;
    Status s = db.Read([&n](Connection& c) {
      auto st = c.Prepare("SELECT count(*) FROM t");
      if (!st.ok()) return st.status();
      auto r = (*st)->Step();
      if (!r.ok()) return r.status();
      n = (*st)->Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }
  // PRAGMA wal_checkpoint(PASSIVE) through b_: {frames in the log, frames
  // copied}. Frames after the oldest open snapshot of any connection cannot be copied.
  std::pair<int64_t, int64_t> Checkpoint() {
    std::pair<int64_t, int64_t> out{-1, -1};
    auto c = b_->Open();
    EXPECT_TRUE(c.ok());
    auto st = (*c)->Prepare("PRAGMA wal_checkpoint(PASSIVE)");
    EXPECT_TRUE(st.ok());
    auto r = (*st)->Step();
    EXPECT_TRUE(r.ok() && *r);
    out = {(*st)->Int(1), (*st)->Int(2)};
    return out;
  }

  std::string path_;
  std::unique_ptr<Database> a_;
  std::unique_ptr<Database> b_;
};

TEST_F(SqliteSnapshotTest, EveryReadSeesTheWritesCommittedBeforeIt) {
  // A read inside a read: two snapshots left open, so that a write takes
  // one connection while the other still holds a snapshot from before it.
  Status s = a_->Read([this](Connection&) {
    EXPECT_EQ(Count(*a_), 0);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  for (int64_t i = 1; i <= 200; ++i) {
    ASSERT_TRUE(Insert(*a_, i).ok());
    ASSERT_EQ(Count(*a_), i);
  }
}

TEST_F(SqliteSnapshotTest, ReadsFromTwoThreadsSeeEachOthersWrites) {
  // Each thread's read after its own write sees it, and never less than
  // what either thread had committed before that read began.
  std::atomic<int64_t> committed{0};
  auto work = [&] {
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(Insert(*a_, i).ok());
      int64_t floor = committed.fetch_add(1) + 1;
      ASSERT_GE(Count(*a_), floor);
    }
  };
  std::thread t1(work), t2(work);
  t1.join();
  t2.join();
  EXPECT_EQ(Count(*a_), 200);
}

TEST_F(SqliteSnapshotTest, AnotherProcessesWriteShowsWithinTheReuseBound) {
  ASSERT_EQ(Count(*a_), 0);  // leaves a snapshot open for reuse
  ASSERT_TRUE(Insert(*b_, 1).ok());
  // The bound for SQLite is 2 ms; after it no read may use the old snapshot.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(Count(*a_), 1);
}

TEST_F(SqliteSnapshotTest, AnIdleSnapshotIsEndedSoTheLogCanBeCheckpointed) {
  // The measure first: a snapshot held open keeps later frames in the log.
  {
    HeldRead held(*a_);
    ASSERT_TRUE(held.status().ok());
    auto st = (*held).Prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(st.ok() && (*st)->Step().ok());
    ASSERT_TRUE(Insert(*b_, 1).ok());
    auto [log, copied] = Checkpoint();
    EXPECT_GT(log, copied);
  }
  // A Read's snapshot, left open for reuse, is ended by the sweeper.
  ASSERT_EQ(Count(*a_), 1);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Insert(*b_, i).ok());
  auto [log, copied] = Checkpoint();
  for (int tries = 0; tries < 100 && log != copied; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::tie(log, copied) = Checkpoint();
  }
  EXPECT_EQ(log, copied);
  EXPECT_EQ(Count(*a_), 21);
}

TEST_F(SqliteSnapshotTest, AFailedReadEndsItsTransaction) {
  Status s = a_->Read([](Connection& c) {
    auto st = c.Prepare("SELECT count(*) FROM t");
    if (!st.ok()) return st.status();
    (void)(*st)->Step();
    return Status::Invalid("stop");
  });
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  // Its connection went back without a transaction: a write can begin on it.
  EXPECT_TRUE(Insert(*a_, 1).ok());
  EXPECT_EQ(Count(*a_), 1);
}

}  // namespace
}  // namespace yilian::storage
