// In-process benchmarks of the live state over a generated database (see
// BENCHMARKS.md): the rebuild (as `yilian serve` does it at start-up), the
// memory it takes, single indicator queries at each org-unit level
// (Analytics::Evaluate, the call GET /api/v1/analytics makes), worklist
// queries (Worklist::Find, the call GET /api/v1/worklist makes) for a township
// and the whole area, and the full recompute of a standard set of indicators
// for every org unit and month, written as CSV for the comparison with DuckDB
// and PostgreSQL (bench/sql/).
//
//   live_bench --db bench/out/source.db --today 2026-12-03 --months 24
//              --figures bench/out/figures-yilian.csv
//
// Prints one "key: value" line per measurement (bench/run.sh reads them).
// Latencies are measured one call at a time with steady_clock; p50/p99 over
// the calls (the clock's own cost, ~20 ns, is included).
#include <benchmark/benchmark.h>  // linked by CMake for every bench; unused here

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/date.h"
#include "core/period.h"
#include "followup/followup_rules.h"
#include "followup/worklist.h"
#include "indicator/analytics.h"
#include "indicator/indicator_cube.h"
#include "indicator/indicator_def.h"
#include "live/live_state.h"
#include "live/resident_facts.h"
#include "orgunit/org_unit_registry.h"
#include "storage/database.h"

namespace yilian {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds (user + system) of this process so far: with other work on the
// machine, wall time alone overstates what a computation costs.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Resident set size of this process, in KiB (VmRSS), and its peak (VmHWM).
std::pair<long, long> Rss() {
  std::ifstream in("/proc/self/status");
  std::string line;
  long rss = 0, hwm = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::atol(line.c_str() + 6);
  }
  return {rss, hwm};
}

struct Stats {
  size_t n = 0;
  double p50 = 0, p99 = 0, max = 0, mean = 0;
};

Stats Summarise(std::vector<double> us) {
  Stats s;
  s.n = us.size();
  if (us.empty()) return s;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(us.size() - 1) + 0.5);
    return us[std::min(i, us.size() - 1)];
  };
  s.p50 = at(0.50);
  s.p99 = at(0.99);
  s.max = us.back();
  double sum = 0;
  for (double v : us) sum += v;
  s.mean = sum / static_cast<double>(us.size());
  return s;
}

void Report(const std::string& key, const Stats& s, const std::string& extra = "") {
  std::printf("%s: n=%zu p50_us=%.2f p99_us=%.2f max_us=%.1f mean_us=%.2f%s%s\n", key.c_str(), s.n,
              s.p50, s.p99, s.max, s.mean, extra.empty() ? "" : " ", extra.c_str());
  std::fflush(stdout);
}

// Calls fn() until `count` calls or `budget` seconds, whichever first; per-call µs.
template <typename Fn>
std::vector<double> Time(size_t count, double budget, Fn&& fn) {
  std::vector<double> us;
  us.reserve(count);
  auto start = Clock::now();
  for (size_t i = 0; i < count; ++i) {
    auto a = Clock::now();
    fn(i);
    auto b = Clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    if (Seconds(start, b) > budget) break;
  }
  return us;
}

// ScanFacts with two readers, as LiveState::Rebuild reads SQLite (nothing
// writes here, so the two snapshots are the same).
Status ScanAll(storage::Database& db, const std::function<Status(live::ResidentFacts&)>& fn) {
  storage::HeldRead second(db);
  if (!second.status().ok()) return second.status();
  return db.Read([&](storage::Connection& c) {
    storage::Connection* readers[] = {&c, &*second};
    return live::ScanFacts(readers, fn);
  });
}

struct Options {
  std::string db, today, figures;
  std::string cube_figures;  // with cube_only: the recompute's figures from the cube alone
  int months = 24;
  int queries = 20000;     // per level and indicator
  bool cube_only = false;  // also time a rebuild of the indicator cube alone
  bool scan_only = false;  // only time reading every resident's facts (for profiling the reader)
  double budget = 20;      // seconds per latency series at most
};

