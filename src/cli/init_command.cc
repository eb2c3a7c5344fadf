#include <iostream>

#include "cli/commands.h"
#include "cli/database_setup.h"
#include "storage/schema.h"

namespace yilian::cli {

void AddInitCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>("var/yilian.db");
  CLI::App* cmd = app.add_subcommand("init", "create an empty database with the current schema");
  cmd->add_option("--db", *db, "SQLite file or postgresql:// URI")->capture_default_str();
  cmd->callback([db] {
    auto opened = OpenAndMigrate(*db);
    if (!opened.ok()) {
      PrintError(opened.status());
      ExitCode() = 1;
      return;
    }
    std::cout << "database ready: " << opened->db->Describe() << " (schema version "
              << storage::kSchemaVersion << ", " << opened->org_units->tree()->size()
              << " org units)" << std::endl;
  });
}

void AddVersionCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("version", "print the version");
  cmd->callback([] {
    std::cout << "yilian " << YILIAN_VERSION << " (schema " << storage::kSchemaVersion << ")"
              << std::endl;
  });
}

}  // namespace yilian::cli
