#include "indicator/contribution.h"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>

#include "contract/fulfilment.h"
#include "indicator/interval_set.h"

namespace yilian::indicator {
namespace {

// The first day of being `years` old (Feb 29 births turn older on Mar 1).
int32_t Birthday(Date birth, int years) { return birth.Anniversary(years).days(); }

int32_t Jan1(int year) { return Date::FromYmd(year, 1, 1)->days(); }

class Emitter {
 public:
  Emitter(const ElementCatalogue& e, const live::ResidentFacts& f, std::vector<Contribution>* out)
      : elements_(e), out_(out) {
    const Resident& r = *f.resident;
    sex_ = r.sex == "1" ? 0 : r.sex == "2" ? 1 : 2;
    int32_t lo = Birthday(r.birth_date, kAgeGroupStart[0]);
    for (size_t k = 0; k < kAgeGroupStart.size(); ++k) {
      int32_t hi =
          k + 1 < kAgeGroupStart.size() ? Birthday(r.birth_date, kAgeGroupStart[k + 1]) : kForever;
      bands_[k] = DaySet::Of(lo, hi);
      lo = hi;
    }
  }

  void Stock(int e, const DaySet& set) {
    if (set.empty()) return;
    for (const auto& [s, en] : set.spans()) Put(elements_.SexSlot(e, sex_), s, en, 1);
    if (elements_.elements()[static_cast<size_t>(e)].by_age) {
      for (size_t k = 0; k < bands_.size(); ++k) {
        DaySet in_band = set.Intersect(bands_[k]);
        for (const auto& [s, en] : in_band.spans())
          Put(elements_.AgeSlot(e, static_cast<int>(k)), s, en, 1);
      }
    }
  }

  void Event(int e, int32_t day, int64_t weight = 1) {
    if (weight == 0 || day < kHorizon) return;
    Put(elements_.SexSlot(e, sex_), day, kForever, weight);
    if (elements_.elements()[static_cast<size_t>(e)].by_age) {
      for (size_t k = 0; k < bands_.size(); ++k) {
        if (bands_[k].Contains(day))
          Put(elements_.AgeSlot(e, static_cast<int>(k)), day, kForever, weight);
      }
    }
  }

