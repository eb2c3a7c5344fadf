// What the HTTP handlers share: the database and the registries built on it.
// Owned by `yilian serve` (cli/serve_command.cc), created once at start-up.
#pragma once

#include "codes/code_set.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian::api {

struct ApiContext {
  storage::Database& db;
  const CodeSets& codes;
  OrgUnitRegistry& org_units;
  ResidentRegistry& residents;
};

}  // namespace yilian::api
