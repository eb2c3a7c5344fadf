// Data-driven: tests/data/service_records/*.txt (see the README.md there).
// Each case is one service record with its form data against a context of
// resident, practitioner, enrolments and contracts, and what must come of
// it: accepted with its points and links, or every refused field.
#include "service/service_rules.h"

#include <gtest/gtest.h>

#include "catalogue/service_form.h"
#include "testing/case_file.h"

namespace yilian {
namespace {

using nlohmann::json;
using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::ParseDate;
using testing::ParseInt;
using testing::ParseList;

// "{{repeat 字 501}}" becomes 501 times 字, so long texts stay readable.
std::string Expand(std::string s) {
  while (true) {
    size_t a = s.find("{{repeat ");
    if (a == std::string::npos) return s;
    size_t b = s.find("}}", a);
    if (b == std::string::npos) throw CaseError("unclosed {{repeat");
    auto parts = testing::ParseCaseLine(s.substr(a + 2, b - a - 2), 0);
    std::string out;
    for (int64_t i = 0; i < ParseInt(parts.Arg(1)); ++i) out += parts.Arg(0);
    s = s.substr(0, a) + out + s.substr(b + 2);
  }
}

std::string Opt64(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; }

void RunServiceCase(const Case& c) {
  Date today;
  Resident r;
  r.id = 1;
  r.record_no = "14042310020100001";
  std::optional<Practitioner> p;
  std::vector<int64_t> teams;
  std::vector<Enrolment> enrolments;
  std::vector<Contract> contracts;
  std::optional<int64_t> same_day;
  ServiceRecord s;
  json data;  // null unless a data line gives it
  bool have_record = false, checked = false;
  Status result;
  std::vector<const CaseLine*> errors;
  bool expected = false;

  auto check = [&]() {
    if (checked) return;
    if (!have_record) throw CaseError("no 'record' line before the expectations");
    ServiceContext ctx;
    ctx.resident = &r;
    if (p && p->id == s.practitioner_id) ctx.practitioner = &*p;
    ctx.practitioner_teams = teams;
    ctx.enrolments = enrolments;
    ctx.contracts = contracts;
    ctx.same_day_record = same_day;
    result = CheckServiceRecord(s, data, ctx, ServiceCatalogue::Default(), FollowUpRules::Default(),
                                DefaultCodeSets(), today);
    checked = true;
  };

  for (const CaseLine& l : c.lines) {
    const std::string& v = l.verb;
    if (checked && (v == "record" || v == "data" || v == "resident" || v == "enrol"))
      throw CaseError("inputs after the expectations");
    if (v == "today") {
      today = ParseDate(l.Arg(0));
    } else if (v == "resident") {
      l.OnlyKeys({"sex", "birth", "village", "status", "status_date"});
      r.sex = l.Opt("sex", r.sex);
      if (l.Has("birth")) r.birth_date = ParseDate(l.Opt("birth"));
      r.village_code = l.Opt("village", r.village_code);
      r.status = l.Opt("status", r.status);
      if (l.Has("status_date")) r.status_date = ParseDate(l.Opt("status_date"));
    } else if (v == "practitioner") {  // practitioner <id> [name= facility= status= teams=] | none
      l.OnlyKeys({"name", "facility", "status", "teams"});
      if (l.Arg(0) == "none") {
        p.reset();
        teams.clear();
        continue;
      }
      if (!p || p->id != ParseInt(l.Arg(0))) p = Practitioner{};
      p->id = ParseInt(l.Arg(0));
      p->name = l.Opt("name", p->name);
      if (l.Has("facility")) p->facility_id = ParseInt(l.Opt("facility"));
      p->status = l.Opt("status", p->status);
      if (l.Has("teams")) {
        teams.clear();
        for (const auto& t : ParseList(l.Opt("teams"))) teams.push_back(ParseInt(t));
      }
    } else if (v == "enrol") {  // enrol <program> <date> id= [discharged=]
      l.OnlyKeys({"id", "discharged"});
      Enrolment e;
      e.id = ParseInt(l.Opt("id", std::to_string(100 + enrolments.size() + 1)));
      e.program = l.Arg(0);
      e.enrolled_on = ParseDate(l.Arg(1));
      if (l.Has("discharged")) e.discharged_on = ParseDate(l.Opt("discharged"));
      enrolments.push_back(e);
    } else if (v == "no-enrolments") {
      enrolments.clear();
    } else if (v == "contract") {  // contract <id> team= start= end= [terminated=]
      l.OnlyKeys({"team", "start", "end", "terminated"});
      Contract k;
      k.id = ParseInt(l.Arg(0));
      k.team_id = ParseInt(l.Opt("team"));
      k.start_date = ParseDate(l.Opt("start"));
      k.end_date = ParseDate(l.Opt("end"));
      if (l.Has("terminated")) {
        k.status = "terminated";
        k.terminated_on = ParseDate(l.Opt("terminated"));
      }
      contracts.push_back(k);
    } else if (v == "no-contracts") {
      contracts.clear();
    } else if (v == "same-day") {
      same_day = ParseInt(l.Arg(0));
    } else if (v == "record") {  // record <service> <date> [verification= practitioner= …]
      l.OnlyKeys({"verification", "practitioner", "facility", "team"});
      s = ServiceRecord{};
      s.resident_id = r.id;
      s.service_code = l.Arg(0) == "-" ? "" : l.Arg(0);
      s.service_date = ParseDate(l.Arg(1));
      s.verification = l.Opt("verification", "dual_card");
      if (s.verification == "-") s.verification.clear();
      s.practitioner_id = ParseInt(l.Opt("practitioner", p ? std::to_string(p->id) : "0"));
      s.facility_id = ParseInt(l.Opt("facility", "0"));
      if (l.Has("team")) s.team_id = ParseInt(l.Opt("team"));
      have_record = true;
    } else if (v == "data") {
      data = json::parse(Expand(l.rest), nullptr, false);
      if (data.is_discarded()) throw CaseError("data is not JSON");
    } else if (v == "expect") {  // expect ok [points= enrolment= contract= team= facility=]
      l.OnlyKeys({"points", "enrolment", "contract", "team", "facility"});
      if (l.Arg(0) != "ok") throw CaseError("expect ok …, or error/conflict lines");
      check();
      expected = true;
      if (!result.ok()) {
        ADD_FAILURE() << c.Where(l) << "\n  refused: " << result.ToString();
        continue;
      }
      std::string where = c.Where(l);
      if (l.Has("points")) {
        EXPECT_EQ(FormatPoints(s.points_centi), l.Opt("points")) << where;
      }
      if (l.Has("enrolment")) {
        EXPECT_EQ(Opt64(s.enrolment_id), l.Opt("enrolment")) << where;
      }
      if (l.Has("contract")) {
        EXPECT_EQ(Opt64(s.contract_id), l.Opt("contract")) << where;
      }
      if (l.Has("team")) {
        EXPECT_EQ(Opt64(s.team_id), l.Opt("team")) << where;
      }
      if (l.Has("facility")) {
        EXPECT_EQ(std::to_string(s.facility_id), l.Opt("facility")) << where;
      }
    } else if (v == "expect-data") {  // the normalised form, as JSON
      check();
      json want = json::parse(Expand(l.rest), nullptr, false);
      if (want.is_discarded()) throw CaseError("expect-data is not JSON");
      EXPECT_EQ(s.data, want) << c.Where(l) << "\n  got " << s.data.dump();
    } else if (v == "error") {
      check();
      errors.push_back(&l);
    } else if (v == "conflict") {  // conflict <existing id>
      check();
      expected = true;
      EXPECT_EQ(result.code(), Status::Code::kConflict)
          << c.Where(l) << "\n  got " << result.ToString();
      bool named = false;
      for (const auto& [k, val] : result.details()) named |= k == "existing_id" && val == l.Arg(0);
      EXPECT_TRUE(named) << c.Where(l) << "\n  the conflict must name record " << l.Arg(0);
      EXPECT_NE(result.message().find("already recorded"), std::string::npos) << c.Where(l);
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }
  if (!errors.empty()) {
    testing::ExpectFieldErrors(result, errors, c);
    EXPECT_NE(result.code(), Status::Code::kConflict) << c.Where();
    expected = true;
  }
  EXPECT_TRUE(expected) << c.Where() << ": the case expects nothing";
}

TEST(ServiceRulesTest, DataDrivenRecords) {
  int n = 0;
  for (const std::string& file : testing::CaseFiles("service_records")) {
    for (const Case& c : testing::ReadCases(file)) {
      ++n;
      try {
        RunServiceCase(c);
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where() << ": bad case: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 80) << "cases went missing";
}

// Every item of the catalogue is recordable for someone: a sanity check that
// the data files agree with each other (forms exist, points are set).
TEST(ServiceRulesTest, CatalogueItemsHaveFormsAndPoints) {
  const auto& cat = ServiceCatalogue::Default();
  EXPECT_GE(cat.items().size(), 20u);
  for (const auto& item : cat.items()) {
    EXPECT_NE(cat.FindForm(item.form), nullptr) << item.code;
    EXPECT_GT(item.points_centi, 0) << item.code;
    for (const auto& f : item.require) {
      EXPECT_NE(cat.FindForm(item.form)->Find(f), nullptr) << item.code << " requires " << f;
    }
  }
}

}  // namespace
}  // namespace yilian
