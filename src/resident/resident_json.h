// The JSON shape of a resident's health record, shared by the HTTP API and
// NDJSON import/export, and the flat (CSV) shape derived from it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/json_writer.h"
#include "core/status.h"
#include "resident/resident.h"

namespace yilian {

// Full record. With `masked`, ID and phone numbers are masked (lists, search).
nlohmann::json ResidentToJson(const Resident& r, const CodeSets* codes, bool masked, Date today);

// The same record written as JSON text (one object, same fields and values;
// keys in the form's order rather than sorted), without building a tree.
void WriteResidentJson(const Resident& r, const CodeSets* codes, bool masked, Date today,
                       JsonWriter& w);

// Reads the writable fields of `j` into `r` (fields absent from `j` keep
// their value in `r`, so the same function serves create and partial update).
// Unknown fields and wrong types are reported in `errs`; read-only fields
// (id, record_no, version, created_at, updated_at) are accepted and ignored
// so a client may send back what it read.
void ResidentFromJson(const nlohmann::json& j, Resident* r, FieldErrors* errs);

// One CSV row, in the column order of ResidentTransferKind().
std::vector<std::string> ResidentToCsv(const Resident& r);

}  // namespace yilian
