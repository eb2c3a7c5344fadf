// `yilian report`: the monthly bulletin or annual summary of an org unit,
// computed from the database (the live state is built first, with progress)
// and written as JSON, HTML, CSV or Excel.
#include <chrono>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/database_setup.h"
#include "core/period.h"
#include "followup/followup_rules.h"
#include "indicator/analytics.h"
#include "live/live_state.h"
#include "report/bulletin.h"
#include "report/report_writers.h"

namespace yilian::cli {
namespace {

struct ReportArgs {
  std::string db = "var/yilian.db";
  std::string kind = "bulletin";
  std::string ou;
  std::string pe;
  std::string format = "xlsx";
  std::string out;
  std::string today;
};

int RunReport(const ReportArgs& a) {
  Date today = Today();
  if (!a.today.empty()) {
    auto d = Date::ParseIso(a.today);
    if (!d) {
      std::cerr << "error: --today must be a date YYYY-MM-DD\n";
      return 2;
    }
    today = *d;
  }
  Date last_month = Date::FromYmd(today.year(), today.month(), 1)->AddDays(-1);
  std::string pe_text = !a.pe.empty() ? a.pe
                        : a.kind == "annual"
                            ? std::to_string(today.year())
                            : fmt::format("{}{:02}", last_month.year(), last_month.month());
  auto pe = ParsePeriod(pe_text, "--pe");
  if (!pe.ok()) {
    PrintError(pe.status());
    return 2;
  }
  if (a.kind == "annual" && pe->kind != "year") {
    std::cerr << "error: --pe: an annual summary is for a year, e.g. 2026\n";
    return 2;
  }
  if (a.format == "xlsx" && a.out.empty()) {
    std::cerr << "error: --out: an Excel report goes to a file\n";
    return 2;
  }
  auto opened = OpenAndMigrate(a.db);
  if (!opened.ok()) {
    PrintError(opened.status());
    return 1;
  }
  auto tree = opened->org_units->tree();
  std::string ou = a.ou;
  if (ou.empty()) {
    for (const OrgUnit* r : tree->Roots()) {
      // The first unit with more than one child: the county of a county
      // database, the city of a city one.
      const OrgUnit* u = r;
      while (u && tree->Children(u->code).size() == 1) u = tree->Children(u->code)[0];
      if (u) ou = u->code;
      break;
    }
  }
  const OrgUnit* unit = tree->Find(ou);
  if (!unit) {
    std::cerr << "error: --ou: no org unit " << ou << "\n";
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  live::LiveState live(*opened->db, *opened->org_units, FollowUpRules::Default());
  Status built = live.Rebuild(
      [](int64_t done) { std::cerr << "\r  figures: " << done << " residents" << std::flush; });
  std::cerr << "\n";
  if (!built.ok()) {
    PrintError(built);
    return 1;
  }
  report::Report rep = live.Read([&](const live::Aggregates& agg) {
    indicator::Analytics an(agg.indicators, agg.external, *tree);
    return report::BuildReport(a.kind, *unit, *pe, an, indicator::IndicatorSet::Default(), *tree,
                               today);
  });
  std::string body;
  if (a.format == "json") {
    body = report::ReportToJson(rep).dump(2) + "\n";
  } else if (a.format == "html") {
    body = report::ReportToHtml(rep);
  } else if (a.format == "csv") {
    body = report::ReportToCsv(rep);
  } else {
    auto bytes = report::ReportToXlsx(rep);
    if (!bytes.ok()) {
      PrintError(bytes.status());
      return 1;
    }
    body = std::move(*bytes);
  }
  if (a.out.empty()) {
    std::cout << body;
  } else {
    std::ofstream out(a.out, std::ios::binary);
    out << body;
    if (!out) {
      std::cerr << "error: cannot write " << a.out << "\n";
      return 1;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "report: " << rep.title << " " << rep.subtitle << ", " << rep.sections.size()
            << " sections, " << body.size() << " bytes" << (a.out.empty() ? "" : " in " + a.out)
            << " (" << fmt::format("{:.1f}", secs) << " s)\n";
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "the monthly bulletin (月通报) or annual summary of an org unit");
  cmd->add_option("--db", a->db, "SQLite file or postgresql:// URI")->capture_default_str();
  cmd->add_option("--kind", a->kind, "bulletin or annual")
      ->capture_default_str()
      ->check(CLI::IsMember({"bulletin", "annual"}));
  cmd->add_option("--ou", a->ou, "org unit code (default: the county or city)");
  cmd->add_option("--pe", a->pe, "period: 202611, 2026Q3, 2026 (default: last month / this year)");
  cmd->add_option("--format", a->format, "xlsx, html, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"xlsx", "html", "csv", "json"}));
  cmd->add_option("--out", a->out, "file to write (default: standard output; required for xlsx)");
  cmd->add_option("--today", a->today, "count as of this date YYYY-MM-DD (default: today)");
  cmd->callback([a] { ExitCode() = RunReport(*a); });
}

}  // namespace yilian::cli
