#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <string>
#include <unordered_map>

#include <vector>
#include "storage/statement_cache.h"

namespace yilian::storage {

std::string ToPostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool in_quote = false;
  for (char c : sql) {
    if (c == '\'') in_quote = !in_quote;
    if (c == '?' && !in_quote) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

Status PgError(PGconn* conn, PGresult* res, std::string_view what) {
  std::string msg = std::string(what) + ": " + PQerrorMessage(conn);
  if (res) {
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (state && std::string_view(state).substr(0, 2) == "23") return Status::Conflict(msg);
  }
  return Status::IoError(msg);
}

class PgStatement final : public Statement {
 public:
  PgStatement(PGconn* conn, std::string name, int nparams)
      : conn_(conn), name_(std::move(name)), values_(nparams), is_null_(nparams, true) {}
  ~PgStatement() override { Clear(); }

  void BindNull(int i) override { Set(i, std::nullopt); }
  void BindInt(int i, int64_t v) override { Set(i, std::to_string(v)); }
  void BindDouble(int i, double v) override { Set(i, std::to_string(v)); }
  void BindText(int i, std::string_view v) override { Set(i, std::string(v)); }

  Result<bool> Step() override {
    if (!res_) {
      std::vector<const char*> ptrs(values_.size());
      for (size_t i = 0; i < values_.size(); ++i)
        ptrs[i] = is_null_[i] ? nullptr : values_[i].c_str();
      res_ = PQexecPrepared(conn_, name_.c_str(), static_cast<int>(ptrs.size()), ptrs.data(),
                            nullptr, nullptr, 0);
      auto st = PQresultStatus(res_);
      if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        Status s = PgError(conn_, res_, "postgres exec");
        Clear();
        return s;
      }
      row_ = -1;
    }
    ++row_;
    return row_ < PQntuples(res_);
  }
  bool IsNull(int col) override { return PQgetisnull(res_, row_, col); }
  int64_t Int(int col) override {
    const char* v = PQgetvalue(res_, row_, col);
    if (v[0] == 't') return 1;  // boolean true
    if (v[0] == 'f') return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double Double(int col) override { return std::strtod(PQgetvalue(res_, row_, col), nullptr); }
  std::string_view Text(int col) override {
    return {PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col))};
  }
  void Reset() override {
    Clear();
    std::fill(is_null_.begin(), is_null_.end(), true);
  }

 private:
  void Set(int i, std::optional<std::string> v) {
    if (i < 1 || static_cast<size_t>(i) > values_.size()) return;
    is_null_[i - 1] = !v;
    values_[i - 1] = v ? std::move(*v) : std::string();
  }
  void Clear() {
    if (res_) PQclear(res_);
    res_ = nullptr;
  }

  PGconn* conn_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> is_null_;
  PGresult* res_ = nullptr;
  int row_ = -1;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  ~PgConnection() override {
    cache_.clear();
    PQfinish(conn_);
  }
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Statement*> Prepare(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      it->second->Reset();
      return it->second.get();
    }
    std::string pg = ToPostgresPlaceholders(sql);
    int nparams = 0;
    for (size_t i = 0; i + 1 < pg.size(); ++i) {
      if (pg[i] == '$' && isdigit(static_cast<unsigned char>(pg[i + 1]))) {
        nparams = std::max(nparams, std::atoi(pg.c_str() + i + 1));
      }
    }
    std::string name = "s" + std::to_string(cache_.size());
    PGresult* r = PQprepare(conn_, name.c_str(), pg.c_str(), 0, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      Status s = PgError(conn_, r, "postgres prepare");
      PQclear(r);
      return s;
    }
    PQclear(r);
    auto owned = std::make_unique<PgStatement>(conn_, name, nparams);
    Statement* raw = owned.get();
    cache_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  Status Exec(std::string_view sql) override {
    PGresult* r = PQexec(conn_, std::string(sql).c_str());
    auto st = PQresultStatus(r);
    Status s = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? Status::Ok()
                                                                 : PgError(conn_, r, "postgres");
    PQclear(r);
    return s;
  }
  Status Begin(bool write)
      override {  // Reads are one consistent snapshot, as storage::Database::Read promises.
    return Exec(write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override { return Exec("ROLLBACK"); }

 private:
  PGconn* conn_;
  StatementCache<PgStatement> cache_;
};

class PgDatabase final : public Database {
 public:
  explicit PgDatabase(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string Describe() const override {
    // Never print a password.
    auto at = conninfo_.find('@');
    auto scheme = conninfo_.find("://");
    if (at == std::string::npos || scheme == std::string::npos) return conninfo_;
    return conninfo_.substr(0, scheme + 3) + "…" + conninfo_.substr(at);
  }
  Result<std::unique_ptr<Connection>> Open() override {
    PGconn* c = PQconnectdb(conninfo_.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      Status s = Status::IoError(std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(c));
      PQfinish(c);
      return s;
    }
    auto conn = std::make_unique<PgConnection>(c);
    YILIAN_RETURN_IF_ERROR(conn->Exec("SET client_min_messages TO WARNING"));
    return std::unique_ptr<Connection>(std::move(conn));
  }

 protected:
  bool SerialiseWriters() const override { return false; }

 private:
  std::string conninfo_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& conninfo) {
  auto db = std::make_unique<PgDatabase>(conninfo);
  auto probe = db->Open();
  if (!probe.ok()) return probe.status();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace yilian::storage
