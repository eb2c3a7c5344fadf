#include "followup/schedule.h"

#include <algorithm>

namespace yilian {
namespace {

// The day `birth` is `years` old, as Date::AgeOn counts (and the service
// rules with it): someone born on Feb 29 turns a year older on Mar 1.
Date Birthday(Date birth, int years) {
  Date d = birth.AddMonths(12 * years);
  return d.day() == birth.day() ? d : d.AddDays(1);
}

bool Counts(const std::vector<std::string>& services, const std::string& s) {
  return std::find(services.begin(), services.end(), s) != services.end();
}

// Visits of `services` on or after `from` (and before `to` when given), by date.
std::vector<const Visit*> VisitsOf(const std::vector<Visit>& visits,
                                   const std::vector<std::string>& services, Date from,
                                   std::optional<Date> to = std::nullopt) {
  std::vector<const Visit*> out;
  for (const auto& v : visits) {
    if (v.date >= from && (!to || v.date < *to) && Counts(services, v.service)) out.push_back(&v);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Visit* a, const Visit* b) { return a->date < b->date; });
  return out;
}

std::string ChronicLabel(const std::string& program) {
  if (program == "hypertension") return "高血压随访";
  if (program == "diabetes") return "糖尿病随访";
  return program + "随访";
}

void AddChronic(const ChronicRule& rule, const Enrolment& e, const std::vector<Visit>& visits,
                std::vector<DueItem>* out) {
  DueItem item;
  item.kind = rule.program;
  item.service = rule.services.front();
  item.label = ChronicLabel(rule.program);
  item.enrolment_id = e.id;
  auto mine = VisitsOf(visits, rule.services, e.enrolled_on);
  for (const Visit* v : mine) item.visits.push_back(v->date);
  if (mine.empty()) {
    item.window_start = e.enrolled_on;
    item.due_date = e.enrolled_on.AddDays(rule.first_visit_within_days);
    out->push_back(std::move(item));
    return;
  }
  const Visit& last = *mine.back();
  item.last_visit = last.date;
  Control control = FollowUpRules::Classify(rule, last.readings);
  const std::string& cls = last.readings.classification;
  bool emergency = FollowUpRules::Emergency(rule, last.readings);
  // An emergency value (a glucose of 3.9 is below the controlled bound) is
  // referred at once and followed up within two weeks, like an uncontrolled one.
  bool settled = control != Control::kUncontrolled && (cls.empty() || cls == "1") &&
                 !last.readings.adverse_reaction && !last.readings.referral && !emergency;
  int interval = settled ? rule.routine_interval_days : rule.revisit_days;
  item.due_date = last.date.AddDays(interval);
  if (last.readings.next_visit_date && *last.readings.next_visit_date > last.date &&
      *last.readings.next_visit_date < item.due_date) {
    item.due_date = *last.readings.next_visit_date;
  }
  item.window_start = std::max(last.date.AddDays(1), item.due_date.AddDays(-14));
  if (emergency) item.alerts.push_back("emergency");
  // Uncontrolled readings in a row, counting back from the last visit.
  int run = 0;
  for (auto it = mine.rbegin(); it != mine.rend(); ++it) {
    if (FollowUpRules::Classify(rule, (*it)->readings) != Control::kUncontrolled &&
        (*it)->readings.classification != "2") {
      break;
    }
    ++run;
  }
  // Refer: an emergency value, uncontrolled readings in a row, or a new complication.
  if (emergency || run >= rule.refer_after_uncontrolled || cls == "4")
    item.alerts.push_back("referral_suggested");
  out->push_back(std::move(item));
}

void AddMental(const MentalRule& rule, const Enrolment& e, const std::vector<Visit>& visits,
               std::vector<DueItem>* out) {
  DueItem item;
  item.kind = "mental";
  item.service = rule.services.front();
  item.label = "严重精神障碍随访";
  item.enrolment_id = e.id;
  auto mine = VisitsOf(visits, rule.services, e.enrolled_on);
  for (const Visit* v : mine) item.visits.push_back(v->date);
  int risk = e.risk_level.value_or(0);
  std::string condition;
  if (mine.empty()) {
    item.window_start = e.enrolled_on;
    item.due_date = e.enrolled_on.AddDays(rule.first_visit_within_days);
  } else {
    const Visit& last = *mine.back();
    item.last_visit = last.date;
    risk = last.readings.risk_level.value_or(risk);
    condition = last.readings.condition;
    int interval = rule.interval_days_by_risk[std::clamp(risk, 0, 5)];
    if (condition == "3") interval = std::min(interval, rule.unstable_interval_days);
    item.due_date = last.date.AddDays(interval);
    if (last.readings.next_visit_date && *last.readings.next_visit_date > last.date &&
        *last.readings.next_visit_date < item.due_date) {
      item.due_date = *last.readings.next_visit_date;
    }
    item.window_start = std::max(last.date.AddDays(1), item.due_date.AddDays(-14));
  }
  if (condition == "3") item.alerts.push_back("unstable");
  // Unstable (whatever the risk level) or a high risk: refer.
  if (condition == "3" || risk >= rule.refer_at_risk) item.alerts.push_back("referral_suggested");
  out->push_back(std::move(item));
}

void AddTb(const TbRule& rule, const Enrolment& e, const std::vector<Visit>& visits,
           std::vector<DueItem>* out) {
  DueItem item;
  item.kind = "tb";
  item.enrolment_id = e.id;
  Date notified = e.notified_on.value_or(e.enrolled_on);
  auto first = VisitsOf(visits, {rule.first_visit_service}, notified);
  if (first.empty()) {
    item.service = rule.first_visit_service;
    item.label = "肺结核首次入户随访";
    item.window_start = notified;
    item.due_date = notified.AddDays((rule.first_visit_within_hours + 23) / 24);
    out->push_back(std::move(item));
    return;
  }
  std::vector<std::string> all = rule.services;
  all.push_back(rule.first_visit_service);
  auto mine = VisitsOf(visits, all, notified);
  for (const Visit* v : mine) item.visits.push_back(v->date);
  item.service = rule.services.front();
  item.label = "肺结核督导随访";
  item.last_visit = mine.back()->date;
  item.due_date = mine.back()->date.AddDays(rule.interval_days);
  item.window_start = std::max(mine.back()->date.AddDays(1), item.due_date.AddDays(-7));
  out->push_back(std::move(item));
}

// Windows in order: each satisfied by the first unused visit from its start
// up to the next window's start (a late visit still counts); the unsatisfied
// ones that are not yet superseded become items.
struct Window {
  std::string service, label;
  std::vector<std::string> satisfied_by;
  Date start, due;
};
void AddWindows(const std::string& kind, const std::vector<Window>& windows,
                const std::vector<Visit>& visits, std::optional<int64_t> enrolment_id, Date today,
                std::optional<Date> give_up, std::vector<DueItem>* out) {
  std::vector<bool> used(visits.size(), false);
  std::optional<Date> last_visit;
  for (size_t i = 0; i < windows.size(); ++i) {
    const Window& w = windows[i];
    std::optional<Date> next_start;
    if (i + 1 < windows.size()) next_start = windows[i + 1].start;
    if (give_up && (!next_start || *give_up < *next_start)) next_start = give_up;
    bool done = false;
    size_t best = visits.size();
    for (size_t v = 0; v < visits.size(); ++v) {
      const Visit& vis = visits[v];
      if (used[v] || !Counts(w.satisfied_by, vis.service) || vis.date < w.start) continue;
      if (next_start && vis.date >= *next_start) continue;
      if (best == visits.size() || vis.date < visits[best].date) best = v;
    }
    if (best != visits.size()) {
      used[best] = true;
      done = true;
      if (!last_visit || visits[best].date > *last_visit) last_visit = visits[best].date;
    }
    if (done) continue;
    if (next_start && *next_start <= today) continue;  // missed, and behind us
    DueItem item;
    item.kind = kind;
    item.service = w.service;
    item.label = w.label;
    item.window_start = w.start;
    item.due_date = w.due;
    item.superseded_on = next_start;
    item.enrolment_id = enrolment_id;
    out->push_back(std::move(item));
  }
  for (auto& item : *out) {
    if (item.kind == kind) item.last_visit = last_visit;
  }
}

void AddPregnancy(const PregnancyRule& rule, const Enrolment& e, const std::vector<Visit>& visits,
                  Date today, std::vector<DueItem>* out) {
  if (e.open() && e.lmp) {
    Date lmp = *e.lmp;
    std::vector<Window> w;
    w.push_back({rule.first_service,
                 "孕早期建册",
                 {rule.first_service},
                 lmp,
                 lmp.AddDays(rule.first_before_week * 7 - 1)});
    for (const auto& [from, to] : rule.visit_weeks) {
      w.push_back({rule.visit_service,
                   "孕" + std::to_string(from) + "-" + std::to_string(to) + "周",
                   {rule.visit_service},
                   lmp.AddDays(from * 7),
                   lmp.AddDays(to * 7 + 6)});
    }
    // The first visit's window runs until the next opens; so does each other.
    AddWindows("pregnancy", w, visits, e.id, today, std::nullopt, out);
    return;
  }
  if (e.discharge_reason == "delivered" && e.delivery_date) {
    Date d = *e.delivery_date;
    std::vector<Window> w;
    w.push_back({rule.postpartum_service,
                 "产后访视",
                 {rule.postpartum_service},
                 d,
                 d.AddDays(rule.postpartum_within_days)});
    w.push_back({rule.check_service,
                 "产后42天检查",
                 {rule.check_service},
                 d.AddDays(rule.check_from_days),
                 d.AddDays(rule.check_from_days + rule.check_window_days)});
    // Each is satisfied by its own service whenever it happened after delivery.
    std::vector<DueItem> items;
    for (const auto& win : w) {
      auto done = VisitsOf(visits, win.satisfied_by, d);
      if (!done.empty()) continue;
      Date give_up = win.due.AddDays(60);
      if (give_up <= today) continue;
      DueItem item;
      item.kind = "postpartum";
      item.service = win.service;
      item.label = win.label;
      item.window_start = win.start;
      item.due_date = win.due;
      item.superseded_on = give_up;
      item.enrolment_id = e.id;
      out->push_back(std::move(item));
    }
  }
}

void AddChildren(const ChildrenRule& rule, Date birth, const std::vector<Visit>& visits, Date today,
                 std::vector<DueItem>* out) {
  Date seventh = Birthday(birth, 7);
  if (today >= seventh || today < birth) return;
  std::vector<Window> w;
  for (const auto& v : rule.visits) {
    Date at = v.At(birth);
    if (at >= seventh) continue;
    w.push_back({v.unit == 'd' && v.amount == 0 ? rule.services.front() : rule.services.back(),
                 v.name, rule.services, at, at.AddDays(v.window_days)});
  }
  AddWindows("children", w, visits, std::nullopt, today, seventh, out);
}

void AddElderly(const ElderlyRule& rule, Date birth, const std::vector<Visit>& visits, Date today,
                std::vector<DueItem>* out) {
  Date turns = Birthday(birth, rule.min_age_years);
  // Included from the year before turning 65, so the check can be planned.
  if (turns.year() > today.year() + 1) return;
  DueItem item;
  item.kind = "elderly";
  item.service = rule.service;
  item.label = "老年人年度体检";
  auto mine = VisitsOf(visits, {rule.service}, turns);
  for (const Visit* v : mine) item.visits.push_back(v->date);
  if (mine.empty()) {
    Date jan1 = *Date::FromYmd(today.year(), 1, 1);
    item.window_start = std::max(turns, jan1);
    item.due_date = *Date::FromYmd(item.window_start.year(), 12, 31);
  } else {
    item.last_visit = mine.back()->date;
    item.due_date = mine.back()->date.AddMonths(rule.interval_months);
    item.window_start = item.due_date.AddDays(-60);
  }
  out->push_back(std::move(item));
}

}  // namespace

