// The JSON shape of a household (户), shared by the HTTP API and NDJSON
// import/export, and the flat (CSV) row derived from it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "orgunit/org_tree.h"
#include "resident/household_store.h"
#include "resident/resident.h"

namespace yilian {

// With `tree`, the village's name is added ("village_name").
nlohmann::json HouseholdToJson(const Household& h, const OrgTree* tree);

// The members as listed with their household; ID numbers are always masked
// (the full record is one GET /residents/{id} away, and audited there).
nlohmann::json HouseholdMembersToJson(const std::vector<household_store::Member>& members,
                                      const CodeSets* codes);

// Reads the writable fields of `j` into `h`; fields absent from `j` keep their
// value (create and partial update). Unknown fields and wrong types go to
// `errs`; read-only fields (id, version, village_name, members) are accepted
// and ignored.
void HouseholdFromJson(const nlohmann::json& j, Household* h, FieldErrors* errs);

// One CSV row in the column order of HouseholdTransferKind().
std::vector<std::string> HouseholdToCsv(const Household& h);

}  // namespace yilian
