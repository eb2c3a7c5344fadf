// The JSON shape of a family-doctor team, shared by the HTTP API and NDJSON
// import/export, and the flat (CSV) row derived from it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "team/team.h"
#include "team/team_registry.h"

namespace yilian {

// The team with its members (each with the name, role and status of their
// practitioner record when `r.practitioners` has it), the villages served and
// its "composition". With `codes`, "team_role_name" and "role_name" are added.
nlohmann::json TeamToJson(const TeamRecord& r, const CodeSets* codes);

// Reads the writable fields of `j` into `t`; fields absent from `j` keep their
// value (create and partial update), and "members" or "village_codes", when
// present, replace the whole list. Unknown fields and wrong types go to
// `errs`. Read-only fields (id, version, composition, and the practitioner
// details shown with each member) are accepted and ignored.
void TeamFromJson(const nlohmann::json& j, Team* t, FieldErrors* errs);

// One CSV row in the column order of TeamTransferKind(): members as
// "practitioner_id:team_role;…", villages as "code;code".
std::vector<std::string> TeamToCsv(const Team& t);

}  // namespace yilian
