// What every write about a resident's care (enrolments, contracts, service
// records) shares: loading the resident inside the write's transaction,
// refusing one outside the writer's capture scope, and the audit event.
#pragma once

#include <string>

#include "audit/audit_event.h"
#include "core/status.h"
#include "resident/resident.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian::care {

// The resident `id` for a write by `by`: kInvalidArgument naming `field`
// when there is no such record, kConflict when it was merged away (naming the
// surviving record), the writer's scope refusal when outside it.
Result<Resident> ResidentForWrite(storage::Connection& c, int64_t id, const ResidentWriter* by,
                                  const std::string& field = "resident_id");

// The audit event of `action` on `resource` `id` about resident `r`.
audit::AuditEvent CareEvent(const ResidentWriter& by, std::string action, std::string resource,
                            int64_t id, const Resident& r);
}  // namespace yilian::care
