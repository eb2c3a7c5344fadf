// Data-driven: tests/data/enrolments/*.txt (see the README.md there).
// Enrolling a resident in a program and discharging, each step followed by
// what must come of it.
#include "program/enrolment_rules.h"

#include <gtest/gtest.h>

#include "testing/case_file.h"

namespace yilian {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::ParseDate;
using testing::ParseInt;

std::string OptDate(const std::optional<Date>& d) { return d ? d->ToIso() : "-"; }

Enrolment FromLine(const CaseLine& l, int64_t default_id) {
  l.OnlyKeys({"id", "lmp", "edd", "risk", "notified", "delivery", "discharged"});
  Enrolment e;
  e.id = l.Has("id") ? ParseInt(l.Opt("id")) : default_id;
  e.program = l.Arg(0);
  e.enrolled_on = ParseDate(l.Arg(1));
  if (l.Has("lmp")) e.lmp = ParseDate(l.Opt("lmp"));
  if (l.Has("edd")) e.edd = ParseDate(l.Opt("edd"));
  if (l.Has("risk")) e.risk_level = static_cast<int>(ParseInt(l.Opt("risk")));
  if (l.Has("notified")) e.notified_on = ParseDate(l.Opt("notified"));
  if (l.Has("delivery")) e.delivery_date = ParseDate(l.Opt("delivery"));
  if (l.Has("discharged")) e.discharged_on = ParseDate(l.Opt("discharged"));
  return e;
}

void RunEnrolmentCase(const Case& c) {
  Date today;
  Resident r;
  r.id = 1;
  r.sex = "1";
  r.birth_date = *Date::FromYmd(1960, 5, 1);
  std::vector<Enrolment> existing;
  const CaseLine* step = nullptr;
  Status result;
  std::optional<Enrolment> made;
  std::vector<const CaseLine*> errors;
  bool expected = false;

  auto close = [&]() {
    if (!step) return;
    if (!errors.empty()) {
      testing::ExpectFieldErrors(result, errors, c);
      expected = true;
    }
    EXPECT_TRUE(expected) << c.Where(*step) << "\n  a step needs an expectation";
    step = nullptr;
    errors.clear();
    expected = false;
  };

  for (const CaseLine& l : c.lines) {
    const std::string& v = l.verb;
    if (v != "expect" && v != "error" && v != "conflict") close();
    if (v == "today") {
      today = ParseDate(l.Arg(0));
    } else if (v == "resident") {
      l.OnlyKeys({"birth", "sex", "status"});
      if (l.Has("birth")) r.birth_date = ParseDate(l.Opt("birth"));
      r.sex = l.Opt("sex", r.sex);
      r.status = l.Opt("status", r.status);
    } else if (v == "existing") {  // an enrolment already stored, not checked
      existing.push_back(FromLine(l, static_cast<int64_t>(existing.size()) + 1));
      if (l.Has("discharged")) existing.back().discharge_reason = "other";
    } else if (v == "enrol") {
      step = &l;
      Enrolment e = FromLine(l, 0);
      result = CheckNewEnrolment(e, r, existing, DefaultCodeSets(), today);
      made = e;
      if (result.ok()) existing.push_back(e);
    } else if (v == "discharge") {  // discharge <id> <date> <reason|-> [delivery=]
      l.OnlyKeys({"delivery"});
      step = &l;
      int64_t id = ParseInt(l.Arg(0));
      auto it = std::find_if(existing.begin(), existing.end(),
                             [&](const Enrolment& e) { return e.id == id; });
      if (it == existing.end()) throw CaseError("no enrolment " + l.Arg(0));
      std::optional<Date> delivery;
      if (l.Has("delivery")) delivery = ParseDate(l.Opt("delivery"));
      std::string reason = l.Arg(2) == "-" ? "" : l.Arg(2);
      Date on = ParseDate(l.Arg(1));
      result = CheckDischarge(*it, on, reason, delivery, DefaultCodeSets(), today);
      if (result.ok()) {
        it->discharged_on = on;
        it->discharge_reason = reason;
        it->delivery_date = delivery;
      }
      made = *it;
    } else if (v == "expect") {  // expect ok [edd= notified=]
      l.OnlyKeys({"edd", "notified"});
      if (!step) throw CaseError("'expect' without a step");
      if (l.Arg(0) != "ok") throw CaseError("expect ok …, or error/conflict lines");
      expected = true;
      if (!result.ok()) {
        ADD_FAILURE() << c.Where(l) << "\n  refused: " << result.ToString();
        continue;
      }
      if (l.Has("edd")) {
        EXPECT_EQ(OptDate(made->edd), l.Opt("edd")) << c.Where(l);
      }
      if (l.Has("notified")) {
        EXPECT_EQ(OptDate(made->notified_on), l.Opt("notified")) << c.Where(l);
      }
    } else if (v == "error") {
      if (!step) throw CaseError("'error' without a step");
      errors.push_back(&l);
    } else if (v == "conflict") {
      if (!step) throw CaseError("'conflict' without a step");
      expected = true;
      EXPECT_EQ(result.code(), Status::Code::kConflict)
          << c.Where(l) << "\n  got " << result.ToString();
      EXPECT_NE(result.message().find(l.rest), std::string::npos)
          << c.Where(l) << "\n  got " << result.ToString();
    } else if (v == "eligible") {  // eligible <program> <date> yes|no
      bool got = EligibleForProgram(l.Arg(0), r, ParseDate(l.Arg(1)));
      EXPECT_EQ(got ? "yes" : "no", l.Arg(2)) << c.Where(l);
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }
  close();
}

TEST(EnrolmentRulesTest, DataDrivenCases) {
  int n = 0;
  for (const std::string& file : testing::CaseFiles("enrolments")) {
    for (const Case& c : testing::ReadCases(file)) {
      ++n;
      try {
        RunEnrolmentCase(c);
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where() << ": bad case: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 40) << "cases went missing";
}

}  // namespace
}  // namespace yilian
