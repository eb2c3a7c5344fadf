// The storage interface: connections, prepared statements and transactions
// over either SQLite (embedded default) or PostgreSQL.
//
// Domain stores (resident/resident_store.h, …) are written once against this
// interface with portable SQL: `?` placeholders (translated to $n for
// PostgreSQL), ON CONFLICT, RETURNING. Where the dialects differ the store
// asks `dialect()` (see sql_fragments.h). Statements are prepared once per
// connection and cached by SQL text, so a hot query costs no parsing.
//
// Thread safety: a Connection is used by one thread at a time. A Database is
// thread-safe and hands out pooled connections. Write transactions are
// serialised by the Database (SQLite has one writer; queuing on a mutex beats
// SQLite's sleeping busy handler).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace yilian::storage {

enum class Dialect { kSqlite, kPostgres };

class Statement {
 public:
  virtual ~Statement() = default;
  // Parameters are 1-based, as in SQL.
  virtual void BindNull(int i) = 0;
  virtual void BindInt(int i, int64_t v) = 0;
  virtual void BindDouble(int i, double v) = 0;
  virtual void BindText(int i, std::string_view v) = 0;
  // Runs the statement (on first call) and advances to the next row. Returns
  // true when a row is available, false when done; a constraint violation
  // comes back as kConflict naming the constraint.
  virtual Result<bool> Step() = 0;
  // Columns are 0-based. Text views are valid until the next Step/Reset;
  // the text of a NULL is empty.
  virtual bool IsNull(int col) = 0;
  virtual int64_t Int(int col) = 0;
  virtual double Double(int col) = 0;
  virtual std::string_view Text(int col) = 0;
  // Clears bindings and results so the statement can run again.
  virtual void Reset() = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // A cached prepared statement, reset and ready for binding. Owned by the connection.
  virtual Result<Statement*> Prepare(std::string_view sql) = 0;
  // Executes one or more statements without parameters (DDL, pragmas).
  virtual Status Exec(std::string_view sql) = 0;
  virtual Status Begin(bool write) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

class Database;

// A connection borrowed from a Database's pool; returned on destruction.
class PooledConnection {
 public:
  PooledConnection(Database* db, std::unique_ptr<Connection> c) : db_(db), c_(std::move(c)) {}
  PooledConnection(PooledConnection&&) = default;
  PooledConnection& operator=(PooledConnection&&) = delete;
  ~PooledConnection();
  Connection& operator*() { return *c_; }
  Connection* operator->() { return c_.get(); }
  // Takes the connection out; the caller returns it to the Database.
  std::unique_ptr<Connection> Release() { return std::move(c_); }

 private:
  Database* db_;
  std::unique_ptr<Connection> c_;
};

class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  // Ends the read transactions still open for reuse (see SnapshotReuse).
  virtual ~Database();
  virtual Dialect dialect() const = 0;
  // A new connection, not pooled (bulk loaders use their own).
  virtual Result<std::unique_ptr<Connection>> Open() = 0;
  // Where the data lives, for messages ("var/yilian.db", "postgresql://…").
  virtual std::string Describe() const = 0;

  // Borrow a pooled connection (opening one if the pool is empty).
  Result<PooledConnection> Acquire();

  // Runs `fn` in a read transaction (a consistent snapshot). The snapshot
  // holds every write this Database committed before Read was called; a
  // write by another process (the CLI) shows from at most SnapshotReuse()
  // after it committed.
  Status Read(const std::function<Status(Connection&)>& fn);
  // Runs `fn` in a write transaction: committed if fn returns OK, rolled back
  // otherwise, so nothing is ever half-written. Writers are serialised.
  Status Write(const std::function<Status(Connection&)>& fn);

 protected:
  // Whether write transactions must be serialised in-process (SQLite).
  virtual bool SerialiseWriters() const = 0;
  // How long a Read may leave its read transaction open for the next Read
  // to use, when no write has committed through this Database since it
  // began. SQLite takes file locks (fcntl, under a process-wide mutex) to
  // begin and to end every read transaction; at tens of thousands of
  // lookups a second that was a tenth of the server's time. Zero
  // (PostgreSQL, where an open transaction holds back vacuum): never.
  virtual std::chrono::microseconds SnapshotReuse() const { return {}; }

