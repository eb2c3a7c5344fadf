#include "cli/database_setup.h"

#include <filesystem>
#include <iostream>

#include "storage/schema.h"

namespace yilian::cli {

Result<OpenedDatabase> OpenAndMigrate(const std::string& spec) {
  if (auto file = storage::SqlitePath(spec)) {
    std::filesystem::path p(*file);
    if (p.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(p.parent_path(), ec);
      if (ec)
        return Status::IoError("cannot create " + p.parent_path().string() + ": " + ec.message());
    }
  }
  auto db = storage::OpenDatabase(spec);
  if (!db.ok()) return db.status();
  Status s = (*db)->Write([](storage::Connection& c) { return storage::Migrate(c); });
  if (!s.ok()) return s;
  OpenedDatabase out;
  out.db = std::move(*db);
  out.org_units = std::make_unique<OrgUnitRegistry>(*out.db);
  YILIAN_RETURN_IF_ERROR(out.org_units->Load());
  out.residents = std::make_unique<ResidentRegistry>(*out.db, *out.org_units, DefaultCodeSets());
  return out;
}

void PrintError(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  for (const auto& f : s.fields()) {
    if (s.message().find(f.field) == std::string::npos || s.fields().size() > 1) {
      std::cerr << "  " << f.field << ": " << f.reason << "\n";
    }
  }
}

}  // namespace yilian::cli