std::vector<DueItem> ComputeDue(const FollowUpRules& rules, const ScheduleInput& in, Date today) {
  std::vector<DueItem> out;
  for (const auto& rule : rules.chronic()) {
    for (const auto& e : in.enrolments) {
      if (e.program == rule.program && e.open()) AddChronic(rule, e, in.visits, &out);
    }
  }
  for (const auto& e : in.enrolments) {
    if (e.program == rules.mental().program && e.open())
      AddMental(rules.mental(), e, in.visits, &out);
  }
  for (const auto& e : in.enrolments) {
    if (e.program == rules.tb().program && e.open()) AddTb(rules.tb(), e, in.visits, &out);
  }
  // The latest pregnancy only: an earlier one's postpartum items are long past.
  const Enrolment* pregnancy = nullptr;
  for (const auto& e : in.enrolments) {
    if (e.program == rules.pregnancy().program &&
        (!pregnancy || e.enrolled_on > pregnancy->enrolled_on)) {
      pregnancy = &e;
    }
  }
  if (pregnancy) AddPregnancy(rules.pregnancy(), *pregnancy, in.visits, today, &out);
  AddChildren(rules.children(), in.birth, in.visits, today, &out);
  AddElderly(rules.elderly(), in.birth, in.visits, today, &out);
  return out;
}

std::string DueStatus(const DueItem& item, Date on) {
  if (item.superseded_on && on >= *item.superseded_on) return "superseded";
  if (on > item.due_date) return "overdue";
  if (item.window_start <= on || item.due_date.days() - on.days() < 7) return "due";
  return "upcoming";
}

}  // namespace yilian
