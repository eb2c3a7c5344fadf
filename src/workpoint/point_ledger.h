// PointLedger: live tallies of work points (工分) and services, by day, for
// every practitioner, team, facility and org unit (the served resident's
// village and each unit above it).
//
// Fed only through Apply (the facts of one resident before and after a
// change), so a query never reads a service record: the tally for any period
// is a difference of running sums (see DaySeries). Points count only for
// verified services; voided records count for nothing. Org-unit tallies
// follow the resident's current village (a resident who moves takes their
// history along), which is how the indicators attribute people too.
// Not thread-safe: LiveState serialises access.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "live/day_series.h"
#include "live/resident_facts.h"
#include "orgunit/org_tree.h"

namespace yilian {

struct PointTally {
  int64_t points_centi = 0;  // verified services' points
  int64_t services = 0;      // valid services
  int64_t verified = 0;      // of which verified (两卡制)
  PointTally& operator+=(const PointTally& o) {
    points_centi += o.points_centi;
    services += o.services;
    verified += o.verified;
    return *this;
  }
  PointTally& operator-=(const PointTally& o) {
    points_centi -= o.points_centi;
    services -= o.services;
    verified -= o.verified;
    return *this;
  }
  bool operator==(const PointTally&) const = default;
};

class PointLedger {
 public:
  enum class By { kPractitioner, kTeam, kFacility, kOrgUnit };

  // Subtracts what `before` contributed and adds what `after` does (either
  // may be null). `tree` places villages in the org tree.
  void Apply(const live::ResidentFacts* before, const live::ResidentFacts* after,
             const OrgTree& tree);

  // A full build: Accumulate every resident, then Finish (far faster than
  // Apply for millions of services).
  void Accumulate(const live::ResidentFacts& f);
  void Finish(const OrgTree& tree);

  // The tally of one key in [from, to] (inclusive); zero when unknown.
  PointTally Of(By by, int64_t id, Date from, Date to) const;
  PointTally OfOrgUnit(const std::string& code, Date from, Date to) const;
  // Every key of a dimension with a non-zero tally in [from, to].
  std::vector<std::pair<int64_t, PointTally>> All(By by, Date from, Date to) const;

  size_t bytes() const;

 private:
  using Series = live::DaySeries<PointTally>;
  void Add(const live::ResidentFacts& f, const OrgTree& tree, int sign);

  std::unordered_map<int64_t, Series> practitioners_, teams_, facilities_;
  std::unordered_map<std::string, Series> org_units_;
  using Builder = live::SeriesBuilder<PointTally>;
  std::unordered_map<int64_t, Builder> b_practitioners_, b_teams_, b_facilities_;
  std::unordered_map<std::string, Builder> b_villages_;
};

}  // namespace yilian
