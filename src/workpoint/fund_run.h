// FundRun: one saved step of paying the public-health fund by work points —
// a quarter's pre-payment or the year's settlement for an org unit (a
// county) — with its inputs, every facility's figure and how it was worked
// out, so a payment can be reproduced and audited later even after late
// records change the points.
//
// Budget = per-capita amount × population (the active residents under the
// org unit unless given) or an explicit total. Pre-payment of quarter q:
// pool = budget × ratio% ÷ 4, split by the quarter's verified points.
// Settlement: the whole budget split by the year's points × quality
// coefficient (1.000 unless given), minus what each facility was pre-paid
// (the latest saved pre-payment of each quarter). Points are read from the
// live ledger; facilities are those located at or below the org unit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "live/live_state.h"
#include "orgunit/org_unit_registry.h"
#include "storage/database.h"
#include "workpoint/fund_allocation.h"

namespace yilian {

struct FundRunRequest {
  std::string org_unit_code;
  int year = 0;
  std::string kind;  // "prepayment" | "settlement"
  int quarter = 0;   // 1-4, prepayment only
  std::optional<int64_t> per_capita_cents;
  std::optional<int64_t> budget_cents;  // instead of per capita × population
  std::optional<int64_t> population;    // default: active residents under the unit
  int64_t prepay_ratio_percent = 70;
  std::map<int64_t, int64_t> quality_milli;  // facility id -> coefficient
  bool dry_run = false;
};

struct FundRun {
  int64_t id = 0;  // 0 for a dry run
  FundRunRequest request;
  std::string period;  // "2024Q1" or "2024"
  int64_t population = 0;
  int64_t budget_cents = 0;
  Allocation allocation;
  std::vector<std::string> explanation;  // the working, line by line, in Chinese
  std::string created_by;
  std::string created_at;
};

// Reads a request body; every fault goes to *errs.
void FundRunRequestFromJson(const nlohmann::json& j, FundRunRequest* r, FieldErrors* errs);
nlohmann::json FundRunToJson(const FundRun& run);
// One CSV row per facility, with a header (UTF-8, for Excel add a BOM).
std::string FundRunToCsv(const FundRun& run);

class FundRunRegistry {
 public:
  FundRunRegistry(storage::Database& db, const OrgUnitRegistry& org_units, live::LiveState& live)
      : db_(db), org_units_(org_units), live_(live) {}

  // Computes the run and saves it unless it is a dry run.
  Result<FundRun> Run(const FundRunRequest& r, const std::string& by);
  Result<FundRun> Get(int64_t id);
  // Newest first.
  Result<std::vector<FundRun>> List(const std::string& org_unit_code, std::optional<int> year);

 private:
  storage::Database& db_;
  const OrgUnitRegistry& org_units_;
  live::LiveState& live_;
};

}  // namespace yilian
