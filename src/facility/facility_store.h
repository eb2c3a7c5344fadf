// Persistence of facilities and medical alliances (SQL over storage::Connection).
// Callers own the transaction (storage::Database::Write/Read); validation is
// the registry's (facility/facility_registry.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "facility/facility.h"
#include "storage/database.h"

namespace yilian::facility_store {

// Inserts `f` with version 1 and sets f.id. A non-zero f.id is kept (bulk
// import keeps the ids other records refer to). A taken code or id comes back
// as kConflict.
Status Insert(storage::Connection& c, Facility& f);
// Writes `f` if the stored version equals f.version (kPreconditionFailed
// otherwise) and increments f.version.
Status Update(storage::Connection& c, Facility& f);

Result<std::optional<Facility>> Get(storage::Connection& c, int64_t id);
Result<std::optional<Facility>> FindByCode(storage::Connection& c, const std::string& code);
// Up to `limit` facilities with id > after_id, in id order (export).
Result<std::vector<Facility>> Scan(storage::Connection& c, int64_t after_id, int64_t limit);

struct Query {
  // Code ranges [lo, hi) the facility's org unit must fall in (see
  // OrgTree::CodeRanges); empty means anywhere.
  std::vector<std::pair<std::string, std::string>> ranges;
  std::string type;                    // exact; empty means any
  std::optional<int64_t> alliance_id;  // members of one alliance
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Facility> items;
  bool has_more = false;
};
// One page in id order.
Result<Page> List(storage::Connection& c, const Query& q);

// Alliances, with the same contracts as the facility functions above.
Status InsertAlliance(storage::Connection& c, MedicalAlliance& a);
Status UpdateAlliance(storage::Connection& c, MedicalAlliance& a);
Result<std::optional<MedicalAlliance>> GetAlliance(storage::Connection& c, int64_t id);
Result<std::vector<MedicalAlliance>> ScanAlliances(storage::Connection& c, int64_t after_id,
                                                   int64_t limit);
// Ids of the alliances led by `facility_id`, in id order.
Result<std::vector<int64_t>> AlliancesLedBy(storage::Connection& c, int64_t facility_id);
// Sets an alliance's lead without a new version. Only for bulk import, where
// the lead arrives with the facilities, after its alliance was created.
Status SetAllianceLead(storage::Connection& c, int64_t alliance_id, int64_t facility_id);

struct AllianceQuery {
  std::vector<std::pair<std::string, std::string>> ranges;  // of the alliance's org unit
  int64_t page = 1;
  int64_t page_size = 20;
};
struct AlliancePage {
  std::vector<MedicalAlliance> items;
  bool has_more = false;
};
Result<AlliancePage> ListAlliances(storage::Connection& c, const AllianceQuery& q);

}  // namespace yilian::facility_store
