// SQLite backend: one database file in WAL mode with durable commits
// (synchronous=FULL: a committed write survives power loss).
#pragma once

#include <memory>
#include <string>

#include "storage/database.h"

namespace yilian::storage {

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path);

}  // namespace yilian::storage
