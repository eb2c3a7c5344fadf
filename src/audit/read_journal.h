// The read journal: where a SQLite server keeps the audit events of reads,
// in a file of its own beside the database ("var/yilian.db" →
// "var/yilian.read-audit.db").
//
// Why a second file: a commit to a SQLite database makes every other
// connection drop its whole page cache (and memory map) at its next read.
// Read events are committed every second; in the main file they made every
// reader start cold each second, which on a city database (far larger than
// the memory map) meant re-reading its B-tree pages through pread. Writes
// keep their events in the main file, in their own transaction.
//
// Rows have the audit_log's columns and rules (append-only, by trigger);
// their ids start at kReadJournalFirstId so that an id names one event across both.
// PostgreSQL has no such cost: its server keeps reads in the main table.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "storage/database.h"

namespace yilian::audit {

inline constexpr int64_t kReadJournalFirstId = 1'000'000'000'000'000;

// The journal's path for a database spec ("sqlite:PATH" or PATH); empty for
// PostgreSQL.
std::string ReadJournalPath(const std::string& db_spec);

// Opens (creating when absent) the journal of a SQLite database, or returns
// nullptr for PostgreSQL.
Result<std::unique_ptr<storage::Database>> OpenReadJournal(const std::string& db_spec);

}  // namespace yilian::audit
