#include <chrono>
#include <iostream>
#include "catalogue/service_catalogue.h"
#include "live/live_state.h"

#include "cli/commands.h"
#include "cli/demo_county.h"
#include "transfer/generated_data_writer.h"

namespace yilian::cli {

Result<generate::Summary> GenerateWithProgress(OpenedDatabase& opened,
                                               const generate::Options& options) {
  auto started = std::chrono::steady_clock::now();
  std::cerr << "generating a " << (options.kind == "city" ? "city" : "county") << " of "
            << options.residents << " residents (seed " << options.seed << ") into "
            << opened.db->Describe() << "\n";
  auto summary = GenerateIntoDatabase(*opened.db, options, [&](int64_t done, int64_t total) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "\r  residents " << done << " / " << total << " ("
              << (total ? done * 100 / total : 100) << "%, " << static_cast<int64_t>(secs) << " s)"
              << std::flush;
  });
  std::cerr << "\n";
  if (!summary.ok()) return summary.status();
  YILIAN_RETURN_IF_ERROR(opened.org_units->Load());
  YILIAN_RETURN_IF_ERROR(opened.db->Write(
      [](storage::Connection& c) { return live::LiveState::MarkExternalChange(c); }));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "generated in " << secs << " s: " << summary->org_units << " org units, "
            << summary->alliances << " medical alliances, " << summary->facilities
            << " facilities, " << summary->practitioners << " practitioners, " << summary->teams
            << " family-doctor teams, " << summary->households << " households, "
            << summary->residents << " residents";
  for (const auto& [code, n] : summary->conditions) {
    const CodeSet* cs = DefaultCodeSets().Find("disease_history");
    const CodeEntry* e = cs ? cs->Find(code) : nullptr;
    std::cout << (code == summary->conditions.begin()->first ? "; conditions: " : ", ")
              << (e ? e->name : code) << " " << n;
  }
  if (summary->services > 0) {
    std::cout << "; care of the year to " << options.today.ToIso() << ": ";
    for (const auto& [program, n] : summary->enrolments) std::cout << program << " " << n << ", ";
    std::cout << summary->contracts << " contracts, " << summary->services << " services, "
              << FormatPoints(summary->points_centi) << " work points";
  }
  std::cout << std::endl;
  return summary;
}

Status EnsureDemoCounty(OpenedDatabase& opened, int64_t residents) {
  if (opened.org_units->tree()->size() > 0) return Status::Ok();
  generate::Options o;
  o.kind = "county";
  o.residents = residents;
  o.today = Today();
  std::cout << "empty database: creating the demo county" << std::endl;
  auto s = GenerateWithProgress(opened, o);
  return s.ok() ? Status::Ok() : s.status();
}

void AddGenerateCommand(CLI::App& app) {
  struct Args {
    std::string db = "var/yilian.db";
    generate::Options o;
    std::string today;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "generate", "make a synthetic county or city (deterministic for a seed) in a new database");
  cmd->add_option("--db", a->db, "SQLite file or postgresql:// URI")->capture_default_str();
  cmd->add_option("--kind", a->o.kind, "county or city")
      ->capture_default_str()
      ->check(CLI::IsMember({"county", "city"}));
  cmd->add_option("--residents", a->o.residents, "number of residents")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{100}, int64_t{20000000}));
  cmd->add_option("--seed", a->o.seed, "random seed")->capture_default_str();
  cmd->add_option("--province", a->o.province_code, "2-digit province code")->capture_default_str();
  cmd->add_option("--city", a->o.city_code, "4-digit city code")->capture_default_str();
  cmd->add_option("--county", a->o.county_code, "6-digit county code (kind county)")
      ->capture_default_str();
  cmd->add_option("--today", a->today, "reference date YYYY-MM-DD (default: today)");
  cmd->add_flag("!--no-care", a->o.care,
                "registries and residents only: no enrolments, contracts or services");
  cmd->callback([a] {
    a->o.today = Today();
    if (!a->today.empty()) {
      auto d = Date::ParseIso(a->today);
      if (!d) {
        std::cerr << "error: --today must be a date YYYY-MM-DD\n";
        ExitCode() = 2;
        return;
      }
      a->o.today = *d;
    }
    auto opened = OpenAndMigrate(a->db);
    if (!opened.ok()) {
      PrintError(opened.status());
      ExitCode() = 1;
      return;
    }
    auto s = GenerateWithProgress(*opened, a->o);
    if (!s.ok()) {
      PrintError(s.status());
      ExitCode() = 1;
    }
  });
}

}  // namespace yilian::cli
