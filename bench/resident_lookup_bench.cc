// In-process resident lookups over a generated database (see BENCHMARKS.md):
// by citizen ID, by record number and by name prefix, through the same
// ResidentRegistry::Search the HTTP API calls.
//   YILIAN_BENCH_DB=bench/out/city.db build/resident_lookup_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <random>

#include "codes/code_set.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident_json.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian {
namespace {

struct Fixture {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<OrgUnitRegistry> org_units;
  std::unique_ptr<ResidentRegistry> residents;
  std::vector<std::string> ids, names, record_nos;
  int64_t count = 0;

  static Fixture& Get() {
    static Fixture f = Load();
    return f;
  }
  static Fixture Load() {
    Fixture f;
    const char* path = std::getenv("YILIAN_BENCH_DB");
    if (!path) {
      std::cerr << "set YILIAN_BENCH_DB to a generated database\n";
      std::exit(2);
    }
    auto opened = storage::OpenDatabase(path);
    if (!opened.ok()) {
      std::cerr << opened.status().ToString() << "\n";
      std::exit(2);
    }
    f.db = std::move(opened).value();
    f.org_units = std::make_unique<OrgUnitRegistry>(*f.db);
    (void)f.org_units->Load();
    f.residents = std::make_unique<ResidentRegistry>(*f.db, *f.org_units, DefaultCodeSets());
    (void)f.db->Read([&](storage::Connection& c) {
      auto n = c.Prepare("SELECT count(*) FROM residents");
      (void)(*n)->Step();
      f.count = (*n)->Int(0);
      // A deterministic sample spread over the whole table.
      auto st = c.Prepare(
          "SELECT id_number, name, record_no FROM residents WHERE id % 997 = 0 LIMIT 4096");
      while (*(*st)->Step()) {
        f.ids.emplace_back((*st)->Text(0));
        f.names.emplace_back((*st)->Text(1));
        f.record_nos.emplace_back((*st)->Text(2));
      }
      return Status::Ok();
    });
    std::cerr << "database " << path << ": " << f.count << " residents, sample " << f.ids.size()
              << "\n";
    return f;
  }
};

void BM_LookupByIdNumber(benchmark::State& state) {
  auto& f = Fixture::Get();
  size_t i = 0;
  for (auto _ : state) {
    resident_store::Query q;
    q.id_number = f.ids[i++ % f.ids.size()];
    auto page = f.residents->Search(q);
    if (!page.ok() || page->items.empty()) state.SkipWithError("not found");
    benchmark::DoNotOptimize(page);
  }
  state.counters["residents"] = static_cast<double>(f.count);
}
BENCHMARK(BM_LookupByIdNumber);

void BM_LookupByRecordNo(benchmark::State& state) {
  auto& f = Fixture::Get();
  size_t i = 0;
  for (auto _ : state) {
    auto r = f.residents->GetByRecordNo(f.record_nos[i++ % f.record_nos.size()]);
    if (!r.ok()) state.SkipWithError("not found");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LookupByRecordNo);

// The record page's body: a resident as JSON text, written directly (as the
// API sends it, Arg 1) or through an nlohmann::json tree (Arg 0, the way it
// was built before; other endpoints still do).
void BM_RecordJson(benchmark::State& state) {
  auto& f = Fixture::Get();
  std::vector<Resident> sample;
  for (size_t i = 0; i < 256 && i < f.record_nos.size(); ++i) {
    auto r = f.residents->GetByRecordNo(f.record_nos[i]);
    if (r.ok()) sample.push_back(*r);
  }
  Date today = *Date::ParseIso("2026-12-03");
  const bool text = state.range(0) == 1;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const Resident& r = sample[i++ % sample.size()];
    std::string body;
    if (text) {
      JsonWriter w(&body);
      WriteResidentJson(r, &DefaultCodeSets(), false, today, w);
    } else {
      body = ResidentToJson(r, &DefaultCodeSets(), false, today).dump();
    }
    bytes += body.size();
    benchmark::DoNotOptimize(body);
  }
  state.counters["bytes"] = static_cast<double>(bytes) / state.iterations();
}
BENCHMARK(BM_RecordJson)->Arg(0)->Arg(1);

// First page (20) of residents whose name starts with the surname and first
// given-name character of a sampled resident ("王建…").
void BM_NamePrefixSearch(benchmark::State& state) {
  auto& f = Fixture::Get();
  size_t i = 0;
  int64_t found = 0;
  for (auto _ : state) {
    const std::string& name = f.names[i++ % f.names.size()];
    resident_store::Query q;
    q.name_prefix = name.substr(0, std::min<size_t>(name.size(), state.range(0)));
    auto page = f.residents->Search(q);
    if (!page.ok()) state.SkipWithError("search failed");
    found += static_cast<int64_t>(page->items.size());
  }
  state.counters["rows_per_query"] = static_cast<double>(found) / state.iterations();
}
BENCHMARK(BM_NamePrefixSearch)->Arg(3)->Arg(6);  // 1 and 2 CJK characters (UTF-8 bytes)

// A township's residents, first page: the village-range index scan.
void BM_OrgUnitListing(benchmark::State& state) {
  auto& f = Fixture::Get();
  auto tree = f.org_units->tree();
  std::vector<std::string> towns;
  for (const auto& u : tree->units())
    if (u.level == 4) towns.push_back(u.code);
  size_t i = 0;
  for (auto _ : state) {
    resident_store::Query q;
    q.ranges = tree->CodeRanges(towns[i++ % towns.size()]);
    auto page = f.residents->Search(q);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_OrgUnitListing);

}  // namespace
}  // namespace yilian

BENCHMARK_MAIN();
