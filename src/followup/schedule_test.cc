// Data-driven: tests/data/followup/schedule_*.txt and readings.txt (see the
// README.md there). Visit dates in, due items, dates and alerts out.
#include "followup/schedule.h"

#include <gtest/gtest.h>

#include "testing/case_file.h"

namespace yilian {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::JoinList;
using testing::ParseDate;
using testing::ParseInt;
using testing::ParseList;

std::string Show(const DueItem& d) {
  std::string s = d.kind + " " + d.service + " label=" + d.label +
                  " window=" + d.window_start.ToIso() + " due=" + d.due_date.ToIso();
  if (d.superseded_on) s += " superseded=" + d.superseded_on->ToIso();
  s += " alerts=" + JoinList(d.alerts);
  if (d.last_visit) s += " last=" + d.last_visit->ToIso();
  return s;
}

std::string ShowAll(const std::vector<DueItem>& items) {
  std::string s;
  for (const auto& d : items) s += "\n    " + Show(d);
  return s.empty() ? "\n    (nothing due)" : s;
}

Readings ReadingsFrom(const CaseLine& l) {
  Readings r;
  if (l.Has("sbp")) r.sbp = static_cast<int>(ParseInt(l.Opt("sbp")));
  if (l.Has("dbp")) r.dbp = static_cast<int>(ParseInt(l.Opt("dbp")));
  if (l.Has("fbg")) r.fbg = std::stod(l.Opt("fbg"));
  if (l.Has("risk")) r.risk_level = static_cast<int>(ParseInt(l.Opt("risk")));
  if (l.Has("gw")) r.gestational_week = static_cast<int>(ParseInt(l.Opt("gw")));
  r.classification = l.Opt("classification");
  r.condition = l.Opt("condition");
  if (l.Has("next")) r.next_visit_date = ParseDate(l.Opt("next"));
  for (size_t i = 2; i < l.args.size(); ++i) {  // after the date and the service
    if (l.args[i] == "referral") {
      r.referral = true;
    } else if (l.args[i] == "adverse") {
      r.adverse_reaction = true;
    } else {
      throw CaseError("unknown flag '" + l.args[i] + "'");
    }
  }
  return r;
}

// Finds the one item of `kind` (and `label`, when given) the line is about.
const DueItem* Pick(const std::vector<DueItem>& items, const std::string& kind, const CaseLine& l) {
  std::vector<const DueItem*> found;
  for (const auto& d : items) {
    if (d.kind == kind && (!l.Has("label") || d.label == l.Opt("label"))) found.push_back(&d);
  }
  if (found.size() > 1 && l.verb == "expect") {
    std::vector<const DueItem*> same;
    for (const DueItem* d : found)
      if (d->service == l.Arg(1)) same.push_back(d);
    found = same;
  }
  if (found.size() > 1) throw CaseError("several " + kind + " items: give label=");
  return found.empty() ? nullptr : found.front();
}

void RunScheduleCase(const Case& c) {
  ScheduleInput in;
  std::optional<Date> today;
  std::vector<DueItem> items;
  bool computed = false;
  std::map<std::string, int> expected_per_kind, counted_kinds;
  int64_t next_id = 1;

  // Closes a block of expectations: every item of a kind named by an
  // `expect` line must have been expected, unless `count` said otherwise.
  auto close_block = [&]() {
    for (const auto& [kind, n] : expected_per_kind) {
      if (counted_kinds.count(kind)) continue;
      int have = 0;
      for (const auto& d : items) have += d.kind == kind;
      EXPECT_EQ(have, n) << c.Where() << "\n  " << kind << " items not all expected; got"
                         << ShowAll(items);
    }
    expected_per_kind.clear();
    counted_kinds.clear();
    computed = false;
  };
  auto compute = [&]() {
    if (computed) return;
    if (!today) throw CaseError("no 'today' line before the first expectation");
    items = ComputeDue(FollowUpRules::Default(), in, *today);
    computed = true;
  };

  for (const CaseLine& l : c.lines) {
    SCOPED_TRACE(c.Where(l));
    const std::string& v = l.verb;
    bool input = v == "today" || v == "resident" || v == "enrol" || v == "visit";
    if (input && computed) close_block();
    if (v == "today") {
      today = ParseDate(l.Arg(0));
    } else if (v == "resident") {
      in.birth = ParseDate(l.Arg(0));
      in.sex = l.Arg(1);
    } else if (v == "enrol") {
      l.OnlyKeys({"id", "lmp", "edd", "risk", "notified", "discharged", "reason", "delivery"});
      Enrolment e;
      e.id = l.Has("id") ? ParseInt(l.Opt("id")) : next_id;
      next_id = e.id + 1;
      e.program = l.Arg(0);
      e.enrolled_on = ParseDate(l.Arg(1));
      if (l.Has("lmp")) e.lmp = ParseDate(l.Opt("lmp"));
      if (l.Has("edd")) e.edd = ParseDate(l.Opt("edd"));
      if (l.Has("risk")) e.risk_level = static_cast<int>(ParseInt(l.Opt("risk")));
      if (l.Has("notified")) e.notified_on = ParseDate(l.Opt("notified"));
      if (l.Has("discharged")) e.discharged_on = ParseDate(l.Opt("discharged"));
      e.discharge_reason = l.Opt("reason");
      if (l.Has("delivery")) e.delivery_date = ParseDate(l.Opt("delivery"));
      in.enrolments.push_back(e);
    } else if (v == "visit") {
      l.OnlyKeys({"sbp", "dbp", "fbg", "classification", "risk", "condition", "next", "gw"});
      in.visits.push_back(Visit{ParseDate(l.Arg(0)), l.Arg(1), ReadingsFrom(l)});
    } else if (v == "expect") {
      l.OnlyKeys({"label", "window", "due", "superseded", "alerts", "alert", "last", "visits",
                  "enrolment"});
      compute();
      const std::string& kind = l.Arg(0);
      ++expected_per_kind[kind];
      const DueItem* d = Pick(items, kind, l);
      if (!d) {
        ADD_FAILURE() << c.Where(l) << "\n  no such item; got" << ShowAll(items);
        continue;
      }
      std::string where = c.Where(l) + "\n  got " + Show(*d);
      EXPECT_EQ(d->service, l.Arg(1)) << where;
      if (!l.Has("window") || !l.Has("due")) throw CaseError("expect needs window= and due=");
      EXPECT_EQ(d->window_start.ToIso(), l.Opt("window")) << where;
      EXPECT_EQ(d->due_date.ToIso(), l.Opt("due")) << where;
      std::string sup = d->superseded_on ? d->superseded_on->ToIso() : "-";
      EXPECT_EQ(sup, l.Opt("superseded", "-")) << where;
      if (l.Has("alert")) {  // contains this one; the others are not pinned
        EXPECT_NE(std::find(d->alerts.begin(), d->alerts.end(), l.Opt("alert")), d->alerts.end())
            << where;
      } else {
        EXPECT_EQ(JoinList(d->alerts), l.Opt("alerts", "-")) << where;
      }
      if (l.Has("last")) {
        EXPECT_EQ(d->last_visit ? d->last_visit->ToIso() : "-", l.Opt("last")) << where;
      }
      if (l.Has("visits")) {
        std::vector<std::string> dates;
        for (Date x : d->visits) dates.push_back(x.ToIso());
        EXPECT_EQ(JoinList(dates), l.Opt("visits")) << where;
      }
      if (l.Has("enrolment")) {
        EXPECT_EQ(d->enrolment_id ? std::to_string(*d->enrolment_id) : "-", l.Opt("enrolment"))
            << where;
      }
    } else if (v == "expect-none" || v == "count") {
      compute();
      const std::string& kind = l.Arg(0);
      int want = v == "count" ? static_cast<int>(ParseInt(l.Arg(1))) : 0;
      int have = 0;
      for (const auto& d : items) have += d.kind == kind;
      EXPECT_EQ(have, want) << c.Where(l) << "\n  got" << ShowAll(items);
      counted_kinds[kind] = 1;
    } else if (v == "status") {
      l.OnlyKeys({"label"});
      compute();
      const DueItem* d = Pick(items, l.Arg(1), l);
      if (!d) {
        ADD_FAILURE() << c.Where(l) << "\n  no such item; got" << ShowAll(items);
        continue;
      }
      EXPECT_EQ(DueStatus(*d, ParseDate(l.Arg(0))), l.Arg(2)) << c.Where(l) << "\n  " << Show(*d);
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }
  if (computed) close_block();
}

TEST(ScheduleRulesTest, DataDrivenCases) {
  int n = 0;
  for (const std::string& file : testing::CaseFiles("followup", "schedule_")) {
    for (const Case& c : testing::ReadCases(file)) {
      ++n;
      try {
        RunScheduleCase(c);
      } catch (const CaseError& e) {
        ADD_FAILURE() << c.Where() << ": bad case: " << e.what();
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where() << ": " << e.what();
      }
    }
  }
  EXPECT_GE(n, 60) << "cases went missing";
}

// readings.txt: "<program> [sbp= dbp= fbg=] <controlled|uncontrolled|unknown> [emergency]".
TEST(ScheduleRulesTest, ClassifyAndEmergency) {
  int n = 0;
  for (const Case& c : testing::ReadCases("followup/readings.txt")) {
    for (const CaseLine& l : c.lines) {
      ++n;
      try {
        l.OnlyKeys({"sbp", "dbp", "fbg"});
        const ChronicRule* rule = FollowUpRules::Default().Chronic(l.verb);
        if (!rule) throw CaseError("no chronic rule " + l.verb);
        Readings r;
        if (l.Has("sbp")) r.sbp = static_cast<int>(ParseInt(l.Opt("sbp")));
        if (l.Has("dbp")) r.dbp = static_cast<int>(ParseInt(l.Opt("dbp")));
        if (l.Has("fbg")) r.fbg = std::stod(l.Opt("fbg"));
        Control got = FollowUpRules::Classify(*rule, r);
        const char* names[] = {"unknown", "controlled", "uncontrolled"};
        EXPECT_EQ(names[static_cast<int>(got)], l.Arg(0)) << c.Where(l);
        bool emergency = l.args.size() > 1 && l.args[1] == "emergency";
        if (l.args.size() > 1 && !emergency) throw CaseError("unknown word " + l.args[1]);
        EXPECT_EQ(FollowUpRules::Emergency(*rule, r), emergency) << c.Where(l);
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where(l) << ": bad line: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 20);
}

TEST(ScheduleRulesTest, RulesFileLoadsWithTheSpecificationValues) {
  const FollowUpRules& r = FollowUpRules::Default();
  ASSERT_NE(r.Chronic("hypertension"), nullptr);
  ASSERT_NE(r.Chronic("diabetes"), nullptr);
  EXPECT_EQ(r.Chronic("hypertension")->visits_per_year, 4);
  EXPECT_EQ(r.tb().first_visit_within_hours, 72);
  EXPECT_EQ(r.pregnancy().first_before_week, 13);
  EXPECT_EQ(r.children().visits.size(), 13u);
  EXPECT_EQ(r.elderly().min_age_years, 65);
  EXPECT_EQ(r.Chronic("asthma"), nullptr);
}

}  // namespace
}  // namespace yilian
