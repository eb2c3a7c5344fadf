// The JSON shape of a practitioner, shared by the HTTP API and NDJSON
// import/export, and the flat (CSV) row derived from it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "practitioner/practitioner.h"

namespace yilian {

// With `masked`, the ID number is masked (lists); the single-record view
// shows it in full. With `codes`, "sex_name" and "role_name" are added.
nlohmann::json PractitionerToJson(const Practitioner& p, const CodeSets* codes, bool masked);

// Reads the writable fields of `j` into `p`; fields absent from `j` keep their
// value (create and partial update). Unknown fields and wrong types go to
// `errs`. Read-only fields are accepted and ignored: id, version and the
// derived sex, birth_date, sex_name, role_name (sex and birth date always
// come from the ID number).
void PractitionerFromJson(const nlohmann::json& j, Practitioner* p, FieldErrors* errs);

// One CSV row in the column order of PractitionerTransferKind().
std::vector<std::string> PractitionerToCsv(const Practitioner& p);

}  // namespace yilian
