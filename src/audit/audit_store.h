// The audit log table: append and query. Rows are never updated or deleted
// (the schema's triggers refuse it, for the application too).
#pragma once

#include <string>
#include <vector>

#include "audit/audit_event.h"
#include "core/status.h"
#include "storage/database.h"

namespace yilian::audit_store {

// Appends e inside the caller's transaction; sets e.at when empty.
Status Append(storage::Connection& c, const audit::AuditEvent& e);

struct Query {
  std::optional<int64_t> user_id;
  std::optional<int64_t> resident_id;
  std::string action;
  // Village-code ranges [lo, hi) of the resident concerned; empty = any.
  std::vector<std::pair<std::string, std::string>> ranges;
  // With ranges: also events tied to no org unit (logins, user changes).
  bool include_unplaced = false;
  std::string from;  // inclusive ISO date or timestamp prefix; empty = no bound
  std::string to;    // inclusive ISO date; empty = no bound
  int64_t page = 1;
  int64_t page_size = 50;
};
struct Page {
  std::vector<audit::AuditEvent> items;  // newest first
  bool has_more = false;
};
Result<Page> Search(storage::Connection& c, const Query& q);

// The current instant as stored in `at`: "2026-11-23T09:30:00.123+08:00".
std::string NowMillis();

}  // namespace yilian::audit_store
