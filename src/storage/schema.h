// The database schema and its migrations.
//
// Every table that holds a resident's data carries the resident's village
// code (whose first six digits are the county code), so a distributed
// PostgreSQL can shard by county without cross-shard joins.
#pragma once

#include "core/status.h"
#include "storage/database.h"

namespace yilian::storage {

// The schema version this binary writes. Stored in meta('schema_version').
inline constexpr int kSchemaVersion = 4;

// Creates the schema on an empty database, or migrates an older one; refuses
// a database written by a newer yilian.
Status Migrate(Connection& c);

// True when the database holds a yilian schema already.
Result<bool> IsInitialised(Connection& c);

// meta key/value access (e.g. "created_at", "demo").
Result<std::optional<std::string>> GetMeta(Connection& c, std::string_view key);
Status SetMeta(Connection& c, std::string_view key, std::string_view value);

}  // namespace yilian::storage
