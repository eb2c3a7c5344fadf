#include "indicator/contribution.h"

#include <algorithm>
#include <map>

#include "contract/fulfilment.h"
#include "indicator/interval_set.h"

namespace yilian::indicator {
namespace {

// The first day of being `years` old (Feb 29 births turn older on Mar 1).
int32_t Birthday(Date birth, int years) {
  Date d = birth.AddMonths(12 * years);
  while (birth.AgeOn(d) < years) d = d.AddDays(1);
  return d.days();
}

int32_t Jan1(int year) { return Date::FromYmd(year, 1, 1)->days(); }

class Emitter {
 public:
  Emitter(const ElementCatalogue& e, const live::ResidentFacts& f, std::vector<Contribution>* out)
      : elements_(e), out_(out) {
    const Resident& r = *f.resident;
    sex_ = r.sex == "1" ? 0 : r.sex == "2" ? 1 : 2;
    for (size_t k = 0; k < kAgeGroupStart.size(); ++k) {
      int32_t lo = Birthday(r.birth_date, kAgeGroupStart[k]);
      int32_t hi =
          k + 1 < kAgeGroupStart.size() ? Birthday(r.birth_date, kAgeGroupStart[k + 1]) : kForever;
      bands_.push_back(DaySet::Of(lo, hi));
    }
  }

  void Stock(const char* element, const DaySet& set) {
    if (set.empty()) return;
    int e = *elements_.Find(element);
    for (const auto& [s, en] : set.spans()) Put(elements_.SexSlot(e, sex_), s, en, 1);
    if (elements_.elements()[e].by_age) {
      for (size_t k = 0; k < bands_.size(); ++k) {
        DaySet in_band = set.Intersect(bands_[k]);
        for (const auto& [s, en] : in_band.spans())
          Put(elements_.AgeSlot(e, static_cast<int>(k)), s, en, 1);
      }
    }
  }