 private:
  void Put(int slot, int32_t s, int32_t e, int64_t w) {
    if (e <= kHorizon) return;  // over before the horizon
    out_->push_back({slot, std::max(s, kHorizon), e, w});
  }
  const ElementCatalogue& elements_;
  std::vector<Contribution>* out_;
  int sex_ = 2;
  std::array<DaySet, kAgeGroupStart.size()> bands_;
};

// Days on which the follow-ups so far this year reach the quarter's number.
// (Years are found by walking the sorted days: one calendar conversion per
// year, not per visit.)
DaySet Standard(std::vector<int32_t> days) {
  DaySet out;
  std::sort(days.begin(), days.end());
  for (size_t i = 0; i < days.size();) {
    const int year = Date::FromDays(days[i]).year();
    const int32_t next_year = Jan1(year + 1);
    size_t end = i;
    while (end < days.size() && days[end] < next_year) ++end;
    for (int q = 1; q <= 4 && q <= static_cast<int>(end - i); ++q) {
      int32_t qs = Date::FromYmd(year, 3 * q - 2, 1)->days();
      int32_t qe = q == 4 ? next_year : Date::FromYmd(year, 3 * q + 1, 1)->days();
      int32_t reached = days[i + static_cast<size_t>(q) - 1];
      out.Add(std::max(reached, qs), qe);
    }
    i = end;
  }
  return out;
}

// From the first of `days` in each calendar year to that year's end.
DaySet ServedInYear(std::vector<int32_t> days) {
  DaySet out;
  std::sort(days.begin(), days.end());
  int32_t next_year = std::numeric_limits<int32_t>::min();  // Jan 1 after the last added
  for (int32_t d : days) {
    if (d < next_year) continue;  // a later day of a year already added
    next_year = Jan1(Date::FromDays(d).year() + 1);
    out.Add(d, next_year);
  }
  return out;
}

}  // namespace

enum Contributor::Element : int {
  kResidents,
  kRecords,
  kNewRecords,
  kElderly,
  kChildren,
  kPregnant,
  kDisabled,
  kPoor,
  kFpSpecial,
  kHtnManaged,
  kDmManaged,
  kSmiManaged,
  kTbManaged,
  kKeyPopulation,
  kContractsSigned,
  kContracted,
  kContractedKey,
  kContractedElderly,
  kContractedChildren,
  kContractedPregnant,
  kContractedDisabled,
  kContractedPoor,
  kContractedFpSpecial,
  kContractedHtn,
  kContractedDm,
  kContractedSmi,
  kContractedTb,
  kContractsFulfilled,
  kSmiStandard,
  kElderlyServed,
  kChildrenServed,
  kRecordsUsed,
  kDeliveries,
  kDeliveriesEarlyRegistered,
  kDeliveriesPostpartumVisited,
  kServices,
  kPoints,
  kElementCount
};

namespace {

// Parallel to Contributor::Element.
constexpr std::array<const char*, Contributor::kElementCount> kElementNames = {
    "residents",
    "records",
    "new_records",
    "elderly",
    "children",
    "pregnant",
    "disabled",
    "poor",
    "fp_special",
    "htn_managed",
    "dm_managed",
    "smi_managed",
    "tb_managed",
    "key_population",
    "contracts_signed",
    "contracted",
    "contracted_key",
    "contracted_elderly",
    "contracted_children",
    "contracted_pregnant",
    "contracted_disabled",
    "contracted_poor",
    "contracted_fp_special",
    "contracted_htn",
    "contracted_dm",
    "contracted_smi",
    "contracted_tb",
    "contracts_fulfilled",
    "smi_standard",
    "elderly_served",
    "children_served",
    "records_used",
    "deliveries",
    "deliveries_early_registered",
    "deliveries_postpartum_visited",
    "services",
    "points",
};

// The element `name`; the element list and the catalogues ship together, so
// a missing one is a broken build of the data, reported at once.
int Require(const ElementCatalogue& elements, const std::string& name) {
  auto id = elements.Find(name);
  if (!id) throw std::logic_error("indicator data element '" + name + "' is not defined");
  return *id;
}

}  // namespace

Contributor::Contributor(const ServiceCatalogue& catalogue, const FollowUpRules& rules,
                         const ElementCatalogue& elements)
    : catalogue_(catalogue), rules_(rules), elements_(elements) {
  for (const char* name : kElementNames) ids_.push_back(Require(elements, name));
  if (rules.chronic().size() > 16) throw std::logic_error("more than 16 chronic follow-up rules");
  for (size_t i = 0; i < rules.chronic().size(); ++i) {
    const ChronicRule& rule = rules.chronic()[i];
    Chronic c;
    c.hypertension = rule.program == "hypertension";
    c.standard = Require(elements, c.hypertension ? "htn_standard" : "dm_standard");
    c.controlled = Require(elements, c.hypertension ? "htn_controlled" : "dm_controlled");
    chronic_.push_back(c);
    for (const auto& code : rule.services) roles_[code].mask |= 1u << i;
  }
  for (const auto& code : rules.mental().services) roles_[code].mask |= kMentalVisit;
  roles_[rules.elderly().service].mask |= kElderlyCheck;
  for (const auto& code : rules.children().services) roles_[code].mask |= kChildVisit;
  roles_[rules.pregnancy().postpartum_service].mask |= kPostpartumVisit;
  for (const auto& item : catalogue.items())
    roles_[item.code].category = Require(elements, "services_" + item.category);
}

const Contributor::Role* Contributor::RoleOf(const std::string& code) const {
  auto it = roles_.find(code);
  return it == roles_.end() ? nullptr : &it->second;
}

std::vector<Contribution> Contributor::Of(const live::ResidentFacts& f) const {
  std::vector<Contribution> out;
  if (!f.resident) return out;
  const Resident& r = *f.resident;
  const int32_t birth = r.birth_date.days();
  int32_t gone = kForever;
  if (r.status != "active") gone = r.status_date ? r.status_date->days() : birth;
  int32_t recorded = birth;
  if (r.record_date) {
    recorded = std::max(birth, r.record_date->days());
  } else if (auto d = Date::ParseIso(r.created_at.substr(0, 10))) {
    recorded = std::max(birth, d->days());
  }
  Emitter emit(elements_, f, &out);
  const DaySet present = DaySet::Of(birth, gone);
  const DaySet record = DaySet::Of(recorded, gone);
  emit.Stock(Id(kResidents), present);
  emit.Stock(Id(kRecords), record);
  if (recorded < gone) emit.Event(Id(kNewRecords), recorded);

  const DaySet elderly = record.Intersect(DaySet::Of(Birthday(r.birth_date, 65), kForever));
  const DaySet children = record.Intersect(DaySet::Of(birth, Birthday(r.birth_date, 7)));
  auto program = [&](const std::string& p) {
    DaySet s;
    for (const auto& e : f.enrolments) {
      if (e.program == p)
        s.Add(e.enrolled_on.days(), e.discharged_on ? e.discharged_on->days() : kForever);
    }
    return s.Intersect(record);
  };
  const DaySet htn = program("hypertension"), dm = program("diabetes"), smi = program("mental"),
               tb = program("tb"), pregnant = program("pregnancy");
  const DaySet disabled = r.has_disability() ? record : DaySet();
  const DaySet poor = r.poverty ? record : DaySet();
  const DaySet fp = r.family_planning_special ? record : DaySet();
  const DaySet key = elderly.Union(children)
                         .Union(pregnant)
                         .Union(disabled)
                         .Union(poor)
                         .Union(fp)
                         .Union(htn)
                         .Union(dm)
                         .Union(smi)
                         .Union(tb);
  emit.Stock(Id(kElderly), elderly);
  emit.Stock(Id(kChildren), children);
  emit.Stock(Id(kPregnant), pregnant);
  emit.Stock(Id(kDisabled), disabled);
  emit.Stock(Id(kPoor), poor);
  emit.Stock(Id(kFpSpecial), fp);
  emit.Stock(Id(kHtnManaged), htn);
  emit.Stock(Id(kDmManaged), dm);
  emit.Stock(Id(kSmiManaged), smi);
  emit.Stock(Id(kTbManaged), tb);
  emit.Stock(Id(kKeyPopulation), key);

  // One pass over the valid services (in date order): each one's events, and
  // the days of the kinds the stocks below are built from.
  std::vector<std::vector<const live::ServiceFact*>> chronic_visits(chronic_.size());
  std::vector<int32_t> mental_days, elderly_days, child_days, postpartum_days, any;
  for (const auto& s : f.services) {
    if (!s.valid()) continue;
    const int32_t d = s.service_date.days();
    any.push_back(d);
    emit.Event(Id(kServices), d);
    if (s.verified()) emit.Event(Id(kPoints), d, s.points_centi);
    const Role* role = RoleOf(s.service_code);
    if (!role) continue;
    if (role->category >= 0) emit.Event(role->category, d);
    for (size_t i = 0; i < chronic_.size(); ++i)
      if (role->mask & (1u << i)) chronic_visits[i].push_back(&s);
    if (role->mask & kMentalVisit) mental_days.push_back(d);
    if (role->mask & kElderlyCheck) elderly_days.push_back(d);
    if (role->mask & kChildVisit) child_days.push_back(d);
    if (role->mask & kPostpartumVisit) postpartum_days.push_back(d);
  }

  // Contracts, and what they promised.
  std::vector<Delivery> deliveries;
  if (!f.contracts.empty()) {
    for (const auto& s : f.services)
      if (s.valid()) deliveries.push_back({s.service_date, s.service_code});
  }
  DaySet contracted, fulfilled;
  for (const auto& k : f.contracts) {
    contracted.Add(k.start_date.days(), k.EndExclusive().days());
    emit.Event(Id(kContractsSigned), k.signed_on.days());
    Fulfilment fu = ComputeFulfilment(k, catalogue_, deliveries, Date::FromDays(kForever - 1));
    if (fu.fulfilled && fu.fulfilled_on)
      fulfilled.Add(fu.fulfilled_on->days(), k.EndExclusive().days());
  }
  contracted = contracted.Intersect(record);
  emit.Stock(Id(kContracted), contracted);
  // Contracted within each key population (重点人群签约).
  const std::pair<Element, const DaySet*> by_population[] = {{kContractedKey, &key},
                                                             {kContractedElderly, &elderly},
                                                             {kContractedChildren, &children},
                                                             {kContractedPregnant, &pregnant},
                                                             {kContractedDisabled, &disabled},
                                                             {kContractedPoor, &poor},
                                                             {kContractedFpSpecial, &fp},
                                                             {kContractedHtn, &htn},
                                                             {kContractedDm, &dm},
                                                             {kContractedSmi, &smi},
                                                             {kContractedTb, &tb}};
  for (const auto& [element, population] : by_population)
    emit.Stock(Id(element), contracted.Intersect(*population));
  emit.Stock(Id(kContractsFulfilled), fulfilled.Intersect(record));

  // Follow-ups of the chronic programs and severe mental disorders.
  for (size_t i = 0; i < chronic_.size(); ++i) {
    const ChronicRule& rule = rules_.chronic()[i];
    const DaySet& managed = chronic_[i].hypertension ? htn : dm;
    const auto& visits = chronic_visits[i];
    std::vector<int32_t> days;
    days.reserve(visits.size());
    for (const auto* v : visits) days.push_back(v->service_date.days());
    emit.Stock(chronic_[i].standard, Standard(std::move(days)).Intersect(managed));
    DaySet good;
    int32_t since = kForever;  // start of the current controlled run; kForever = none
    for (const auto* v : visits) {
      Control c = FollowUpRules::Classify(rule, v->readings);
      if (c == Control::kUnknown) continue;
      int32_t d = v->service_date.days();
      if (c == Control::kControlled && since == kForever) since = d;
      if (c == Control::kUncontrolled && since != kForever) {
        good.Add(since, d);
        since = kForever;
      }
    }
    if (since != kForever) good.Add(since, kForever);
    emit.Stock(chronic_[i].controlled, good.Intersect(managed));
  }
  emit.Stock(Id(kSmiStandard), Standard(std::move(mental_days)).Intersect(smi));
  emit.Stock(Id(kElderlyServed), ServedInYear(std::move(elderly_days)).Intersect(elderly));
  emit.Stock(Id(kChildrenServed), ServedInYear(std::move(child_days)).Intersect(children));
  emit.Stock(Id(kRecordsUsed), ServedInYear(std::move(any)).Intersect(record));

  // Deliveries (postpartum days are in date order).
  const auto& pr = rules_.pregnancy();
  for (const auto& e : f.enrolments) {
    if (e.program != pr.program || e.discharge_reason != "delivered" || !e.delivery_date) continue;
    int32_t d = e.delivery_date->days();
    emit.Event(Id(kDeliveries), d);
    if (e.lmp && e.enrolled_on.days() - e.lmp->days() < pr.first_before_week * 7)
      emit.Event(Id(kDeliveriesEarlyRegistered), d);
    auto first = std::lower_bound(postpartum_days.begin(), postpartum_days.end(), d);
    if (first != postpartum_days.end() && *first <= d + 28)
      emit.Event(Id(kDeliveriesPostpartumVisited), d);
  }
  return out;
}

void CancelCommon(std::vector<Contribution>* a, std::vector<Contribution>* b) {
  std::vector<Contribution> only_a, only_b;
  std::set_difference(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(only_a));
  std::set_difference(b->begin(), b->end(), a->begin(), a->end(), std::back_inserter(only_b));
  *a = std::move(only_a);
  *b = std::move(only_b);
}

}  // namespace yilian::indicator