 private:
  friend class PooledConnection;
  void Return(std::unique_ptr<Connection> c);

  // A connection left in its read transaction by Read, for the next Read.
  struct OpenSnapshot {
    std::unique_ptr<Connection> c;
    std::chrono::steady_clock::time_point began;
    uint64_t writes;  // writes_ when it began
  };
  // Runs on sweeper_: ends snapshots left unused for kIdleSnapshot, so an
  // idle server holds no old snapshot (in WAL mode one would keep the log
  // from being checkpointed and reset while another process writes).
  void SweepSnapshots();

  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Connection>> pool_;
  // Under pool_mu_: open snapshots, oldest first, and their sweeper.
  std::vector<OpenSnapshot> snapshots_;
  std::condition_variable sweep_cv_;
  bool sweeper_waiting_ = false;  // for a first snapshot
  bool stopping_ = false;
  std::thread sweeper_;  // started with the first open snapshot

  std::atomic<uint64_t> writes_{0};  // write transactions committed
  std::mutex write_mu_;
};

// A pooled connection held in a read transaction until destroyed (then
// rolled back and returned): a reader working beside Database::Read's, such
// as a rebuild's second reader. Its snapshot starts at its first read.
class HeldRead {
 public:
  explicit HeldRead(Database& db);
  ~HeldRead();
  HeldRead(const HeldRead&) = delete;
  HeldRead& operator=(const HeldRead&) = delete;
  // Whether the connection is open and in its transaction; if not, it must not be used.
  const Status& status() const { return status_; }
  Connection& operator*() { return **c_; }

 private:
  std::optional<PooledConnection> c_;
  Status status_;
};

// Opens "sqlite:PATH", a plain file path (SQLite), or "postgresql://…" / "postgres://…".
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& spec);
// The file a spec names for SQLite (PATH of "sqlite:PATH" or of a plain
// path, possibly empty); nullopt for a PostgreSQL URI.
std::optional<std::string> SqlitePath(const std::string& spec);

// Typed binding of positional parameters: Bind(st, a, b, c) binds ?1=a, ?2=b, ?3=c.
// std::nullopt and empty optionals bind NULL; Date binds its ISO text; bool binds 0/1.
inline void BindOne(Statement& s, int i, int64_t v) { s.BindInt(i, v); }
inline void BindOne(Statement& s, int i, int v) { s.BindInt(i, v); }
inline void BindOne(Statement& s, int i, bool v) { s.BindInt(i, v ? 1 : 0); }
inline void BindOne(Statement& s, int i, double v) { s.BindDouble(i, v); }
inline void BindOne(Statement& s, int i, std::string_view v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, const std::string& v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, const char* v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, std::nullopt_t) { s.BindNull(i); }
inline void BindOne(Statement& s, int i, Date d) { s.BindText(i, d.ToIso()); }
template <typename T>
void BindOne(Statement& s, int i, const std::optional<T>& v) {
  if (v)
    BindOne(s, i, *v);
  else
    s.BindNull(i);
}
template <typename... Args>
void Bind(Statement& s, const Args&... args) {
  int i = 0;
  (BindOne(s, ++i, args), ...);
}

// Prepares `sql`, binds `args` and runs it to completion (for statements
// returning no rows, or when rows are ignored).
template <typename... Args>
Status Run(Connection& c, std::string_view sql, const Args&... args) {
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  Bind(**st, args...);
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
  }
  return Status::Ok();
}

// Column readers with NULL → empty / nullopt.
// (No IsNull call first: a NULL's text is empty, and an empty date is no
// date; bulk reads make millions of these calls.)
inline std::string TextOr(Statement& s, int col) { return std::string(s.Text(col)); }
// The text into an existing string, reusing its buffer (no temporary).
inline void TextInto(Statement& s, int col, std::string& out) {
  std::string_view v = s.Text(col);
  out.assign(v.data(), v.size());
}
inline std::optional<Date> DateOr(Statement& s, int col) { return Date::ParseIso(s.Text(col)); }
inline std::optional<int64_t> IntOr(Statement& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return s.Int(col);
}

}  // namespace yilian::storage
