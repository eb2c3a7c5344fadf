// Figures that come from outside the records: each org unit's statistical
// population by year (the denominator of 建档率 and 签约率) and the
// commission's annual targets per indicator and org unit. Small; kept in
// memory with the live state and written through to the store.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/status.h"
#include "orgunit/org_tree.h"
#include "storage/database.h"

namespace yilian::indicator {

struct ExternalFigures {
  std::map<std::pair<std::string, int>, int64_t> populations;           // (org unit, year)
  std::map<std::tuple<std::string, std::string, int>, double> targets;  // (indicator, unit, year)

  // The statistical populations summed up the tree, for one snapshot of it:
  // an entry for each (unit, year) whose every branch down to the villages
  // ends in a stated population, so a county's or a city's population is one
  // lookup instead of a walk over its villages. Set by Roll; valid only for
  // `rolled_for` (Analytics checks), and redone after populations change.
  std::map<std::pair<std::string, int>, int64_t> rolled;
  std::shared_ptr<const OrgTree> rolled_for;

  std::optional<int64_t> Population(const std::string& code, int year) const;
  // The summed population, when `tree` is the snapshot Roll last saw.
  std::optional<int64_t> RolledPopulation(const OrgTree& tree, const std::string& code,
                                          int year) const;
  void Roll(std::shared_ptr<const OrgTree> tree);
  std::optional<double> Target(const std::string& indicator, const std::string& code,
                               int year) const;
};

struct TargetValue {
  std::string indicator;
  std::string org_unit_code;
  int year = 0;
  double target = 0;
};

namespace external_store {

Result<ExternalFigures> LoadAll(storage::Connection& c);
Status PutPopulation(storage::Connection& c, const std::string& code, int year, int64_t population,
                     const std::string& source);
Status PutTarget(storage::Connection& c, const TargetValue& t);

}  // namespace external_store
}  // namespace yilian::indicator
