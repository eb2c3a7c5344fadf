#include "workpoint/point_ledger.h"

namespace yilian {

void PointLedger::Add(const live::ResidentFacts& f, const OrgTree& tree, int sign) {
  if (!f.resident) return;
  // The resident's village and every unit above it.
  std::vector<std::string> units;
  for (const OrgUnit* u = tree.Find(f.resident->village_code); u;
       u = u->parent_code.empty() ? nullptr : tree.Find(u->parent_code)) {
    units.push_back(u->code);
  }
  if (units.empty()) units.push_back(f.resident->village_code);
  for (const auto& s : f.services) {
    if (!s.valid()) continue;
    PointTally t;
    t.services = sign;
    t.verified = s.verified() ? sign : 0;
    t.points_centi = sign * (s.verified() ? s.points_centi : 0);
    int32_t day = s.service_date.days();
    practitioners_[s.practitioner_id].Add(day, t);
    facilities_[s.facility_id].Add(day, t);
    if (s.team_id) teams_[*s.team_id].Add(day, t);
    for (const auto& code : units) org_units_[code].Add(day, t);
  }
}

void PointLedger::Apply(const live::ResidentFacts* before, const live::ResidentFacts* after,
                        const OrgTree& tree) {
  if (before) Add(*before, tree, -1);
  if (after) Add(*after, tree, +1);
}

void PointLedger::Accumulate(const live::ResidentFacts& f) {
  if (!f.resident) return;
  // One resident's services are mostly by the same doctor, facility and team:
  // each builder is looked up again only when its key changes.
  Builder& village = b_villages_[f.resident->village_code];
  struct Last {
    int64_t id = 0;
    Builder* builder = nullptr;
    Builder& Of(std::unordered_map<int64_t, Builder>& by_id, int64_t key) {
      if (builder == nullptr || id != key) {
        id = key;
        builder = &by_id[key];  // references into an unordered_map survive rehashing
      }
      return *builder;
    }
  } practitioner, facility, team;
  for (const auto& s : f.services) {
    if (!s.valid()) continue;
    PointTally t;
    t.services = 1;
    t.verified = s.verified() ? 1 : 0;
    t.points_centi = s.verified() ? s.points_centi : 0;
    int32_t day = s.service_date.days();
    practitioner.Of(b_practitioners_, s.practitioner_id).Add(day, t);
    facility.Of(b_facilities_, s.facility_id).Add(day, t);
    if (s.team_id) team.Of(b_teams_, *s.team_id).Add(day, t);
    village.Add(day, t);
  }
}

void PointLedger::Finish(const OrgTree& tree) {
  for (auto [built, builders] :
       {std::pair{&practitioners_, &b_practitioners_}, std::pair{&teams_, &b_teams_},
        std::pair{&facilities_, &b_facilities_}}) {
    for (auto& [id, b] : *builders) (*built)[id] = b.Build();
    builders->clear();
  }
  // Each village's deltas count in every unit above it too.
  std::unordered_map<std::string, Builder> up;
  for (auto& [village, b] : b_villages_) {
    const auto& deltas = b.Compacted();
    auto path = tree.Path(village);
    if (path.empty()) {
      org_units_[village] = Series::FromDeltas(deltas);
      continue;
    }
    for (const OrgUnit* u : path) {
      auto& target = up[u->code];
      for (const auto& [day, t] : deltas) target.Add(day, t);
    }
  }
  for (auto& [code, b] : up) org_units_[code] = b.Build();
  b_villages_.clear();
}

PointTally PointLedger::Of(By by, int64_t id, Date from, Date to) const {
  const auto& m = by == By::kPractitioner ? practitioners_ : by == By::kTeam ? teams_ : facilities_;
  auto it = m.find(id);
  if (it == m.end()) return {};
  return it->second.Between(from.days(), to.days());
}

PointTally PointLedger::OfOrgUnit(const std::string& code, Date from, Date to) const {
  auto it = org_units_.find(code);
  if (it == org_units_.end()) return {};
  return it->second.Between(from.days(), to.days());
}

std::vector<std::pair<int64_t, PointTally>> PointLedger::All(By by, Date from, Date to) const {
  const auto& m = by == By::kPractitioner ? practitioners_ : by == By::kTeam ? teams_ : facilities_;
  std::vector<std::pair<int64_t, PointTally>> out;
  for (const auto& [id, series] : m) {
    PointTally t = series.Between(from.days(), to.days());
    if (t.services != 0) out.emplace_back(id, t);
  }
  return out;
}

size_t PointLedger::bytes() const {
  size_t n = 0;
  for (const auto* m : {&practitioners_, &teams_, &facilities_})
    for (const auto& [k, s] : *m) n += s.bytes() + sizeof(k) + sizeof(s);
  for (const auto& [k, s] : org_units_) n += s.bytes() + k.capacity() + sizeof(s);
  return n;
}

}  // namespace yilian
