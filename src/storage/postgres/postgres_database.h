// PostgreSQL backend (libpq). Used for provinces and for multi-node
// deployments; the schema keeps the county code a natural shard key.
#pragma once

#include <memory>
#include <string>

#include "storage/database.h"

namespace yilian::storage {

// `conninfo` is a libpq connection URI ("postgresql://user@host:port/db").
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& conninfo);

// Rewrites `?` placeholders to $1, $2, … (outside quoted strings).
std::string ToPostgresPlaceholders(std::string_view sql);

}  // namespace yilian::storage
