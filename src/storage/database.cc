#include "storage/database.h"

#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace yilian::storage {

PooledConnection::~PooledConnection() {
  if (c_ && db_) db_->Return(std::move(c_));
}

Result<PooledConnection> Database::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
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
  auto pc = Acquire();
  if (!pc.ok()) return pc.status();
  Connection& c = **pc;
  YILIAN_RETURN_IF_ERROR(c.Begin(false));
  Status s = fn(c);
  Status end = c.Rollback();  // a read transaction has nothing to commit
  return s.ok() ? end : s;
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
  if (!commit.ok()) c.Rollback();
  return commit;
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& spec) {
  if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) {
    return OpenPostgresDatabase(spec);
  }
  std::string path = spec.rfind("sqlite:", 0) == 0 ? spec.substr(7) : spec;
  if (path.empty()) return Status::InvalidField("db", "empty database path");
  return OpenSqliteDatabase(path);
}

}  // namespace yilian::storage
