#include "storage/database.h"

#include <iterator>

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace yilian::storage {

PooledConnection::~PooledConnection() {
  if (c_ && db_) db_->Return(std::move(c_));
}

namespace {
// How long an open snapshot may wait unused before the sweeper ends it.
constexpr std::chrono::milliseconds kIdleSnapshot{50};
}  // namespace

Database::~Database() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    stopping_ = true;
  }
  sweep_cv_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
  for (auto& s : snapshots_) (void)s.c->Rollback();
}

Result<PooledConnection> Database::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
      return PooledConnection(this, std::move(c));
    }
    if (!snapshots_.empty()) {  // rather than open one more connection
      auto c = std::move(snapshots_.front().c);
      snapshots_.erase(snapshots_.begin());
      (void)c->Rollback();
      return PooledConnection(this, std::move(c));
    }
  }
  auto c = Open();
  if (!c.ok()) return c.status();
  return PooledConnection(this, std::move(*c));
}

void Database::Return(std::unique_ptr<Connection> c) {
  std::lock_guard<std::mutex> lock(pool_mu_);
  pool_.push_back(std::move(c));
}

void Database::SweepSnapshots() {
  std::unique_lock<std::mutex> lock(pool_mu_);
  while (!stopping_) {
    if (snapshots_.empty()) {
      sweeper_waiting_ = true;
      sweep_cv_.wait(lock);
      sweeper_waiting_ = false;
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    size_t kept = 0;
    for (auto& s : snapshots_) {
      if (now - s.began >= kIdleSnapshot) {
        (void)s.c->Rollback();
        pool_.push_back(std::move(s.c));
      } else {
        snapshots_[kept++] = std::move(s);
      }
    }
    snapshots_.resize(kept);
    if (kept > 0) sweep_cv_.wait_until(lock, snapshots_.front().began + kIdleSnapshot);
  }
}

HeldRead::HeldRead(Database& db) {
  auto c = db.Acquire();
  if (!c.ok()) {
    status_ = c.status();
    return;
  }
  c_.emplace(std::move(*c));
  status_ = (**c_).Begin(false);
}

HeldRead::~HeldRead() {
  if (c_ && status_.ok()) (void)(**c_).Rollback();  // a read has nothing to commit
}

Status Database::Read(const std::function<Status(Connection&)>& fn) {
  const auto reuse = SnapshotReuse();
  if (reuse.count() == 0) {
    auto pc = Acquire();
    if (!pc.ok()) return pc.status();
    Connection& c = **pc;
    YILIAN_RETURN_IF_ERROR(c.Begin(false));
    Status s = fn(c);
    Status end = c.Rollback();  // a read transaction has nothing to commit
    return s.ok() ? end : s;
  }
  // writes_ is read before a snapshot is chosen or begun: a snapshot tagged
  // with the current count began after every write this caller can have
  // seen committed (writes_ counts a write once it has committed).
  const uint64_t writes = writes_.load(std::memory_order_acquire);
  const auto now = std::chrono::steady_clock::now();
  std::optional<OpenSnapshot> snap;
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    // The newest is the likeliest to be current; an older one would not be.
    if (!snapshots_.empty() && snapshots_.back().writes == writes &&
        now - snapshots_.back().began <= reuse) {
      snap = std::move(snapshots_.back());
      snapshots_.pop_back();
    }
  }
  if (!snap) {
    auto pc = Acquire();
    if (!pc.ok()) return pc.status();
    std::unique_ptr<Connection> c = pc->Release();
    if (Status b = c->Begin(false); !b.ok()) {
      Return(std::move(c));
      return b;
    }
    snap = OpenSnapshot{std::move(c), now, writes};
  }
  Status s = fn(*snap->c);
  if (!s.ok()) {
    (void)snap->c->Rollback();
    Return(std::move(snap->c));
    return s;
  }
  std::lock_guard<std::mutex> lock(pool_mu_);
  // Kept in order of beginning, oldest first, for the sweeper.
  auto at = snapshots_.end();
  while (at != snapshots_.begin() && std::prev(at)->began > snap->began) --at;
  snapshots_.insert(at, std::move(*snap));
  if (!sweeper_.joinable()) {
    sweeper_ = std::thread([this] { SweepSnapshots(); });
  } else if (sweeper_waiting_) {
    sweep_cv_.notify_one();
  }
  return s;
}

Status Database::Write(const std::function<Status(Connection&)>& fn) {
  auto pc = Acquire();
  if (!pc.ok()) return pc.status();
  Connection& c = **pc;
  std::unique_lock<std::mutex> lock(write_mu_, std::defer_lock);
  if (SerialiseWriters()) lock.lock();
  YILIAN_RETURN_IF_ERROR(c.Begin(true));
  Status s = fn(c);
  if (!s.ok()) {
    c.Rollback();
    return s;
  }
  Status commit = c.Commit();
  if (!commit.ok()) {
    c.Rollback();
    return commit;
  }
  writes_.fetch_add(1, std::memory_order_release);
  return commit;
}

std::optional<std::string> SqlitePath(const std::string& spec) {
  if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) {
    return std::nullopt;
  }
  return spec.rfind("sqlite:", 0) == 0 ? spec.substr(7) : spec;
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& spec) {
  auto path = SqlitePath(spec);
  if (!path) return OpenPostgresDatabase(spec);
  if (path->empty()) return Status::InvalidField("db", "empty database path");
  return OpenSqliteDatabase(*path);
}

}  // namespace yilian::storage
