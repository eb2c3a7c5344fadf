#include "storage/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "storage/statement_cache.h"

namespace yilian::storage {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) return Status::Conflict(msg);
  return Status::IoError(msg);
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~SqliteStatement() override { sqlite3_finalize(st_); }

  void BindNull(int i) override { sqlite3_bind_null(st_, i); }
  void BindInt(int i, int64_t v) override { sqlite3_bind_int64(st_, i, v); }
  void BindDouble(int i, double v) override { sqlite3_bind_double(st_, i, v); }
  void BindText(int i, std::string_view v) override {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  Result<bool> Step() override {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Status s = SqliteError(db_, rc, "sqlite step");
    sqlite3_reset(st_);
    return s;
  }
  bool IsNull(int col) override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  int64_t Int(int col) override { return sqlite3_column_int64(st_, col); }
  double Double(int col) override { return sqlite3_column_double(st_, col); }
  std::string_view Text(int col) override {
    const unsigned char* p = sqlite3_column_text(st_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col))};
  }
  void Reset() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cache_.clear();
    for (sqlite3_stmt* st : control_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
  }
  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<Statement*> Prepare(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      it->second->Reset();
      return it->second.get();
    }
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "sqlite prepare");
    auto owned = std::make_unique<SqliteStatement>(db_, st);
    Statement* raw = owned.get();
    cache_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  Status Exec(std::string_view sql) override {
    // DDL (an import dropping and rebuilding indexes) fails with "table is
    // locked" while a cached SELECT on the table is left mid-result.
    EndActiveStatements();
    char* err = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      return Status::IoError("sqlite exec: " + msg);
    }
    return Status::Ok();
  }
  // Every request opens and ends a transaction: prepared once, not parsed each time.
  Status Begin(bool write) override {
    EndActiveStatements();
    return Control(write ? kBeginImmediate : kBegin);
  }
  Status Commit() override {
    EndActiveStatements();
    return Control(kCommit);
  }
  Status Rollback() override {
    EndActiveStatements();
    if (sqlite3_get_autocommit(db_)) return Status::Ok();
    return Control(kRollback);
  }

 private:
  enum ControlStatement { kBegin, kBeginImmediate, kCommit, kRollback, kControlCount };

  Status Control(ControlStatement which) {
    static constexpr const char* kSql[kControlCount] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT",
                                                        "ROLLBACK"};
    sqlite3_stmt*& st = control_[which];
    if (st == nullptr) {
      int rc = sqlite3_prepare_v3(db_, kSql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "sqlite prepare");
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, kSql[which]);
    return Status::Ok();
  }

  // A SELECT stepped to its first row and left there keeps a read
  // transaction open past COMMIT; the pooled connection would then hold an
  // old snapshot and its next write fail with SQLITE_BUSY_SNAPSHOT once
  // another process (the CLI) has written. Ending a transaction therefore
  // resets every statement still running on the connection.
  void EndActiveStatements() {
    for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st)) {
      if (sqlite3_stmt_busy(st)) sqlite3_reset(st);
    }
  }

  sqlite3* db_;
  StatementCache<SqliteStatement> cache_;
  sqlite3_stmt* control_[kControlCount] = {};
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string Describe() const override { return path_; }

  Result<std::unique_ptr<Connection>> Open() override {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path_.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      Status s = Status::IoError("cannot open database " + path_ + ": " +
                                 (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
      sqlite3_close_v2(db);
      return s;
    }
    sqlite3_busy_timeout(db, 10000);
    auto conn = std::make_unique<SqliteConnection>(db);
    // WAL lets readers run beside the writer; synchronous=FULL makes every
    // commit durable; the page cache and mmap keep hot lookups off syscalls.
    Status s = conn->Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-262144; PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY;");
    if (!s.ok()) return s;
    return std::unique_ptr<Connection>(std::move(conn));
  }

 protected:
  bool SerialiseWriters() const override { return true; }
  std::chrono::microseconds SnapshotReuse() const override {
    return std::chrono::microseconds(2000);
  }

 private:
  std::string path_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path) {
  // SQLite's memory statistics take a global mutex on every allocation (tens
  // per inserted row) and nothing here reads them. Only possible before the
  // library initialises; later calls fail harmlessly.
  static const bool kNoMemStatus = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)kNoMemStatus;
  auto db = std::make_unique<SqliteDatabase>(path);
  auto probe = db->Open();  // fail early with a clear message
  if (!probe.ok()) return probe.status();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace yilian::storage
