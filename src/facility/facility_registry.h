// The facility registry: health facilities (医疗卫生机构) and the county medical
// alliances (医共体) they belong to.
//
// Every operation validates first, then writes in one transaction, so a
// refused request changes nothing. Rules: a facility's type is in code set
// "facility_type", its org unit exists and is active, its code is unique
// (kConflict naming the facility that has it), beds are 0..5000, its alliance
// exists. An alliance serves an active city or county; its lead is a
// facility that belongs to it: naming an unaffiliated facility as lead enrols
// it, and a lead cannot leave its alliance. Updates are optimistic: they name
// the version they read and fail with kPreconditionFailed when it is stale.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "facility/facility.h"
#include "facility/facility_store.h"
#include "orgunit/org_unit_registry.h"
#include "storage/database.h"

namespace yilian {

class FacilityRegistry {
 public:
  FacilityRegistry(storage::Database& db, const CodeSets& codes, const OrgUnitRegistry& org_units)
      : db_(db), codes_(codes), org_units_(org_units) {}

  // Reads a new facility from its JSON shape (facility_json.h), validates and stores it.
  Result<Facility> Create(const nlohmann::json& body);
  // Validates and stores `f` inside the caller's write transaction (bulk
  // import). A non-zero f.id is kept; kConflict when it is taken.
  static Result<Facility> CreateIn(storage::Connection& c, Facility f, const CodeSets& codes,
                                   const OrgTree& tree);
  // Applies `patch` (JSON fields) to facility `id` if it is at `expected_version`.
  Result<Facility> Update(int64_t id, const nlohmann::json& patch, int64_t expected_version);
  Result<Facility> Get(int64_t id);
  // kInvalidArgument naming "page" or "page_size" when out of range.
  Result<facility_store::Page> List(const facility_store::Query& q);

  Result<MedicalAlliance> CreateAlliance(const nlohmann::json& body);
  static Result<MedicalAlliance> CreateAllianceIn(storage::Connection& c, MedicalAlliance a,
                                                  const OrgTree& tree);
  Result<MedicalAlliance> UpdateAlliance(int64_t id, const nlohmann::json& patch,
                                         int64_t expected_version);
  Result<MedicalAlliance> GetAlliance(int64_t id);
  Result<facility_store::AlliancePage> ListAlliances(const facility_store::AllianceQuery& q);

  const CodeSets& codes() const { return codes_; }
  const OrgUnitRegistry& org_units() const { return org_units_; }

 private:
  storage::Database& db_;
  const CodeSets& codes_;
  const OrgUnitRegistry& org_units_;
};

}  // namespace yilian
