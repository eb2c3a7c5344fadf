// Who may reach which resident, and the audit trail of each access: shared by
// every route that touches residents' personal data (residents, households,
// exports).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "auth/principal.h"
#include "http/message.h"
#include "resident/resident.h"
#include "resident/resident_registry.h"

namespace yilian::api {

// The writer for registry writes by p: audited as p, refused outside p's
// capture scope.
ResidentWriter WriterFor(const ApiContext& ctx, const auth::Principal& p);

// Whether p may open r's record: inside the view scope (returns ""), or under
// an active break-the-glass grant (returns the grant's reason). Otherwise
// kPermissionDenied saying how to ask for access; the refusal is audited.
Result<std::string> CheckRead(const ApiContext& ctx, const auth::Principal& p, const Resident& r,
                              const std::string& what);

// Queues the audit event of an opened record (`reason`: a grant's reason).
void AuditRead(const ApiContext& ctx, const auth::Principal& p, const Resident& r,
               const std::string& reason, const std::string& resource = "resident");

// Queues the audit event of a search: its parameters and the ids it returned.
void AuditSearch(const ApiContext& ctx, const auth::Principal& p, const http::Request& r,
                 nlohmann::json resident_ids);

// GET /residents/export: every resident in p's view scope (below `ou` when
// given) as CSV or NDJSON, unmasked. Audited before the data leaves.
http::Response ExportResidents(const ApiContext& ctx, const http::Request& r,
                               const auth::Principal& p);

}  // namespace yilian::api
