// Writes a generated county or city (generate::Generate) into a database in
// one transaction: an interrupted generation leaves nothing behind.
#pragma once

#include <functional>

#include "core/status.h"
#include "generate/generator.h"
#include "storage/database.h"

namespace yilian {

// Refuses a database that already holds org units (generation is for a new
// database). `progress` receives (residents done, residents total).
Result<generate::Summary> GenerateIntoDatabase(
    storage::Database& db, const generate::Options& options,
    const std::function<void(int64_t done, int64_t total)>& progress);

}  // namespace yilian
