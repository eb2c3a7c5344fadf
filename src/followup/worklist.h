// Worklist: who is due for a visit, kept live for every active resident.
//
// Each resident's DueItems (see schedule.h) are recomputed from their facts
// whenever a write touches them, so recording a visit takes the resident off
// the list at once. Queries filter by village ranges (a doctor's or team's
// villages, a township, the user's scope), by kind and by where each item
// stands on the query date: due (window open or deadline within a week),
// overdue (and by how many days), unseen this year (a program or elderly
// resident with no counted visit in the query's year), or upcoming.
// Not thread-safe: LiveState serialises access.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "followup/followup_rules.h"
#include "followup/schedule.h"
#include "live/resident_facts.h"

namespace yilian {

struct WorklistQuery {
  std::vector<std::pair<std::string, std::string>> ranges;  // village-code ranges
  std::set<std::string> villages;  // when not empty, only these villages (a team's)
  Date on;
  // "open" (due and overdue, the default), "due", "overdue", "unseen",
  // "upcoming" or "all".
  std::string status = "open";
  std::string kind;  // DueItem kind, "" = any
  int64_t page = 1;
  int64_t page_size = 20;
};

struct WorklistRow {
  int64_t resident_id = 0;
  std::string name, record_no, village_code, sex, phone;
  Date birth;
  DueItem item;
  std::string status;  // as DueStatus
  int overdue_days = 0;
  int visits_this_year = 0;
};

struct WorklistSummary {
  int64_t residents = 0;  // with any open item
  int64_t due = 0, overdue = 0, upcoming = 0, unseen_this_year = 0, alerts = 0;
  std::map<std::string, int64_t> open_by_kind;
};

struct WorklistPage {
  std::vector<WorklistRow> rows;
  int64_t total = 0;  // rows matching, all pages
  WorklistSummary summary;
};

class Worklist {
 public:
  explicit Worklist(const FollowUpRules& rules) : rules_(rules) {}

  // Replaces what `before` put on the list with what `after` puts there.
  // `today` decides which child and prenatal visits are already behind.
  void Apply(const live::ResidentFacts* before, const live::ResidentFacts* after, Date today);

  WorklistPage Find(const WorklistQuery& q) const;
  // The items of one resident (empty when none or not active).
  std::vector<DueItem> ItemsOf(int64_t resident_id) const;

  size_t residents() const { return where_.size(); }
  size_t bytes() const;

 private:
  struct Entry {
    std::string name, record_no, sex, phone;
    Date birth;
    std::vector<DueItem> items;
  };
  const FollowUpRules& rules_;
  // village code -> resident id -> entry; villages sorted for range queries.
  std::map<std::string, std::unordered_map<int64_t, Entry>> villages_;
  std::unordered_map<int64_t, std::string> where_;  // resident id -> village code
};

// The schedule input of a resident's facts (valid services only).
ScheduleInput ScheduleInputOf(const live::ResidentFacts& f);

}  // namespace yilian
