#include "audit/read_journal.h"

#include <string_view>
#include <utility>

namespace yilian::audit {
namespace {

// The audit_log of the main schema (storage/schema.cc, whose migrations are
// frozen history and so not shared), with AUTOINCREMENT so that the
// sequence can start at kReadJournalFirstId.
constexpr std::string_view kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_id BIGINT, username TEXT NOT NULL,
  role TEXT NOT NULL, ip TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL,
  resource_id TEXT, resident_id BIGINT, org_unit_code TEXT, changes TEXT, reason TEXT,
  detail TEXT, request_id BIGINT);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_user ON audit_log (user_id, at);
CREATE INDEX IF NOT EXISTS audit_log_resident ON audit_log (resident_id, at);
CREATE INDEX IF NOT EXISTS audit_log_ou ON audit_log (org_unit_code, at);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL";

}  // namespace

std::string ReadJournalPath(const std::string& db_spec) {
  auto file = storage::SqlitePath(db_spec);
  if (!file) return "";
  std::string path = std::move(*file);
  constexpr std::string_view kDb = ".db";
  if (path.size() > kDb.size() && path.compare(path.size() - kDb.size(), kDb.size(), kDb) == 0) {
    path.resize(path.size() - kDb.size());
  }
  return path + ".read-audit.db";
}

Result<std::unique_ptr<storage::Database>> OpenReadJournal(const std::string& db_spec) {
  std::string path = ReadJournalPath(db_spec);
  if (path.empty()) return std::unique_ptr<storage::Database>();
  auto db = storage::OpenDatabase("sqlite:" + path);
  if (!db.ok()) return db.status();
  Status s = (*db)->Write([](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(c.Exec(kSchema));
    // The sequence is seeded once, before the first row.
    return storage::Run(c,
                        "INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_log', ? "
                        "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_log')",
                        kReadJournalFirstId - 1);
  });
  if (!s.ok()) return Status::IoError("read journal " + path + ": " + s.message());
  return std::move(*db);
}

}  // namespace yilian::audit