  void Event(const char* element, int32_t day, int64_t weight = 1) {
    if (weight == 0 || day < kHorizon) return;
    int e = *elements_.Find(element);
    Put(elements_.SexSlot(e, sex_), day, kForever, weight);
    if (elements_.elements()[e].by_age) {
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
  std::vector<DaySet> bands_;
};

// Days on which the follow-ups so far this year reach the quarter's number.
DaySet Standard(const std::vector<int32_t>& visits) {
  DaySet out;
  std::map<int, std::vector<int32_t>> by_year;
  for (int32_t v : visits) by_year[Date::FromDays(v).year()].push_back(v);
  for (auto& [year, days] : by_year) {
    std::sort(days.begin(), days.end());
    for (int q = 1; q <= 4 && q <= static_cast<int>(days.size()); ++q) {
      int32_t qs = Date::FromYmd(year, 3 * q - 2, 1)->days();
      int32_t qe = q == 4 ? Jan1(year + 1) : Date::FromYmd(year, 3 * q + 1, 1)->days();
      int32_t reached = days[static_cast<size_t>(q) - 1];
      out.Add(std::max(reached, qs), qe);
    }
  }
  return out;
}

// From the first of `days` in each calendar year to that year's end.
DaySet ServedInYear(std::vector<int32_t> days) {
  DaySet out;
  std::sort(days.begin(), days.end());
  int last_year = 0;
  for (int32_t d : days) {
    int y = Date::FromDays(d).year();
    if (y == last_year) continue;
    last_year = y;
    out.Add(d, Jan1(y + 1));
  }
  return out;
}

}  // namespace

std::vector<Contribution> Contributions(const live::ResidentFacts& f,
                                        const ServiceCatalogue& catalogue,
                                        const FollowUpRules& rules,
                                        const ElementCatalogue& elements) {
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
  Emitter emit(elements, f, &out);
  const DaySet present = DaySet::Of(birth, gone);
  const DaySet record = DaySet::Of(recorded, gone);
  emit.Stock("residents", present);
  emit.Stock("records", record);
  if (recorded < gone) emit.Event("new_records", recorded);

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
  emit.Stock("elderly", elderly);
  emit.Stock("children", children);
  emit.Stock("pregnant", pregnant);
  emit.Stock("disabled", disabled);
  emit.Stock("poor", poor);
  emit.Stock("fp_special", fp);
  emit.Stock("htn_managed", htn);
  emit.Stock("dm_managed", dm);
  emit.Stock("smi_managed", smi);
  emit.Stock("tb_managed", tb);
  emit.Stock("key_population", key);

  // Contracts, and what they promised.
  std::vector<Delivery> deliveries;
  for (const auto& s : f.services)
    if (s.valid()) deliveries.push_back({s.service_date, s.service_code});
  DaySet contracted, fulfilled;
  for (const auto& k : f.contracts) {
    contracted.Add(k.start_date.days(), k.EndExclusive().days());
    emit.Event("contracts_signed", k.signed_on.days());
    Fulfilment fu = ComputeFulfilment(k, catalogue, deliveries, Date::FromDays(kForever - 1));
    if (fu.fulfilled && fu.fulfilled_on)
      fulfilled.Add(fu.fulfilled_on->days(), k.EndExclusive().days());
  }
  contracted = contracted.Intersect(record);
  emit.Stock("contracted", contracted);
  emit.Stock("contracted_key", contracted.Intersect(key));
  emit.Stock("contracted_elderly", contracted.Intersect(elderly));
  emit.Stock("contracted_children", contracted.Intersect(children));
  emit.Stock("contracted_pregnant", contracted.Intersect(pregnant));
  emit.Stock("contracted_disabled", contracted.Intersect(disabled));
  emit.Stock("contracted_poor", contracted.Intersect(poor));
  emit.Stock("contracted_fp_special", contracted.Intersect(fp));
  emit.Stock("contracted_htn", contracted.Intersect(htn));
  emit.Stock("contracted_dm", contracted.Intersect(dm));
  emit.Stock("contracted_smi", contracted.Intersect(smi));
  emit.Stock("contracted_tb", contracted.Intersect(tb));
  emit.Stock("contracts_fulfilled", fulfilled.Intersect(record));

  // Follow-ups of the chronic programs and severe mental disorders.
  auto visits_of = [&](const std::vector<std::string>& codes) {
    std::vector<const ServiceRecord*> v;
    for (const auto& s : f.services) {
      if (s.valid() && std::find(codes.begin(), codes.end(), s.service_code) != codes.end())
        v.push_back(&s);
    }
    return v;  // facts are sorted by date
  };
  auto days_of = [](const std::vector<const ServiceRecord*>& v) {
    std::vector<int32_t> d;
    for (const auto* s : v) d.push_back(s->service_date.days());
    return d;
  };
  for (const auto& rule : rules.chronic()) {
    const DaySet& managed = rule.program == "hypertension" ? htn : dm;
    const char* standard = rule.program == "hypertension" ? "htn_standard" : "dm_standard";
    const char* controlled = rule.program == "hypertension" ? "htn_controlled" : "dm_controlled";
    auto visits = visits_of(rule.services);
    emit.Stock(standard, Standard(days_of(visits)).Intersect(managed));
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
    emit.Stock(controlled, good.Intersect(managed));
  }
  emit.Stock("smi_standard", Standard(days_of(visits_of(rules.mental().services))).Intersect(smi));
  emit.Stock("elderly_served",
             ServedInYear(days_of(visits_of({rules.elderly().service}))).Intersect(elderly));
  emit.Stock("children_served",
             ServedInYear(days_of(visits_of(rules.children().services))).Intersect(children));
  std::vector<int32_t> any;
  for (const auto& s : f.services)
    if (s.valid()) any.push_back(s.service_date.days());
  emit.Stock("records_used", ServedInYear(any).Intersect(record));

  // Deliveries.
  const auto& pr = rules.pregnancy();
  for (const auto& e : f.enrolments) {
    if (e.program != pr.program || e.discharge_reason != "delivered" || !e.delivery_date) continue;
    int32_t d = e.delivery_date->days();
    emit.Event("deliveries", d);
    if (e.lmp && e.enrolled_on.days() - e.lmp->days() < pr.first_before_week * 7)
      emit.Event("deliveries_early_registered", d);
    for (const auto& s : f.services) {
      if (s.valid() && s.service_code == pr.postpartum_service && s.service_date.days() >= d &&
          s.service_date.days() <= d + 28) {
        emit.Event("deliveries_postpartum_visited", d);
        break;
      }
    }
  }

  // Services and work points.
  for (const auto& s : f.services) {
    if (!s.valid()) continue;
    int32_t d = s.service_date.days();
    emit.Event("services", d);
    if (const ServiceItem* item = catalogue.FindItem(s.service_code)) {
      emit.Event(("services_" + item->category).c_str(), d);
    }
    if (s.verified()) emit.Event("points", d, s.points_centi);
  }
  std::sort(out.begin(), out.end());
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
