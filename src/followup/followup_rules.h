// FollowUpRule: when a managed resident is next due for a visit, as data
// (data/rules/followup.json, see its description). Parsed once; pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "catalogue/service_form.h"
#include "core/date.h"
#include "core/status.h"

namespace yilian {

// Hypertension and type-2 diabetes.
struct ChronicRule {
  std::string program;
  std::vector<std::string> services;  // items that count as a follow-up
  int visits_per_year = 4;
  int first_visit_within_days = 14;
  int routine_interval_days = 90;
  int revisit_days = 14;
  // Controlled when every given bound holds (readings absent from the visit
  // leave the control unknown).
  std::optional<int> sbp_below, dbp_below;
  std::optional<double> fbg_below;
  // An emergency when any given bound is reached.
  std::optional<int> sbp_at_least, dbp_at_least;
  std::optional<double> fbg_at_least, fbg_at_most;
  int refer_after_uncontrolled = 2;
};

struct MentalRule {
  std::string program;
  std::vector<std::string> services;
  int visits_per_year = 4;
  int first_visit_within_days = 14;
  std::vector<int> interval_days_by_risk;  // index = risk level 0-5
  int unstable_interval_days = 14;
  int refer_at_risk = 3;
};

struct TbRule {
  std::string program;
  std::string first_visit_service;
  int first_visit_within_hours = 72;
  std::vector<std::string> services;
  int interval_days = 30;
};

struct PregnancyRule {
  std::string program;
  std::string first_service;
  int first_before_week = 13;
  std::string visit_service;
  std::vector<std::pair<int, int>> visit_weeks;  // inclusive gestational weeks
  std::string postpartum_service;
  int postpartum_within_days = 7;
  std::string check_service;
  int check_from_days = 42;
  int check_window_days = 14;
};

struct ChildVisitRule {
  std::string name;  // "3月龄"
  char unit = 'd';   // 'd', 'm' or 'y' after birth
  int amount = 0;
  int window_days = 30;
  Date At(Date birth) const;
};

struct ChildrenRule {
  std::vector<std::string> services;
  std::vector<ChildVisitRule> visits;
};

struct ElderlyRule {
  std::string service;
  int min_age_years = 65;
  int interval_months = 12;
};

enum class Control { kUnknown, kControlled, kUncontrolled };

class FollowUpRules {
 public:
  // Parses the rules file; every service named must be in `catalogue`.
  static Result<FollowUpRules> Parse(std::string_view json_text, const ServiceCatalogue& catalogue);
  // The rules compiled into the binary; aborts if they do not load.
  static const FollowUpRules& Default();

  const std::string& version() const { return version_; }
  const std::vector<ChronicRule>& chronic() const { return chronic_; }
  const ChronicRule* Chronic(std::string_view program) const;
  const MentalRule& mental() const { return mental_; }
  const TbRule& tb() const { return tb_; }
  const PregnancyRule& pregnancy() const { return pregnancy_; }
  const ChildrenRule& children() const { return children_; }
  const ElderlyRule& elderly() const { return elderly_; }

  // Whether readings are controlled by `rule`'s bounds (kUnknown when a
  // bound's reading is missing).
  static Control Classify(const ChronicRule& rule, const Readings& r);
  // Whether any reading is at an emergency value.
  static bool Emergency(const ChronicRule& rule, const Readings& r);

 private:
  std::string version_;
  std::vector<ChronicRule> chronic_;
  MentalRule mental_;
  TbRule tb_;
  PregnancyRule pregnancy_;
  ChildrenRule children_;
  ElderlyRule elderly_;
};

}  // namespace yilian
