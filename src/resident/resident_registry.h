// The resident registry: the master patient index (one resident, one record).
//
// Every operation validates first, then writes in one transaction, so a
// refused request changes nothing. Creating a record whose ID number is
// already on file fails with kConflict naming the existing record number;
// likely duplicates (same name + birth date + village, or same phone + name)
// do not block the create but are returned and queued for review.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/audit_event.h"
#include "codes/code_set.h"
#include "core/status.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident.h"
#include "resident/resident_key_index.h"
#include "resident/resident_store.h"
#include "storage/database.h"

namespace yilian {
namespace live {
class LiveState;
}

struct PossibleDuplicate {
  int64_t resident_id = 0;
  std::string record_no;
  std::string name;
  std::string reason;  // "same_name_birth_date_village" | "same_phone_name"
};

struct CreatedResident {
  Resident resident;
  std::vector<PossibleDuplicate> possible_duplicates;
};

struct MergedResidents {
  Resident kept;
  Resident merged;
};

// Who is writing: the audit log's actor and the writer's scope. Given to a
// write, it is checked and recorded inside the write's own transaction, so
// the write and its audit record commit together or not at all.
struct ResidentWriter {
  audit::Actor actor;
  // Refuses a record the writer may not touch; called with the stored record
  // and with the record as it would be written. Empty = no restriction.
  std::function<Status(const Resident&)> may_write;
};

class ResidentRegistry {
 public:
  ResidentRegistry(storage::Database& db, const OrgUnitRegistry& org_units, const CodeSets& codes)
      : db_(db), org_units_(org_units), codes_(codes) {}

  // Validates and stores a new record; assigns its record number.
  Result<CreatedResident> Create(Resident r, const ResidentWriter* by = nullptr);
  // The same inside a caller's write transaction (bulk import). With a
  // `sequences` cache, record numbers come from it; the caller saves it.
  Result<CreatedResident> CreateIn(storage::Connection& c, Resident r, const OrgTree& tree,
                                   Date today, resident_store::SequenceCache* sequences = nullptr);
  // Normalises and validates the record as it would be created, without the
  // database (pure; bulk import runs it on its parsing thread).
  Status Check(Resident& r, const OrgTree& tree, Date today) const;
  // The database half of CreateIn for a record that passed Check: one record
  // per ID number, the household, the record number, the insert and the
  // likely-duplicate queue. With `keys` (a bulk load that dropped the
  // table's indexes), the ID number and likely duplicates are looked up
  // there instead of by SQL, and the new record is added to it.
  Result<CreatedResident> InsertChecked(storage::Connection& c, Resident r,
                                        resident_store::SequenceCache* sequences,
                                        ResidentKeyIndex* keys = nullptr);

  Result<Resident> Get(int64_t id);
  Result<Resident> GetByRecordNo(const std::string& record_no);
  // Applies `patch` (JSON fields of the record) to the stored record if its
  // version is `expected_version`.
  Result<Resident> Update(int64_t id, const nlohmann::json& patch, int64_t expected_version,
                          const ResidentWriter* by = nullptr);
  // Merges record `drop` into `keep`: everything attached to `drop` moves to
  // `keep`, empty fields of `keep` are filled from `drop`, and `drop` stays
  // as status "merged" pointing at `keep` (its number remains resolvable).
  Result<MergedResidents> Merge(int64_t keep, int64_t drop, int64_t keep_version,
                                int64_t drop_version, const ResidentWriter* by = nullptr);

  Result<resident_store::Page> Search(resident_store::Query q);

  const CodeSets& codes() const { return codes_; }
  const OrgUnitRegistry& org_units() const { return org_units_; }

  // Writes from now on are applied to `live` (see live/facts_tracker.h).
  void SetLive(live::LiveState* live) { live_ = live; }
  live::LiveState* live() const { return live_; }

 private:
  storage::Database& db_;
  const OrgUnitRegistry& org_units_;
  const CodeSets& codes_;
  live::LiveState* live_ = nullptr;
};

}  // namespace yilian
