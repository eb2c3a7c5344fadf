// Persistence of practitioners (SQL over storage::Connection). Callers own
// the transaction; validation is the registry's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "practitioner/practitioner.h"
#include "storage/database.h"

namespace yilian::practitioner_store {

// Inserts `p` with version 1 and sets p.id; a non-zero p.id is kept (bulk
// import). A taken ID number, licence number or id comes back as kConflict.
Status Insert(storage::Connection& c, Practitioner& p);
// Writes `p` if the stored version equals p.version (kPreconditionFailed
// otherwise) and increments p.version.
Status Update(storage::Connection& c, Practitioner& p);

Result<std::optional<Practitioner>> Get(storage::Connection& c, int64_t id);
// By normalised 18-character ID number.
Result<std::optional<Practitioner>> FindByIdNumber(storage::Connection& c,
                                                   const std::string& id_number);
// By non-empty licence number.
Result<std::optional<Practitioner>> FindByLicence(storage::Connection& c,
                                                  const std::string& licence_no);
// Up to `limit` practitioners with id > after_id, in id order (export).
Result<std::vector<Practitioner>> Scan(storage::Connection& c, int64_t after_id, int64_t limit);
// Ids of the active teams `practitioner_id` is a member of, in id order.
Result<std::vector<int64_t>> ActiveTeamsOf(storage::Connection& c, int64_t practitioner_id);

struct Query {
  std::optional<int64_t> facility_id;
  std::string role;         // exact; empty means any
  std::string name_prefix;  // prefix of the name
  // Code ranges [lo, hi) the practitioner's facility must be located in
  // (OrgTree::CodeRanges); empty means anywhere.
  std::vector<std::pair<std::string, std::string>> ranges;
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Practitioner> items;
  bool has_more = false;
};
// One page in id order.
Result<Page> List(storage::Connection& c, const Query& q);

}  // namespace yilian::practitioner_store