int Run(const Options& o) {
  auto today = Date::ParseIso(o.today);
  if (!today) {
    std::cerr << "--today must be YYYY-MM-DD\n";
    return 2;
  }
  SetTodayForTesting(*today);  // the live state's worklist day, as `serve` on that day
  auto opened = storage::OpenDatabase(o.db);
  if (!opened.ok()) {
    std::cerr << opened.status().ToString() << "\n";
    return 2;
  }
  auto db = std::move(opened).value();
  OrgUnitRegistry org_units(*db);
  if (Status s = org_units.Load(); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 2;
  }
  auto tree = org_units.tree();
  const FollowUpRules& rules = FollowUpRules::Default();
  std::printf("today: %s\n", today->ToIso().c_str());
  std::printf("org_units: %zu\n", tree->size());

  if (o.scan_only) {
    auto a = Clock::now();
    double cpu_a = CpuSeconds();
    int64_t residents = 0, services = 0;
    Status s = ScanAll(*db, [&](live::ResidentFacts& f) {
      ++residents;
      services += static_cast<int64_t>(f.services.size());
      return Status::Ok();
    });
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
    std::printf("scan_facts: seconds=%.2f cpu_s=%.2f residents=%lld services=%lld\n",
                Seconds(a, Clock::now()), CpuSeconds() - cpu_a, static_cast<long long>(residents),
                static_cast<long long>(services));
    return 0;
  }

  // 1. The live state, built as `yilian serve` builds it (cold for the first
  //    build only as far as the OS page cache is: run.sh reads the file first).
  auto rss0 = Rss();
  live::LiveState live(*db, org_units, rules);
  auto t0 = Clock::now();
  double cpu0 = CpuSeconds();
  if (Status s = live.Rebuild(); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  auto t1 = Clock::now();
  double cpu1 = CpuSeconds();
  auto rss1 = Rss();
  auto st = live.stats();
  size_t worklist_residents =
      live.Read([](const live::Aggregates& a) { return a.worklist.residents(); });
  size_t units = live.Read([](const live::Aggregates& a) { return a.indicators.units(); });
  size_t cube_bytes = live.Read([](const live::Aggregates& a) { return a.indicators.bytes(); });
  size_t wl_bytes = live.Read([](const live::Aggregates& a) { return a.worklist.bytes(); });
  size_t pt_bytes = live.Read([](const live::Aggregates& a) { return a.points.bytes(); });
  std::printf(
      "live_rebuild: seconds=%.2f cpu_s=%.2f residents=%lld on_worklists=%zu cube_units=%zu "
      "state_mib=%.1f cube_mib=%.1f worklist_mib=%.1f points_mib=%.1f rss_before_mib=%.0f "
      "rss_after_mib=%.0f rss_peak_mib=%.0f\n",
      Seconds(t0, t1), cpu1 - cpu0, static_cast<long long>(st.residents), worklist_residents, units,
      static_cast<double>(st.bytes) / 1048576.0, static_cast<double>(cube_bytes) / 1048576.0,
      static_cast<double>(wl_bytes) / 1048576.0, static_cast<double>(pt_bytes) / 1048576.0,
      static_cast<double>(rss0.first) / 1024.0, static_cast<double>(rss1.first) / 1024.0,
      static_cast<double>(rss1.second) / 1024.0);
  std::fflush(stdout);

  // 2. The indicator cube alone, rebuilt from the store (what the full
  //    recompute needs: no worklist, no work-point ledger).
  // Kept for section 5, which evaluates the recompute from it too.
  std::optional<indicator::IndicatorCube> alone;
  if (o.cube_only) {
    auto& cube =
        alone.emplace(indicator::ElementCatalogue::Default(), ServiceCatalogue::Default(), rules);
    auto a = Clock::now();
    double cpu_a = CpuSeconds();
    double scan_only = 0;
    Status s = ScanAll(*db, [&](live::ResidentFacts& f) {
      cube.Accumulate(f);
      return Status::Ok();
    });
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
    auto b = Clock::now();
    cube.Finish(*tree);
    auto c = Clock::now();
    double cpu_c = CpuSeconds();
    // The read of the facts alone, to split the time.
    auto d = Clock::now();
    int64_t n = 0;
    s = ScanAll(*db, [&](live::ResidentFacts& f) {
      n += static_cast<int64_t>(f.services.size());
      return Status::Ok();
    });
    auto e = Clock::now();
    scan_only = Seconds(d, e);
    std::printf(
        "cube_rebuild: seconds=%.2f cpu_s=%.2f accumulate_s=%.2f finish_s=%.2f "
        "scan_facts_only_s=%.2f services_read=%lld\n",
        Seconds(a, c), cpu_c - cpu_a, Seconds(a, b), Seconds(b, c), scan_only,
        static_cast<long long>(n));
    std::fflush(stdout);
  }

  const auto& set = indicator::IndicatorSet::Default();
  // 3. Single indicator queries at each level: one indicator, one org unit,
  //    the current year (with last year, target and rank, as the API answers).
  std::mt19937_64 rng(42);
  std::map<int, std::vector<const OrgUnit*>> by_level;
  for (const auto& u : tree->units())
    if (u.status == "active") by_level[u.level].push_back(&u);
  auto year = ParsePeriod(std::to_string(today->year()));
  auto month = ParsePeriod(today->ToIso().substr(0, 4) + today->ToIso().substr(5, 2));
  const char* level_names[] = {"", "province", "city", "county", "township", "village"};
  for (const char* dx : {"contract_rate", "htn_control_rate"}) {
    const indicator::Indicator* in = set.Find(dx);
    for (int level = 2; level <= 5; ++level) {
      const auto& us = by_level[level];
      if (us.empty()) continue;
      std::vector<const OrgUnit*> picks;
      for (int i = 0; i < 4096; ++i) picks.push_back(us[rng() % us.size()]);
      for (const auto& [pname, pe] : {std::pair{"year", *year}, std::pair{"month", *month}}) {
        auto times = Time(static_cast<size_t>(o.queries), o.budget, [&](size_t i) {
          indicator::AnalyticsQuery q;
          q.dx = {in};
          q.ou = {picks[i % picks.size()]};
          q.pe = {pe};
          q.today = *today;
          auto rows = live.Read([&](const live::Aggregates& a) {
            return indicator::Analytics(a.indicators, a.external, *tree).Evaluate(q);
          });
          benchmark::DoNotOptimize(rows);
        });
        Report(std::string("analytics ") + dx + " " + level_names[level] + " " + pname,
               Summarise(times), "units=" + std::to_string(us.size()));
      }
    }
  }

  // 4. Worklists: the township closest to 30,000 residents, and the whole
  //    area (the root below the province: the city, or the county).
  {
    std::map<std::string, int64_t> residents_of;  // township -> residents
    Status s = db->Read([&](storage::Connection& c) {
      auto st = c.Prepare(
          "SELECT substr(village_code, 1, 9), count(*) FROM residents WHERE status = 'active' "
          "GROUP BY 1");
      if (!st.ok()) return st.status();
      while (true) {
        auto r = (*st)->Step();
        if (!r.ok()) return r.status();
        if (!*r) break;
        residents_of[std::string((*st)->Text(0)) + "000"] = (*st)->Int(1);
      }
      return Status::Ok();
    });
    if (!s.ok()) {
      std::cerr << s.ToString() << "\n";
      return 1;
    }
    std::string town;
    int64_t best = -1;
    for (const auto& [code, n] : residents_of) {
      if (best < 0 || std::llabs(n - 30000) < std::llabs(best - 30000)) {
        best = n;
        town = code;
      }
    }
    const OrgUnit* top =
        by_level.count(2) && by_level[2].size() == 1 && by_level.count(3) && by_level[3].size() > 1
            ? by_level[2][0]
            : by_level[3][0];
    struct Case {
      std::string name, code;
      int64_t residents;
    };
    int64_t all = 0;
    for (const auto& [c, n] : residents_of) all += n;
    std::vector<Case> cases = {{"township", town, best}, {"area", top->code, all}};
    for (const auto& c : cases) {
      for (const char* status : {"open", "overdue"}) {
        WorklistQuery q;
        q.ranges = tree->CodeRanges(c.code);
        q.on = *today;
        q.status = status;
        int64_t total = 0;
        auto times = Time(c.name == "area" ? 200 : 2000, o.budget, [&](size_t) {
          auto page = live.Read([&](const live::Aggregates& a) { return a.worklist.Find(q); });
          total = page.total;
          benchmark::DoNotOptimize(page);
        });
        Report("worklist " + c.name + " " + status, Summarise(times),
               "ou=" + c.code + " residents=" + std::to_string(c.residents) +
                   " rows=" + std::to_string(total));
      }
    }
  }

  // 5. The full recompute: the standard set for every org unit and every
  //    month, from the live cube, written for the comparison.
  {
    std::vector<const indicator::Indicator*> dx;
    for (const char* id :
         {"records", "contracted", "contract_rate", "htn_managed", "htn_standard_rate",
          "htn_control_rate", "elderly_management_rate", "services", "work_points"})
      dx.push_back(set.Find(id));
    std::vector<const OrgUnit*> ous;
    for (int level = 2; level <= 5; ++level)
      for (const OrgUnit* u : by_level[level]) ous.push_back(u);
    std::vector<Period> pes;
    Date first = today->AddMonths(-(o.months - 1));
    for (int m = 0; m < o.months; ++m) {
      Date d = first.AddMonths(m);
      char code[8];
      std::snprintf(code, sizeof code, "%04d%02d", d.year(), d.month());
      pes.push_back(*ParsePeriod(code));
    }
    indicator::AnalyticsQuery q;
    q.dx = dx;
    q.ou = ous;
    q.pe = pes;
    q.today = *today;
    auto a = Clock::now();
    double ecpu0 = CpuSeconds();
    auto rows = live.Read([&](const live::Aggregates& ag) {
      return indicator::Analytics(ag.indicators, ag.external, *tree).Evaluate(q);
    });
    auto b = Clock::now();
    double ecpu1 = CpuSeconds();
    // Only the current figures (no last year, targets, ranks), as the SQL computes.
    size_t cells = 0;
    auto c = Clock::now();
    live.Read([&](const live::Aggregates& ag) {
      indicator::Analytics an(ag.indicators, ag.external, *tree);
      for (const auto* in : dx)
        for (const auto* u : ous)
          for (const auto& p : pes) {
            auto f = an.Compute(*in, u->code, p.Through(*today), {});
            benchmark::DoNotOptimize(f);
            ++cells;
          }
      return 0;
    });
    auto d = Clock::now();
    std::printf(
        "recompute_evaluate: cells=%zu units=%zu months=%zu indicators=%zu evaluate_s=%.3f "
        "evaluate_cpu_s=%.3f compute_only_s=%.3f\n",
        rows.size(), ous.size(), pes.size(), dx.size(), Seconds(a, b), ecpu1 - ecpu0,
        Seconds(c, d));
    std::fflush(stdout);
    auto write = [](const std::vector<indicator::AnalyticsRow>& rs, const std::string& path) {
      std::ofstream out(path);
      out << "indicator,ou,month,numerator,denominator\n";
      for (const auto& r : rs) {
        char num[64], den[64];
        std::snprintf(num, sizeof num, "%.2f", r.current.numerator);
        if (r.current.denominator)
          std::snprintf(den, sizeof den, "%.2f", *r.current.denominator);
        else
          den[0] = 0;
        out << r.dx->id << "," << r.ou->code << "," << r.pe.code << "," << num << "," << den
            << "\n";
      }
    };
    if (!o.figures.empty()) write(rows, o.figures);
    // The same figures from the cube rebuilt alone (the computation the SQL
    // engines do: no worklists, no work-point ledger), for the comparison.
    if (alone) {
      auto e = Clock::now();
      double cpu_e = CpuSeconds();
      auto cube_rows = live.Read([&](const live::Aggregates& ag) {
        return indicator::Analytics(*alone, ag.external, *tree).Evaluate(q);
      });
      std::printf("cube_evaluate: cells=%zu evaluate_s=%.3f evaluate_cpu_s=%.3f\n",
                  cube_rows.size(), Seconds(e, Clock::now()), CpuSeconds() - cpu_e);
      std::fflush(stdout);
      if (!o.cube_figures.empty()) write(cube_rows, o.cube_figures);
    }
  }
  auto rss2 = Rss();
  std::printf("rss_end: rss_mib=%.0f peak_mib=%.0f\n", static_cast<double>(rss2.first) / 1024.0,
              static_cast<double>(rss2.second) / 1024.0);
  return 0;
}

}  // namespace
}  // namespace yilian

int main(int argc, char** argv) {
  yilian::Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db")
      o.db = v;
    else if (k == "--today")
      o.today = v;
    else if (k == "--figures")
      o.figures = v;
    else if (k == "--cube-figures")
      o.cube_figures = v;
    else if (k == "--months")
      o.months = std::atoi(v.c_str());
    else if (k == "--queries")
      o.queries = std::atoi(v.c_str());
    else if (k == "--budget")
      o.budget = std::atof(v.c_str());
    else if (k == "--cube-only")
      o.cube_only = v == "1";
    else if (k == "--scan-only")
      o.scan_only = v == "1";
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  if (o.db.empty() || o.today.empty()) {
    std::cerr << "usage: live_bench --db FILE --today YYYY-MM-DD [--months N] [--figures CSV] "
                 "[--cube-figures CSV] "
                 "[--queries N] [--budget S] [--cube-only 1] [--scan-only 1]\n";
    return 2;
  }
  return yilian::Run(o);
}
