// yilian: one binary for the county health information platform.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "yilian (医联): health records, family-doctor contracts and live indicators "
      "for county medical networks"};
  app.require_subcommand(1);
  app.set_config("--config", "", "read options from a TOML/INI config file", false);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->capture_default_str();
  yilian::cli::AddServeCommand(app);
  yilian::cli::AddInitCommand(app);
  yilian::cli::AddGenerateCommand(app);
  yilian::cli::AddImportCommand(app);
  yilian::cli::AddExportCommand(app);
  yilian::cli::AddUserCommand(app);
  yilian::cli::AddReportCommand(app);
  yilian::cli::AddVersionCommand(app);
  app.parse_complete_callback([&] { spdlog::set_level(spdlog::level::from_str(log_level)); });
  CLI11_PARSE(app, argc, argv);
  return yilian::cli::ExitCode();
}
