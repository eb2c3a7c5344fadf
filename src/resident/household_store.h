// Persistence of households (户) and the lookup of their members (SQL over
// storage::Connection). Callers own the transaction; validation is the
// registry's (resident/household_registry.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "resident/resident.h"
#include "storage/database.h"

namespace yilian::household_store {

// Inserts `h` with version 1 and sets h.id; a non-zero h.id is kept (bulk
// import keeps the ids residents refer to); kConflict when it is taken.
Status Insert(storage::Connection& c, Household& h);
// Writes `h` if the stored version equals h.version (kPreconditionFailed
// otherwise) and increments h.version.
Status Update(storage::Connection& c, Household& h);

Result<std::optional<Household>> Get(storage::Connection& c, int64_t id);
// Up to `limit` households with id > after_id, in id order (export).
Result<std::vector<Household>> Scan(storage::Connection& c, int64_t after_id, int64_t limit);

struct Query {
  // Village-code ranges [lo, hi) (OrgTree::CodeRanges); empty means anywhere.
  std::vector<std::pair<std::string, std::string>> ranges;
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Household> items;
  bool has_more = false;
};
// One page in id order.
Result<Page> List(storage::Connection& c, const Query& q);

// A resident as listed with their household.
struct Member {
  int64_t id = 0;
  std::string record_no;
  std::string name;
  std::string id_type;
  std::string id_number;  // in full: the caller masks it
  std::string sex;
  Date birth_date;
  std::string village_code;
  std::string household_relation;
  std::string status;
};
// The residents whose household is `household_id` (merged records
// excluded), in id order.
Result<std::vector<Member>> Members(storage::Connection& c, int64_t household_id);

}  // namespace yilian::household_store
