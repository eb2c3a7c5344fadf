// Opening the database for a command: migrate the schema and load the
// registries every command needs.
#pragma once

#include <memory>
#include <string>

#include "codes/code_set.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian::cli {

struct OpenedDatabase {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<OrgUnitRegistry> org_units;
  std::unique_ptr<ResidentRegistry> residents;
};

// Opens `spec` (a file path or postgresql:// URI), creating parent
// directories of a file and the schema when missing.
Result<OpenedDatabase> OpenAndMigrate(const std::string& spec);

// Prints a Status for a terminal user: the message and each field on a line.
void PrintError(const Status& s);

}  // namespace yilian::cli
