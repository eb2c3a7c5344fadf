// The practitioner registry: doctors, nurses, village doctors and
// public-health staff, each at one facility.
//
// Every operation validates first, then writes in one transaction, so a
// refused request changes nothing. Rules: the ID number is a valid GB 11643
// citizen ID (sex and birth date are taken from it, never from input) and
// unique (kConflict naming the practitioner who has it); the role is in code
// set "practitioner_role"; the facility exists; a non-empty licence number is
// unique (kConflict); the phone is well-formed; status is active or left, and
// a member of an active team cannot leave until taken off the team. Updates
// are optimistic (kPreconditionFailed on a stale version).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/date.h"
#include "core/status.h"
#include "orgunit/org_unit_registry.h"
#include "practitioner/practitioner.h"
#include "practitioner/practitioner_store.h"
#include "storage/database.h"

namespace yilian {

class PractitionerRegistry {
 public:
  PractitionerRegistry(storage::Database& db, const CodeSets& codes,
                       const OrgUnitRegistry& org_units)
      : db_(db), codes_(codes), org_units_(org_units) {}

  // Reads a new practitioner from its JSON shape, validates and stores it.
  Result<Practitioner> Create(const nlohmann::json& body);
  // Validates and stores `p` inside the caller's write transaction (bulk
  // import); `today` bounds the birth date in the ID number. A non-zero p.id
  // is kept; kConflict when it is taken.
  static Result<Practitioner> CreateIn(storage::Connection& c, Practitioner p,
                                       const CodeSets& codes, Date today);
  // Applies `patch` (JSON fields) to practitioner `id` if it is at `expected_version`.
  Result<Practitioner> Update(int64_t id, const nlohmann::json& patch, int64_t expected_version);
  Result<Practitioner> Get(int64_t id);
  // kInvalidArgument naming "page" or "page_size" when out of range.
  Result<practitioner_store::Page> List(const practitioner_store::Query& q);

  const CodeSets& codes() const { return codes_; }
  // For the org-unit scope of listings (Query::ranges).
  const OrgUnitRegistry& org_units() const { return org_units_; }

 private:
  storage::Database& db_;
  const CodeSets& codes_;
  const OrgUnitRegistry& org_units_;
};

}  // namespace yilian
