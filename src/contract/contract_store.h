// Persistence of family-doctor contracts (SQL over storage::Connection).
// Callers own the transaction; validation is the registry's.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "contract/contract.h"
#include "core/status.h"
#include "storage/database.h"

namespace yilian::contract_store {

// Inserts `c` (version 1, timestamps now); sets c.id.
Status Insert(storage::Connection& c, Contract& k);
// Writes `k` if the stored version equals k.version (kPreconditionFailed
// otherwise) and increments k.version.
Status Update(storage::Connection& c, Contract& k);
Result<std::optional<Contract>> Get(storage::Connection& c, int64_t id);
// A resident's contracts by start date.
Result<std::vector<Contract>> ForResident(storage::Connection& c, int64_t resident_id);

// Every contract of residents with lo < id <= hi, by resident (bulk loads).
Result<std::vector<Contract>> InResidentRange(storage::Connection& c, int64_t lo, int64_t hi);

struct Query {
  std::vector<std::pair<std::string, std::string>> ranges;  // village-code ranges (scope)
  std::optional<int64_t> team_id;
  std::optional<int64_t> doctor_id;
  std::optional<Date> in_force_on;  // only contracts in force that day
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Contract> items;
  bool has_more = false;
};
// Newest first.
Result<Page> List(storage::Connection& c, const Query& q);

}  // namespace yilian::contract_store
