// The household registry: the households (户) residents belong to.
//
// Every operation validates first, then writes in one transaction, so a
// refused request changes nothing. Rules: the village exists, is a level-5
// unit and is active (a household of a village merged since may still be
// edited in other fields); the head, when given, is an active resident living
// in that village and in no other household; a household whose members live
// in its village cannot move away from them. Updates are optimistic
// (kPreconditionFailed on a stale version).
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "orgunit/org_unit_registry.h"
#include "resident/household_store.h"
#include "resident/resident.h"
#include "storage/database.h"

namespace yilian {

struct HouseholdRecord {
  Household household;
  std::vector<household_store::Member> members;  // residents whose household it is
};

class HouseholdRegistry {
 public:
  HouseholdRegistry(storage::Database& db, const CodeSets& codes, const OrgUnitRegistry& org_units)
      : db_(db), codes_(codes), org_units_(org_units) {}

  // Reads a new household from its JSON shape, validates and stores it.
  Result<HouseholdRecord> Create(const nlohmann::json& body);
  // Validates and stores `h` inside the caller's write transaction (bulk
  // import). A non-zero h.id is kept; kConflict when it is taken.
  static Result<Household> CreateIn(storage::Connection& c, Household h, const OrgTree& tree);
  // Applies `patch` to household `id` if it is at `expected_version`.
  Result<HouseholdRecord> Update(int64_t id, const nlohmann::json& patch, int64_t expected_version);
  // The household with its members.
  Result<HouseholdRecord> Get(int64_t id);
  // kInvalidArgument naming "page" or "page_size" when out of range.
  Result<household_store::Page> List(const household_store::Query& q);

  const CodeSets& codes() const { return codes_; }
  const OrgUnitRegistry& org_units() const { return org_units_; }

 private:
  storage::Database& db_;
  const CodeSets& codes_;
  const OrgUnitRegistry& org_units_;
};

}  // namespace yilian
