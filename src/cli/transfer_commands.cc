#include <fstream>
#include <iostream>
#include "live/live_state.h"

#include "cli/commands.h"
#include "cli/database_setup.h"
#include "transfer/import.h"
#include "transfer/transfer_kind.h"

namespace yilian::cli {
namespace {

std::vector<std::string> KindNames() {
  std::vector<std::string> names;
  for (const auto& k : TransferKinds()) names.push_back(k.name);
  return names;
}

struct ImportArgs {
  std::string db = "var/yilian.db";
  std::string file;
  std::string errors_file;
  ImportOptions opt;
  bool valid_only = false;
};

int RunImportCommand(ImportArgs& a) {
  a.opt.all_or_nothing = !a.valid_only;
  if (a.opt.format.empty()) {
    a.opt.format =
        a.file.size() > 7 && a.file.substr(a.file.size() - 7) == ".ndjson" ? "ndjson" : "csv";
  }
  std::ifstream in(a.file, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot open " << a.file << "\n";
    return 2;
  }
  auto opened = OpenAndMigrate(a.db);
  if (!opened.ok()) {
    PrintError(opened.status());
    return 1;
  }
  std::cerr << "importing " << a.opt.kind << " from " << a.file << " ("
            << (a.opt.all_or_nothing ? "all or nothing" : "valid lines only")
            << (a.opt.dry_run ? ", dry run" : "") << ")\n";
  auto report = RunImport(*opened->db, *opened->org_units, *opened->residents, in, a.opt,
                          [](int64_t lines, int64_t rejected) {
                            std::cerr << "\r  " << lines << " lines read, " << rejected
                                      << " rejected" << std::flush;
                          });
  std::cerr << "\n";
  if (!report.ok()) {
    PrintError(report.status());
    return 1;
  }
  if (report->written > 0) {
    // A server running on this database rebuilds its live state.
    Status marked = opened->db->Write(
        [](storage::Connection& c) { return live::LiveState::MarkExternalChange(c); });
    if (!marked.ok()) PrintError(marked);
  }
  std::ofstream errors_out;
  if (!a.errors_file.empty()) {
    errors_out.open(a.errors_file);
    errors_out << "line,field,reason\n";
  }
  size_t shown = 0;
  for (const auto& r : report->rejections) {
    auto print = [&](const std::string& field, const std::string& reason) {
      if (shown < 50) std::cerr << "line " << r.line << ": " << field << ": " << reason << "\n";
      if (errors_out) errors_out << r.line << ",\"" << field << "\",\"" << reason << "\"\n";
    };
    if (r.fields.empty()) print("-", r.message);
    for (const auto& f : r.fields) print(f.field, f.reason);
    ++shown;
  }
  if (report->rejected > static_cast<int64_t>(shown) || shown > 50) {
    std::cerr << "… " << report->rejected << " rejected lines in all"
              << (a.errors_file.empty() ? " (use --errors FILE for the full list)" : "") << "\n";
  }
  double rate = report->seconds > 0 ? report->lines / report->seconds : 0;
  std::cout << "summary: " << report->lines << " lines, " << report->accepted << " valid, "
            << report->rejected << " rejected, " << report->written << " written in "
            << report->seconds << " s (" << static_cast<int64_t>(rate) << " lines/s)";
  if (report->written == 0 && report->rejected > 0 && a.opt.all_or_nothing) {
    std::cout << "; nothing was written because of the rejected lines (fix them, or use "
                 "--valid-only to write the valid lines)";
  }
  if (a.opt.dry_run) std::cout << "; dry run, nothing was written";
  std::cout << std::endl;
  return report->rejected > 0 ? 3 : 0;
}

}  // namespace

void AddImportCommand(CLI::App& app) {
  auto a = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "bulk-load registry records from CSV or NDJSON (all or nothing by default)");
  cmd->add_option("--db", a->db, "SQLite file or postgresql:// URI")->capture_default_str();
  cmd->add_option("--kind", a->opt.kind, "what the file holds")
      ->required()
      ->check(CLI::IsMember(KindNames()));
  cmd->add_option("--format", a->opt.format, "csv or ndjson (default: from the file name)")
      ->check(CLI::IsMember({"csv", "ndjson"}));
  cmd->add_flag("--valid-only", a->valid_only,
                "write the valid lines and report the rejected ones (default: all or nothing)");
  cmd->add_flag("--dry-run", a->opt.dry_run, "validate every line, write nothing");
  cmd->add_option("--errors", a->errors_file, "write every rejected line to this CSV file");
  cmd->add_option("file", a->file, "input file")->required()->check(CLI::ExistingFile);
  a->opt.format.clear();
  cmd->callback([a] { ExitCode() = RunImportCommand(*a); });
}

void AddExportCommand(CLI::App& app) {
  struct Args {
    std::string db = "var/yilian.db";
    std::string out;
    ExportOptions opt;
    bool no_bom = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("export", "write registry records as CSV or NDJSON");
  cmd->add_option("--db", a->db, "SQLite file or postgresql:// URI")->capture_default_str();
  cmd->add_option("--kind", a->opt.kind, "what to export")
      ->required()
      ->check(CLI::IsMember(KindNames()));
  cmd->add_option("--format", a->opt.format, "csv or ndjson")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "ndjson"}));
  cmd->add_flag("--no-bom", a->no_bom, "omit the UTF-8 byte-order mark Excel needs");
  cmd->add_option("--out", a->out, "output file (default: standard output)");
  cmd->callback([a] {
    a->opt.bom = !a->no_bom;
    auto opened = OpenAndMigrate(a->db);
    if (!opened.ok()) {
      PrintError(opened.status());
      ExitCode() = 1;
      return;
    }
    std::ofstream file;
    if (!a->out.empty()) {
      file.open(a->out, std::ios::binary);
      if (!file) {
        std::cerr << "error: cannot write " << a->out << "\n";
        ExitCode() = 2;
        return;
      }
    }
    std::ostream& out = a->out.empty() ? std::cout : file;
    auto n = RunExport(*opened->db, out, a->opt);
    if (!n.ok()) {
      PrintError(n.status());
      ExitCode() = 1;
      return;
    }
    std::cerr << "exported " << *n << " " << a->opt.kind << std::endl;
  });
}

}  // namespace yilian::cli
