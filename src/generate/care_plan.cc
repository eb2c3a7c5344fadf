#include "generate/care_plan.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "contract/contract_rules.h"

namespace yilian::generate {
namespace {

using nlohmann::json;

struct Planned {
  const yilian::Resident& r;
  const TeamRef& team;
  Date from;  // first day of the year of care
  Date today;
  std::vector<yilian::Enrolment> enrolments;
  std::vector<yilian::Contract> contracts;  // by start; the last is in force
  std::vector<yilian::ServiceRecord> services;
  std::set<std::pair<int32_t, std::string>> taken;  // (day, item): one a day
};

const char* Verification(Rng& rng) {
  int v = rng.Below(100);
  return v < 70 ? "dual_card" : v < 90 ? "face" : "none";
}

int64_t Pick(Rng& rng, const std::vector<int64_t>& v) { return v[rng.Below(v.size())]; }

// The first day of being `years` old (Feb 29 births turn older on Mar 1).
Date Birthday(Date birth, int years) {
  Date d = birth.AddMonths(12 * years);
  while (birth.AgeOn(d) < years) d = d.AddDays(1);
  return d;
}

std::optional<int64_t> EnrolmentOn(const Planned& p, const std::string& program, Date d) {
  for (const auto& e : p.enrolments) {
    if (e.program == program && e.ActiveOn(d)) return e.id;
  }
  return std::nullopt;
}

// Adds a service on `d` (skipped when outside the year, in the future,
// before birth, or the item was already recorded that day).
void Add(Planned& p, Rng& rng, const ServiceCatalogue& cat, const std::string& code, Date d,
         json data, bool village_doctor_first = true) {
  if (d < p.from || d > p.today || d < p.r.birth_date) return;
  if (!p.taken.insert({d.days(), code}).second) return;
  const ServiceItem* item = cat.FindItem(code);
  yilian::ServiceRecord s;
  s.resident_id = p.r.id;
  s.service_code = code;
  s.service_date = d;
  s.village_code = p.r.village_code;
  const auto& first = village_doctor_first && !p.team.village_doctors.empty() && rng.Chance(0.75)
                          ? p.team.village_doctors
                          : p.team.doctors;
  s.practitioner_id = Pick(rng, first.empty() ? p.team.doctors : first);
  s.facility_id = p.team.facility_of.at(s.practitioner_id);
  s.team_id = p.team.id;
  s.verification = Verification(rng);
  s.points_centi = s.verified() ? item->points_centi : 0;
  if (!item->program.empty()) s.enrolment_id = EnrolmentOn(p, item->program, d);
  for (const auto& k : p.contracts)
    if (k.InForceOn(d)) s.contract_id = k.id;
  s.data = std::move(data);
  s.readings = ReadingsOf(s.data);
  p.services.push_back(std::move(s));
}

json Pressure(Rng& rng, bool controlled, bool emergency) {
  if (emergency) return {{"sbp", rng.Range(180, 200)}, {"dbp", rng.Range(100, 115)}};
  if (controlled) return {{"sbp", rng.Range(112, 139)}, {"dbp", rng.Range(68, 88)}};
  int sbp = rng.Range(141, 172);
  return {{"sbp", sbp}, {"dbp", rng.Range(84, std::min(104, sbp - 30))}};
}

// Follow-ups of hypertension or diabetes from `start`: every ~90 days, an
// uncontrolled reading brought back within two weeks (mostly), some late,
// a few missed.
void ChronicVisits(Planned& p, Rng& rng, const ServiceCatalogue& cat, const ChronicRule& rule,
                   Date start) {
  const bool diabetes = rule.program == "diabetes";
  const std::string code = rule.services.front();
  const double propensity = rng.Uniform(0.35, 0.9);
  Date d = start.AddDays(rng.Range(0, 40));
  while (d <= p.today) {
    bool controlled = rng.Chance(propensity);
    bool emergency = !controlled && rng.Chance(0.03);
    json data = {{"visit_mode", rng.Chance(0.6)   ? "1"
                                : rng.Chance(0.7) ? "2"
                                                  : "3"},
                 {"weight_kg", std::round(rng.Uniform(48, 88) * 10) / 10},
                 {"medication_adherence", rng.Chance(0.75)  ? "1"
                                          : rng.Chance(0.7) ? "2"
                                                            : "3"}};
    if (!diabetes || rng.Chance(0.8))
      data.update(Pressure(rng, diabetes || controlled, emergency && !diabetes));
    if (diabetes) {
      double fbg = controlled  ? rng.Uniform(4.8, 6.9)
                   : emergency ? rng.Uniform(16.8, 19.5)
                               : rng.Uniform(7.1, 12.5);
      data["fbg"] = std::round(fbg * 10) / 10;
    }
    bool adverse = controlled && rng.Chance(0.03);
    bool complication = !controlled && rng.Chance(0.05);
    data["classification"] = adverse ? "3" : complication ? "4" : controlled ? "1" : "2";
    if (adverse) data["adverse_reaction"] = true;
    int next = controlled && !adverse ? rule.routine_interval_days : rule.revisit_days;
    data["next_visit_date"] = d.AddDays(next).ToIso();
    if (emergency || complication) data["referral"] = true;
    Add(p, rng, cat, code, d, std::move(data));
    // When the next visit happens: mostly as asked, some late, a few missed.
    int roll = rng.Below(100);
    int gap = roll < 78   ? next + rng.Range(-7, 3)
              : roll < 94 ? next + rng.Range(10, 50)
                          : next + rng.Range(90, 150);
    d = d.AddDays(std::max(gap, 7));
  }
}

// A check on a day from `earliest` to `latest`, within the years of care.
void ElderlyCheck(Planned& p, Rng& rng, const ServiceCatalogue& cat, const std::string& code,
                  Date earliest, Date latest) {
  Date lo = std::max(p.from, earliest);
  Date hi = std::min(p.today, latest);
  if (lo > hi) return;
  Date d = Date::FromDays(rng.Range(lo.days(), hi.days()));
  json data = Pressure(rng, rng.Chance(0.6), false);
  data["weight_kg"] = std::round(rng.Uniform(42, 82) * 10) / 10;
  data["height_cm"] = rng.Range(148, 178);
  data["self_care_score"] = rng.Chance(0.85) ? 0 : rng.Range(1, 12);
  data["cognition"] = rng.Chance(0.93) ? "1" : "2";
  data["emotion"] = rng.Chance(0.95) ? "1" : "2";
  Add(p, rng, cat, code, d, std::move(data));
}

json ChildData(Rng& rng, const yilian::Resident& r, Date d) {
  double months = (d.days() - r.birth_date.days()) / 30.44;
  double weight = months < 12   ? 3.3 + 0.6 * months
                  : months < 36 ? 9.5 + 0.19 * (months - 12)
                                : 14.0 + 0.17 * (months - 36);
  double height = months < 12   ? 50 + 2.1 * months
                  : months < 36 ? 75 + 0.9 * (months - 12)
                                : 96 + 0.55 * (months - 36);
  json data = {{"weight_kg", std::round(weight * rng.Uniform(0.9, 1.1) * 10) / 10},
               {"height_cm", std::round(height * rng.Uniform(0.97, 1.03) * 10) / 10},
               {"development_ok", rng.Chance(0.97)}};
  if (months < 36)
    data["head_circumference_cm"] =
        std::round((34 + 4.5 * std::min(months, 12.0) / 3 / 1.5) * 10) / 10;
  if (months < 12) data["feeding"] = rng.Chance(0.55) ? "1" : rng.Chance(0.6) ? "2" : "3";
  return data;
}

}  // namespace

Status CarePlanner::Plan(Rng& rng, const yilian::Resident& r, const TeamRef& team, Sink& sink,
                         CareSummary* summary) {
  if (r.status != "active" || team.doctors.empty()) return Status::Ok();
  // Two years of care, so this year's figures have last year's to compare with.
  Planned p{r, team, today_.AddDays(-729), today_, {}, {}, {}, {}};
  const int age = r.birth_date.AgeOn(today_);

  // ---- enrolments for the conditions, and pregnancies ----
  yilian::Enrolment ignored;
  auto enrol = [&](const std::string& program, Date on) -> yilian::Enrolment& {
    if (on > today_) return ignored = yilian::Enrolment();
    yilian::Enrolment e;
    e.resident_id = r.id;
    e.program = program;
    e.enrolled_on = on;
    e.village_code = r.village_code;
    e.facility_id = team.facility_of.at(team.doctors.front());
    p.enrolments.push_back(std::move(e));
    return p.enrolments.back();
  };
  for (const auto& c : r.conditions) {
    Date diagnosed = c.diagnosed_on.value_or(today_.AddDays(-rng.Range(30, 3000)));
    Date at35 = Birthday(r.birth_date, 35);
    if ((c.code == "2" || c.code == "3") && age >= 35 && rng.Chance(0.88)) {
      Date on = std::max(diagnosed, at35);
      if (on <= today_) enrol(c.code == "2" ? "hypertension" : "diabetes", on);
    } else if (c.code == "8" && rng.Chance(0.92)) {
      int roll = rng.Below(100);
      enrol("mental", std::max(diagnosed, Birthday(r.birth_date, 12))).risk_level =
          roll < 60   ? 0
          : roll < 80 ? 1
          : roll < 90 ? 2
          : roll < 97 ? 3
                      : rng.Range(4, 5);
    } else if (c.code == "9" && diagnosed > today_.AddDays(-300)) {
      enrol("tb", diagnosed).notified_on = diagnosed;
    }
  }
  if (r.sex == "2" && age >= 20 && age <= 39 && rng.Chance(0.12)) {
    Date lmp = today_.AddDays(-rng.Range(20, 785));
    Date on = lmp.AddDays(rng.Chance(0.86) ? rng.Range(42, 88) : rng.Range(92, 140));
    if (on <= today_) {
      yilian::Enrolment& e = enrol("pregnancy", on);  // on <= today: a real enrolment
      e.lmp = lmp;
      e.edd = lmp.AddDays(280);
      Date delivery = lmp.AddDays(280 + rng.Range(-16, 8));
      if (delivery.AddDays(3) <= today_) {
        e.delivery_date = delivery;
        e.discharged_on = delivery.AddDays(rng.Range(1, 3));
        e.discharge_reason = "delivered";
      }
    }
  }
  for (auto& e : p.enrolments) {
    YILIAN_RETURN_IF_ERROR(sink.Enrolment(e));
    ++summary->enrolments[e.program];
  }

  // ---- the contract ----
  bool key = age >= 65 || age < 7 || !p.enrolments.empty() || r.has_disability() || r.poverty ||
             r.family_planning_special;
  if (rng.Chance(key ? 0.9 : 0.52)) {
    // Signing campaigns early in the year; the rest spread over it. Most
    // contracts renew a year-old one.
    Date start =
        rng.Chance(0.5) ? today_.AddDays(-rng.Range(250, 364)) : today_.AddDays(-rng.Range(0, 364));
    start = std::max(start, r.birth_date);
    Date previous = start.AddMonths(-12);
    const bool renews = previous >= r.birth_date && rng.Chance(0.8);
    const int doctor_roll = rng.Below(100);
    const bool paid = rng.Chance(0.08);
    const int method_roll = rng.Below(100);
    auto make = [&](Date from) {
      yilian::Contract k;
      k.resident_id = r.id;
      k.team_id = team.id;
      k.doctor_id = doctor_roll < 70 || team.village_doctors.empty()
                        ? team.doctors[static_cast<size_t>(doctor_roll) % team.doctors.size()]
                        : team.village_doctors[static_cast<size_t>(doctor_roll) %
                                               team.village_doctors.size()];
      k.signed_on = from;
      k.start_date = from;
      k.end_date = DefaultEndDate(from);
      k.signing_method = method_roll < 60   ? "face_to_face_id"
                         : method_roll < 90 ? "face_check"
                                            : "phone";
      k.packages.push_back("basic");
      for (const auto& pk : catalogue_.packages()) {
        if (pk.for_population.empty() || pk.fee_cents > 0) continue;
        if (InPopulation(pk.for_population, r, p.enrolments, from)) k.packages.push_back(pk.code);
      }
      bool chronic = std::any_of(p.enrolments.begin(), p.enrolments.end(), [&](const auto& e) {
        return (e.program == "hypertension" || e.program == "diabetes") && e.ActiveOn(from);
      });
      if (chronic && paid) k.packages.push_back("chronic_plus");
      std::sort(k.packages.begin(), k.packages.end());
      for (const auto& code : k.packages) k.fee_cents += catalogue_.FindPackage(code)->fee_cents;
      k.village_code = r.village_code;
      return k;
    };
    if (renews) {
      p.contracts.push_back(make(previous));
      YILIAN_RETURN_IF_ERROR(sink.Contract(p.contracts.back()));
      ++summary->contracts;
    }
    yilian::Contract current = make(start);
    if (renews) {
      current.origin = "renewal";
      current.previous_id = p.contracts.back().id;
    }
    p.contracts.push_back(std::move(current));
    YILIAN_RETURN_IF_ERROR(sink.Contract(p.contracts.back()));
    ++summary->contracts;
  }

  // ---- the year's services ----
  for (const auto& e : p.enrolments) {
    Date start = std::max(e.enrolled_on, p.from);
    if (const ChronicRule* rule = rules_.Chronic(e.program)) {
      ChronicVisits(p, rng, catalogue_, *rule, start);
      for (int y = start.year(); y <= today_.year(); ++y) {
        if (rng.Chance(0.7)) {
          ElderlyCheck(p, rng, catalogue_, e.program == "hypertension" ? "htn_check" : "dm_check",
                       std::max(start, *Date::FromYmd(y, 1, 1)), *Date::FromYmd(y, 12, 31));
        }
      }
    } else if (e.program == "mental") {
      int risk = e.risk_level.value_or(0);
      for (Date d = start.AddDays(rng.Range(0, 30)); d <= today_;) {
        int visit_risk =
            std::clamp(risk + (rng.Chance(0.1) ? 1 : 0) - (rng.Chance(0.1) ? 1 : 0), 0, 5);
        json data = {{"visit_mode", rng.Chance(0.7) ? "2" : "1"},
                     {"risk_level", visit_risk},
                     {"condition", visit_risk == 0  ? "1"
                                   : visit_risk < 3 ? "2"
                                                    : "3"},
                     {"medication_adherence", rng.Chance(0.7) ? "1" : "2"}};
        int interval = rules_.mental().interval_days_by_risk[visit_risk];
        data["next_visit_date"] = d.AddDays(interval).ToIso();
        Add(p, rng, catalogue_, "smi_followup", d, std::move(data));
        d = d.AddDays(interval + (rng.Chance(0.8) ? rng.Range(-5, 5) : rng.Range(15, 60)));
      }
    } else if (e.program == "tb") {
      Date notified = e.notified_on.value_or(e.enrolled_on);
      Date first = notified.AddDays(rng.Chance(0.9) ? rng.Range(0, 3) : rng.Range(4, 10));
      Add(p, rng, catalogue_, "tb_first_visit", first,
          {{"visit_mode", "2"}, {"phase", "1"}, {"doses_missed", 0}});
      for (Date d = first.AddDays(rng.Range(25, 35)); d <= today_;
           d = d.AddDays(rng.Range(25, 40))) {
        Add(p, rng, catalogue_, "tb_followup", d,
            {{"visit_mode", rng.Chance(0.8) ? "2" : "3"},
             {"phase", d.days() - notified.days() < 60 ? "1" : "2"},
             {"doses_missed", rng.Chance(0.8) ? 0 : rng.Range(1, 4)}});
      }
    } else if (e.program == "pregnancy" && e.lmp) {
      Date lmp = *e.lmp;
      Date end = e.discharged_on.value_or(today_.AddDays(1));
      auto week = [&](Date d) { return (d.days() - lmp.days()) / 7; };
      if (rng.Chance(0.95)) {
        Date d = e.enrolled_on;
        Add(p, rng, catalogue_, "prenatal_first", d,
            {{"gestational_week", std::max(1, week(d))},
             {"sbp", rng.Range(100, 128)},
             {"dbp", rng.Range(60, 82)},
             {"hemoglobin", rng.Range(100, 135)}},
            false);
      }
      for (const auto& [from, to] : rules_.pregnancy().visit_weeks) {
        Date d = lmp.AddDays(from * 7 + rng.Range(0, (to - from) * 7 + 6));
        if (d <= e.enrolled_on || d >= end || !rng.Chance(0.86)) continue;
        Add(p, rng, catalogue_, "prenatal_visit", d,
            {{"gestational_week", week(d)},
             {"sbp", rng.Range(100, 132)},
             {"dbp", rng.Range(60, 85)},
             {"fundal_height_cm", std::clamp(week(d) - 2, 10, 38)},
             {"fetal_heart_rate", rng.Range(125, 155)}},
            false);
      }
      if (e.delivery_date) {
        Date d = *e.delivery_date;
        if (rng.Chance(0.87)) {
          Add(p, rng, catalogue_, "postpartum_visit",
              d.AddDays(rng.Chance(0.85) ? rng.Range(3, 7) : rng.Range(8, 20)),
              {{"sbp", rng.Range(100, 130)},
               {"dbp", rng.Range(60, 84)},
               {"temperature", std::round(rng.Uniform(36.2, 37.3) * 10) / 10},
               {"recovered", rng.Chance(0.95)}},
              false);
        }
        if (rng.Chance(0.78)) {
          Add(p, rng, catalogue_, "postpartum_42d", d.AddDays(rng.Range(42, 56)),
              {{"sbp", rng.Range(100, 130)}, {"dbp", rng.Range(60, 84)}, {"recovered", true}},
              false);
        }
      }
    }
  }
  if (age >= 65) {
    Date turned = Birthday(r.birth_date, 65);
    for (int y = p.from.year(); y <= today_.year(); ++y) {
      Date lo = std::max(turned, *Date::FromYmd(y, 1, 1));
      Date hi = *Date::FromYmd(y, 12, 31);
      if (rng.Chance(0.72)) ElderlyCheck(p, rng, catalogue_, "elderly_check", lo, hi);
      lo = std::max(lo, p.from);
      hi = std::min(hi, today_);
      if (lo <= hi && rng.Chance(0.45)) {
        Add(p, rng, catalogue_, "tcm_elderly", Date::FromDays(rng.Range(lo.days(), hi.days())),
            {{"summary", "体质辨识及中医药保健指导"}});
      }
    }
  }
  if (age < 8) {
    // Each visit of the schedule that fell in the year, most of them done in
    // their window, some late.
    const auto& visits = rules_.children().visits;
    Date seventh = r.birth_date.AddMonths(12 * 7);
    for (const auto& v : visits) {
      Date at = v.At(r.birth_date);
      if (at >= seventh || !rng.Chance(0.85)) continue;
      Date d = at.AddDays(rng.Chance(0.85) ? rng.Range(0, v.window_days)
                                           : v.window_days + rng.Range(1, 20));
      if (d >= seventh) continue;
      bool newborn = v.unit == 'd' && v.amount == 0;
      Add(p, rng, catalogue_, newborn ? "newborn_visit" : "child_visit", d, ChildData(rng, r, d),
          false);
    }
  }
  if (rng.Chance(0.1)) {
    Add(p, rng, catalogue_, "health_education", today_.AddDays(-rng.Range(0, 729)),
        {{"summary", "慢性病防治与合理膳食"}});
  }
  // What each contract promised and the other plans do not already bring:
  // mostly delivered within its term.
  for (const auto& k : p.contracts) {
    Date lo = std::max(k.start_date, p.from);
    Date hi = std::min(k.end_date, today_);
    if (lo > hi) continue;
    auto when = [&] { return Date::FromDays(rng.Range(lo.days(), hi.days())); };
    if (rng.Chance(0.9))
      Add(p, rng, catalogue_, "record_update", when(), {{"summary", "签约时更新健康档案"}});
    if (rng.Chance(0.88))
      Add(p, rng, catalogue_, "health_education", when(), {{"summary", "个体化健康教育"}});
    auto has = [&](const char* pk) {
      return std::find(k.packages.begin(), k.packages.end(), pk) != k.packages.end();
    };
    if (has("elderly") && rng.Chance(0.85))
      Add(p, rng, catalogue_, "tcm_elderly", when(), {{"summary", "体质辨识及中医药保健指导"}});
    if (has("chronic_plus")) {
      for (int i = 0; i < 4; ++i)
        Add(p, rng, catalogue_, "family_doctor_visit", when(), {{"summary", "上门随访与用药指导"}},
            false);
    }
  }
  std::stable_sort(p.services.begin(), p.services.end(),
                   [](const auto& a, const auto& b) { return a.service_date < b.service_date; });
  for (auto& s : p.services) {
    // Contract ids are known now; the one in force that day.
    s.contract_id.reset();
    for (const auto& k : p.contracts)
      if (k.InForceOn(s.service_date)) s.contract_id = k.id;
    YILIAN_RETURN_IF_ERROR(sink.Service(s));
    ++summary->services;
    summary->points_centi += s.points_centi;
  }
  return Status::Ok();
}

}  // namespace yilian::generate
