// Persistence of service records (SQL over storage::Connection). Callers own
// the transaction; validation is the registry's.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "service/service_record.h"
#include "storage/database.h"

namespace yilian::service_store {

// Inserts `s` (version 1, timestamps now); sets s.id.
Status Insert(storage::Connection& c, ServiceRecord& s);
// Voids record `s` (status, reason) if its stored version equals s.version.
Status Void(storage::Connection& c, ServiceRecord& s);
Result<std::optional<ServiceRecord>> Get(storage::Connection& c, int64_t id);
// A resident's records by date (voided ones too).
Result<std::vector<ServiceRecord>> ForResident(storage::Connection& c, int64_t resident_id);
// The id of a valid record of `code` for the resident on `date`, if any.
Result<std::optional<int64_t>> SameDay(storage::Connection& c, int64_t resident_id,
                                       const std::string& code, Date date);

// Every record of residents with lo < id <= hi, by resident and date (bulk reads).
Result<std::vector<ServiceRecord>> InResidentRange(storage::Connection& c, int64_t lo, int64_t hi);

struct Query {
  std::vector<std::pair<std::string, std::string>> ranges;  // village-code ranges (scope)
  std::optional<int64_t> resident_id;
  std::optional<int64_t> practitioner_id;
  std::string service_code;      // "" = any
  std::optional<Date> from, to;  // inclusive
  bool include_voided = false;
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<ServiceRecord> items;
  bool has_more = false;
};
// Newest first.
Result<Page> List(storage::Connection& c, const Query& q);

}  // namespace yilian::service_store
