// The JSON shape of facilities and medical alliances, shared by the HTTP API
// and NDJSON import/export, and the flat (CSV) rows derived from them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "facility/facility.h"
#include "orgunit/org_tree.h"

namespace yilian {

// With `codes` and `tree`, the names of the type and the org unit are added
// ("type_name", "org_unit_name"); either may be null (exports leave them out).
nlohmann::json FacilityToJson(const Facility& f, const CodeSets* codes, const OrgTree* tree);

// Reads the writable fields of `j` into `f`; fields absent from `j` keep their
// value, so the same function serves create and partial update. Unknown
// fields and wrong types are reported in `errs`; read-only fields (id,
// version, type_name, org_unit_name) are accepted and ignored so a client may
// send back what it read.
void FacilityFromJson(const nlohmann::json& j, Facility* f, FieldErrors* errs);

// One CSV row in the column order of FacilityTransferKind(); `leads_alliance`
// fills the "alliance_lead" column.
std::vector<std::string> FacilityToCsv(const Facility& f, bool leads_alliance);

nlohmann::json AllianceToJson(const MedicalAlliance& a, const OrgTree* tree);
// As FacilityFromJson; read-only: id, version, org_unit_name.
void AllianceFromJson(const nlohmann::json& j, MedicalAlliance* a, FieldErrors* errs);
// One CSV row in the column order of AllianceTransferKind().
std::vector<std::string> AllianceToCsv(const MedicalAlliance& a);

}  // namespace yilian
