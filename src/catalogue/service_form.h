// Reading a service form's data (the "data" object of a service record)
// against its definition, and the readings the follow-up rules look at.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "core/date.h"
#include "core/status.h"

namespace yilian {

// Validates `data` against `form` (types, plausible ranges, code sets,
// lengths, required fields, plus `also_required`) and returns it normalised:
// only the form's fields, integers as integers, dates as ISO text, list
// items trimmed. Unknown fields and every fault are added to *errs as
// "data.<field>". Cross-field rules: dbp below sbp.
nlohmann::json ReadFormData(const ServiceForm& form, const std::vector<std::string>& also_required,
                            const nlohmann::json& data, const CodeSets& codes, FieldErrors* errs);

// What the follow-up rules and the live figures read from a form.
struct Readings {
  std::optional<int> sbp, dbp;
  std::optional<double> fbg;
  std::optional<int> risk_level;
  std::optional<int> gestational_week;
  std::string classification;  // code set "followup_classification", or ""
  std::string condition;       // code set "mental_condition", or ""
  std::optional<Date> next_visit_date;
  bool referral = false;
  bool adverse_reaction = false;
};

// From data normalised by ReadFormData.
Readings ReadingsOf(const nlohmann::json& data);

}  // namespace yilian
