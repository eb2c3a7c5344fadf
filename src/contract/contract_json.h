// The JSON shape of a contract in the API and in NDJSON files.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "contract/contract.h"
#include "contract/fulfilment.h"
#include "core/status.h"

namespace yilian {

// Reads a new contract (resident_id, team_id, doctor_id, packages,
// signing_method, signed_on (default today), start_date (default signed_on),
// end_date). Every fault goes to *errs.
void ContractFromJson(const nlohmann::json& j, Contract* c, FieldErrors* errs, Date today);

// With names when `catalogue`/`codes` are given, the state on `on`, and the
// fulfilment when given.
nlohmann::json ContractToJson(const Contract& c, const ServiceCatalogue* catalogue,
                              const CodeSets* codes, Date on,
                              const std::optional<Fulfilment>& fulfilment = std::nullopt);

nlohmann::json FulfilmentToJson(const Fulfilment& f, const ServiceCatalogue& catalogue);

}  // namespace yilian
