// The JSON shape of a service record in the API and in NDJSON files.
#pragma once

#include <nlohmann/json.hpp>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "core/status.h"
#include "service/service_record.h"

namespace yilian {

// Reads a new record (resident_id, service_code, service_date (default
// today), practitioner_id, facility_id, team_id, verification, data). The
// form data goes to *data unread (the rules read it against the form).
void ServiceFromJson(const nlohmann::json& j, ServiceRecord* s, nlohmann::json* data,
                     FieldErrors* errs, Date today);

nlohmann::json ServiceToJson(const ServiceRecord& s, const ServiceCatalogue* catalogue);

}  // namespace yilian
