// Persistence of org units and their history (SQL over storage::Connection).
#pragma once

#include <vector>

#include "core/status.h"
#include "orgunit/org_unit.h"
#include "storage/database.h"

namespace yilian::orgunit_store {

Result<std::vector<OrgUnit>> LoadAll(storage::Connection& c);
Status Insert(storage::Connection& c, const OrgUnit& u);
// Writes `u` with version u.version + 1 if the stored version equals
// u.version; PreconditionFailed otherwise.
Status Update(storage::Connection& c, const OrgUnit& u);
Status InsertEvent(storage::Connection& c, const OrgUnitEvent& e);
Result<std::vector<OrgUnitEvent>> LoadEvents(storage::Connection& c, const std::string& code);

}  // namespace yilian::orgunit_store
