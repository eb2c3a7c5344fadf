// The JSON shape of an enrolment in the API and in NDJSON files.
#pragma once

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "program/enrolment.h"

namespace yilian {

// Reads the fields of a new enrolment (resident_id, program, enrolled_on,
// facility_id, risk_level, lmp, edd, notified_on); enrolled_on defaults to
// `today`. Every fault goes to *errs.
void EnrolmentFromJson(const nlohmann::json& j, Enrolment* e, FieldErrors* errs, Date today);

// With code names when `codes` is given; `on` decides "active".
nlohmann::json EnrolmentToJson(const Enrolment& e, const CodeSets* codes, Date on);

}  // namespace yilian
