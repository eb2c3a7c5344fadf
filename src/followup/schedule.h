// The follow-up schedule: from a resident's birth date, program enrolments
// and past visits, what is due next under the FollowUpRules. Free of I/O.
//
// One DueItem per open program (hypertension, diabetes, mental, tb), per
// pregnancy stage (the first visit and each window of gestational weeks,
// then the postpartum visit and the 42-day check), per child visit of the
// schedule still ahead, and the elderly annual check. Each item has the day
// its window opens and its deadline (due_date); a child or prenatal visit is
// superseded (no longer worth doing) when the next one's window opens.
// Whether an item is due, overdue or upcoming is decided at query time
// against the query's own date, so items stay right as days pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "catalogue/service_form.h"
#include "core/date.h"
#include "followup/followup_rules.h"
#include "program/enrolment.h"

namespace yilian {

// A past visit as the schedule sees it.
struct Visit {
  Date date;
  std::string service;  // catalogue item code
  Readings readings;
};

struct ScheduleInput {
  Date birth;
  std::string sex;
  std::vector<Enrolment> enrolments;
  std::vector<Visit> visits;  // any order; voided records left out
};

struct DueItem {
  // "hypertension", "diabetes", "mental", "tb", "pregnancy", "postpartum",
  // "children" or "elderly".
  std::string kind;
  std::string service;  // the item to record for it
  std::string label;    // "高血压随访", "3月龄", "孕16-20周", …
  Date window_start;
  Date due_date;                      // the deadline
  std::optional<Date> superseded_on;  // no longer shown from this day
  std::optional<Date> last_visit;     // the last visit counted for this kind
  std::vector<Date> visits;           // programs and elderly: the visits counted, by date
  std::vector<std::string> alerts;    // "emergency", "referral_suggested", "unstable"
  std::optional<int64_t> enrolment_id;
};

// What is due for the resident, computed on `today` (which decides which
// enrolments are open, whether the resident is a child or elderly, and which
// child visits are already behind). Items come in kind order, then by date.
std::vector<DueItem> ComputeDue(const FollowUpRules& rules, const ScheduleInput& in, Date today);

// Where an item stands on `on`: "upcoming" (window not open and deadline more
// than a week away), "due" (window open or deadline within a week),
// "overdue" (deadline passed) or "superseded".
std::string DueStatus(const DueItem& item, Date on);

}  // namespace yilian
