// Persistence of program enrolments (SQL over storage::Connection). Callers
// own the transaction; validation is the registry's.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "program/enrolment.h"
#include "storage/database.h"

namespace yilian::enrolment_store {

// Inserts `e` (version 1, timestamps now); sets e.id.
Status Insert(storage::Connection& c, Enrolment& e);
// Writes `e` if the stored version equals e.version (kPreconditionFailed
// otherwise) and increments e.version.
Status Update(storage::Connection& c, Enrolment& e);
Result<std::optional<Enrolment>> Get(storage::Connection& c, int64_t id);
// A resident's enrolments by enrolment date.
Result<std::vector<Enrolment>> ForResident(storage::Connection& c, int64_t resident_id);

// Every enrolment of residents with lo < id <= hi, by resident (bulk loads).
Result<std::vector<Enrolment>> InResidentRange(storage::Connection& c, int64_t lo, int64_t hi);

struct Query {
  std::vector<std::pair<std::string, std::string>> ranges;  // village-code ranges (scope)
  std::string program;                                      // "" = any
  bool open_only = false;                                   // not discharged
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Enrolment> items;
  bool has_more = false;
};
// Newest first.
Result<Page> List(storage::Connection& c, const Query& q);

}  // namespace yilian::enrolment_store
