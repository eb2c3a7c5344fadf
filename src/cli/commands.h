// The subcommands of the `yilian` binary. Each Add*Command registers its
// options on the CLI11 app and the function that runs it.
#pragma once

#include <CLI/CLI.hpp>

namespace yilian::cli {

void AddServeCommand(CLI::App& app);
void AddInitCommand(CLI::App& app);
void AddGenerateCommand(CLI::App& app);
void AddImportCommand(CLI::App& app);
void AddExportCommand(CLI::App& app);
void AddVersionCommand(CLI::App& app);
void AddUserCommand(CLI::App& app);
void AddReportCommand(CLI::App& app);

// Exit code of the subcommand that ran (set by its callback).
int& ExitCode();

}  // namespace yilian::cli
