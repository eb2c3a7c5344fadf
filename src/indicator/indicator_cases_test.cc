// Data-driven: tests/data/indicators/<indicator>.txt, one file per indicator
// of data/indicators/indicators.json (see the README.md there). A case builds
// a small dataset of residents' facts (records, enrolments, contracts,
// services with readings) in the fixed test tree (a county, two townships,
// three villages), statistical populations and targets, then asks for
// indicator values and states what they must be, worked out by hand from the
// definitions (contribution.h, analytics.h, PRODUCT.md §4).
//
// Every question is answered twice, from a cube built in bulk (Accumulate +
// Finish) and from one built a resident at a time (Apply, first the bare
// record in its first village, then the full facts), and both answers must
// be the same in every field; taking everyone away again with Apply must
// leave the answers of an empty cube.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "catalogue/service_catalogue.h"
#include "followup/followup_rules.h"
#include "indicator/analytics.h"
#include "indicator/indicator_cube.h"
#include "indicator/indicator_def.h"
#include "orgunit/division_code.h"
#include "testing/case_file.h"

namespace yilian::indicator {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::ParseDate;
using testing::ParseInt;
using testing::ParseList;
using testing::ParseScaled;

// The tree of src/testing/test_county.h, with short names for the case files.
struct UnitName {
  const char* alias;
  const char* code;
  const char* name;
  const char* parent;
};
constexpr UnitName kUnits[] = {
    {"province", "140000000000", "山西省", ""},
    {"city", "140400000000", "长治市", "140000000000"},
    {"county", "140423000000", "襄垣县", "140400000000"},
    {"townA", "140423100000", "古韩镇", "140423000000"},
    {"townB", "140423200000", "善福乡", "140423000000"},
    {"A1", "140423100201", "北关村", "140423100000"},
    {"A2", "140423100202", "南关村", "140423100000"},
    {"B1", "140423200201", "西营村", "140423200000"},
};

const OrgTree& Tree() {
  static const OrgTree kTree = [] {
    std::vector<OrgUnit> units;
    for (const auto& n : kUnits) {
      OrgUnit u;
      u.code = n.code;
      u.name = n.name;
      u.parent_code = n.parent;
      u.level = *LevelOfDivisionCode(n.code);
      units.push_back(u);
    }
    return OrgTree(units);
  }();
  return kTree;
}

std::string UnitCode(const std::string& s) {
  for (const auto& n : kUnits)
    if (s == n.alias || s == n.code) return n.code;
  throw CaseError("no org unit '" + s + "' (county, townA, townB, A1, A2, B1 or their codes)");
}

std::string Alias(const std::string& code) {
  for (const auto& n : kUnits)
    if (code == n.code) return n.alias;
  return code;
}

bool YesNo(const CaseLine& l, const std::string& key) {
  std::string v = l.Opt(key, "no");
  if (v != "yes" && v != "no") throw CaseError(key + " must be yes or no");
  return v == "yes";
}

double ParseDouble(const std::string& s) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size()) throw CaseError("not a number: '" + s + "'");
  return v;
}

// A number shown with `decimals` places ("-" when absent); never "-0.0".
std::string Show(const std::optional<double>& v, int decimals) {
  if (!v) return "-";
  std::string s = fmt::format("{:.{}f}", *v, decimals);
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s = s.substr(1);
  return s;
}

// The number of decimals written in `s`.
int DecimalsOf(const std::string& s) {
  size_t dot = s.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
}

std::string ShowRow(const AnalyticsRow& r) {
  auto raw = [](const std::optional<double>& v) { return Show(v, 6); };
  return fmt::format(
      "{} ou={} pe={} [{}..{}] cat={} numerator={} denominator={} value={} last_year={}/{}={} "
      "change={}{} target={} completion={} progress={} rank={}/{}",
      r.dx->id, Alias(r.ou->code), r.pe.code, r.counted.start.ToIso(), r.counted.end.ToIso(),
      r.category_code.empty() ? "total" : r.category_code, raw(r.current.numerator),
      raw(r.current.denominator), raw(r.current.value), raw(r.last_year.numerator),
      raw(r.last_year.denominator), raw(r.last_year.value), raw(r.change), r.change_kind,
      raw(r.target), raw(r.completion), raw(r.progress), r.rank, r.siblings);
}

// A resident's facts as the case builds them, and the village the record
// was first created in (for the Apply path's move).
struct Person {
  live::ResidentFacts facts;
  std::string first_village;
};

class CaseRun {
 public:
  explicit CaseRun(const Case& c) : c_(c) {}

  void Run() {
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      const CaseLine& l = c_.lines[i];
      try {
        if (l.verb == "expect") throw CaseError("'expect' without a 'value' before it");
        if (l.verb == "value") {
          std::vector<const CaseLine*> expects;
          while (i + 1 < c_.lines.size() && c_.lines[i + 1].verb == "expect")
            expects.push_back(&c_.lines[++i]);
          if (expects.empty()) throw CaseError("'value' needs 'expect' lines after it");
          Value(l, expects);
          ++values_;
        } else {
          Fact(l);
        }
      } catch (const CaseError& e) {
        ADD_FAILURE() << c_.Where(l) << "\n  " << e.what();
        return;
      }
    }
    if (values_ == 0) ADD_FAILURE() << c_.Where() << ": a case needs at least one 'value'";
  }

 private:
  Person& Find(const std::string& key) {
    auto it = people_.find(key);
    if (it == people_.end()) throw CaseError("no resident '" + key + "'");
    return it->second;
  }

  void Fact(const CaseLine& l) {
    const std::string& v = l.verb;
    if (v == "today") {
      today_ = ParseDate(l.Arg(0));
    } else if (v == "resident") {
      // resident <key> birth= sex= village= [record=] [status= status_date=]
      //          [disabled=yes] [poor=yes] [fp_special=yes]
      l.OnlyKeys({"birth", "sex", "village", "record", "status", "status_date", "disabled", "poor",
                  "fp_special"});
      const std::string& key = l.Arg(0);
      if (people_.count(key)) throw CaseError("resident '" + key + "' given twice");
      Person p;
      Resident r;
      r.id = static_cast<int64_t>(order_.size()) + 1;
      r.name = key;
      r.birth_date = ParseDate(l.Opt("birth", "1980-01-01"));
      r.sex = l.Opt("sex", "1");
      r.village_code = UnitCode(l.Opt("village", "A1"));
      if (Tree().Find(r.village_code)->level != 5) throw CaseError("village must be a village");
      // 建档日期: as given, else 2020-01-01 (or the birth date when later).
      r.record_date = l.Has("record") ? ParseDate(l.Opt("record"))
                                      : std::max(r.birth_date, *Date::FromYmd(2020, 1, 1));
      r.status = l.Opt("status", "active");
      if (l.Has("status_date")) r.status_date = ParseDate(l.Opt("status_date"));
      if (r.status != "active" && !r.status_date) throw CaseError("a status needs status_date=");
      if (YesNo(l, "disabled")) r.disabilities = {"2"};
      r.poverty = YesNo(l, "poor");
      r.family_planning_special = YesNo(l, "fp_special");
      p.facts.resident_id = r.id;
      p.facts.resident = r;
      p.first_village = r.village_code;
      people_[key] = std::move(p);
      order_.push_back(key);
    } else if (v == "move") {
      // move <key> <village>: the resident now lives there (the Apply path
      // adds the record in the first village and then moves it).
      Person& p = Find(l.Arg(0));
      p.facts.resident->village_code = UnitCode(l.Arg(1));
    } else if (v == "enrol") {
      // enrol <key> <program> <date> [discharged=] [reason=] [delivery=] [lmp=]
      l.OnlyKeys({"discharged", "reason", "delivery", "lmp"});
      Person& p = Find(l.Arg(0));
      Enrolment e;
      e.id = ++next_id_;
      e.resident_id = p.facts.resident_id;
      e.program = l.Arg(1);
      e.enrolled_on = ParseDate(l.Arg(2));
      if (l.Has("discharged")) {
        e.discharged_on = ParseDate(l.Opt("discharged"));
        e.discharge_reason = l.Opt("reason", "other");
      } else if (l.Has("reason")) {
        throw CaseError("reason= needs discharged=");
      }
      if (l.Has("delivery")) e.delivery_date = ParseDate(l.Opt("delivery"));
      if (l.Has("lmp")) e.lmp = ParseDate(l.Opt("lmp"));
      e.village_code = p.facts.resident->village_code;
      p.facts.enrolments.push_back(e);
    } else if (v == "contract") {
      // contract <key> <start> [end=] [signed=] [packages=] [terminated=]
      l.OnlyKeys({"end", "signed", "packages", "terminated"});
      Person& p = Find(l.Arg(0));
      Contract k;
      k.id = ++next_id_;
      k.resident_id = p.facts.resident_id;
      k.team_id = 1;
      k.doctor_id = 1;
      k.start_date = ParseDate(l.Arg(1));
      k.end_date = l.Has("end") ? ParseDate(l.Opt("end")) : k.start_date.AddMonths(12).AddDays(-1);
      k.signed_on = l.Has("signed") ? ParseDate(l.Opt("signed")) : k.start_date;
      k.packages = ParseList(l.Opt("packages", "basic"));
      std::sort(k.packages.begin(), k.packages.end());
      for (const auto& code : k.packages)
        if (!ServiceCatalogue::Default().FindPackage(code))
          throw CaseError("no package '" + code + "'");
      if (l.Has("terminated")) {
        k.status = "terminated";
        k.terminated_on = ParseDate(l.Opt("terminated"));
        k.termination_reason = "resident_request";
      }
      k.village_code = p.facts.resident->village_code;
      p.facts.contracts.push_back(k);
    } else if (v == "service") {
      // service <key> <code> <date> [sbp= dbp= fbg=] [verified=no] [points=]
      //         [voided=yes]
      l.OnlyKeys({"sbp", "dbp", "fbg", "verified", "points", "voided"});
      Person& p = Find(l.Arg(0));
      ServiceRecord s;
      s.id = ++next_id_;
      s.resident_id = p.facts.resident_id;
      s.service_code = l.Arg(1);
      const ServiceItem* item = ServiceCatalogue::Default().FindItem(s.service_code);
      if (!item) throw CaseError("no service '" + s.service_code + "'");
      s.service_date = ParseDate(l.Arg(2));
      s.village_code = p.facts.resident->village_code;
      s.facility_id = 1;
      s.practitioner_id = 1;
      s.verification = l.Opt("verified", "yes") == "yes" ? "dual_card" : "none";
      if (l.Opt("verified", "yes") != "yes" && l.Opt("verified") != "no")
        throw CaseError("verified must be yes or no");
      s.points_centi = s.verified() ? item->points_centi : 0;
      if (l.Has("points")) s.points_centi = ParseScaled(l.Opt("points"), 2);
      if (l.Has("sbp")) s.readings.sbp = static_cast<int>(ParseInt(l.Opt("sbp")));
      if (l.Has("dbp")) s.readings.dbp = static_cast<int>(ParseInt(l.Opt("dbp")));
      if (l.Has("fbg")) s.readings.fbg = ParseDouble(l.Opt("fbg"));
      if (YesNo(l, "voided")) {
        s.status = "voided";
        s.void_reason = "entered in error";
      }
      p.facts.services.push_back(live::ServiceFact::Of(s));
    } else if (v == "population") {
      // population <unit> <year> <n>
      external_.populations[{UnitCode(l.Arg(0)), static_cast<int>(ParseInt(l.Arg(1)))}] =
          ParseInt(l.Arg(2));
    } else if (v == "target") {
      // target <indicator> <unit> <year> <value>
      if (!IndicatorSet::Default().Find(l.Arg(0)))
        throw CaseError("no indicator '" + l.Arg(0) + "'");
      external_.targets[{l.Arg(0), UnitCode(l.Arg(1)), static_cast<int>(ParseInt(l.Arg(2)))}] =
          ParseDouble(l.Arg(3));
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }

  // The facts as the store would give them: services by date, then id.
  std::vector<live::ResidentFacts> AllFacts() const {
    std::vector<live::ResidentFacts> out;
    for (const auto& key : order_) {
      live::ResidentFacts f = people_.at(key).facts;
      std::stable_sort(f.services.begin(), f.services.end(),
                       [](const live::ServiceFact& a, const live::ServiceFact& b) {
                         return a.service_date != b.service_date ? a.service_date < b.service_date
                                                                 : a.id < b.id;
                       });
      out.push_back(std::move(f));
    }
    return out;
  }

  void Value(const CaseLine& l, const std::vector<const CaseLine*>& expects) {
    // value <indicator> ou=<unit>[,<unit>…] pe=<period> [on=<date>]
    //       [disagg=sex:1|age:65+|key:elderly]
    l.OnlyKeys({"ou", "pe", "on", "disagg"});
    const Indicator* in = IndicatorSet::Default().Find(l.Arg(0));
    if (!in) throw CaseError("no indicator '" + l.Arg(0) + "'");
    AnalyticsQuery q;
    q.dx = {in};
    for (const auto& u : ParseList(l.Opt("ou"))) q.ou.push_back(Tree().Find(UnitCode(u)));
    if (q.ou.empty()) throw CaseError("value needs ou=");
    auto pe = ParsePeriod(l.Opt("pe"));
    if (!pe.ok()) throw CaseError(pe.status().ToString());
    q.pe = {*pe};
    q.today = l.Has("on") ? ParseDate(l.Opt("on")) : today_;
    std::string category;
    if (l.Has("disagg")) {
      std::string d = l.Opt("disagg");
      size_t colon = d.find(':');
      if (colon == std::string::npos)
        throw CaseError("disagg=sex:<1|2>, age:<group> or key:<code>");
      std::string kind = d.substr(0, colon);
      category = d.substr(colon + 1);
      q.disaggregation = kind == "sex"   ? "sex"
                         : kind == "age" ? "age_group"
                         : kind == "key" ? "key_population"
                                         : "";
      if (q.disaggregation.empty()) throw CaseError("disagg=sex:…, age:… or key:…");
      if (std::find(in->disaggregations.begin(), in->disaggregations.end(), q.disaggregation) ==
          in->disaggregations.end())
        throw CaseError(in->id + " is not broken down by " + q.disaggregation);
    }

    // Both paths: in bulk, and one resident at a time.
    const auto& elements = ElementCatalogue::Default();
    const auto& catalogue = ServiceCatalogue::Default();
    const auto& rules = FollowUpRules::Default();
    IndicatorCube bulk(elements, catalogue, rules), live(elements, catalogue, rules);
    auto facts = AllFacts();
    for (const auto& f : facts) bulk.Accumulate(f);
    bulk.Finish(Tree());
    for (size_t i = 0; i < facts.size(); ++i) {
      // The bare record, active, in the village it was created in; then everything.
      live::ResidentFacts bare;
      bare.resident_id = facts[i].resident_id;
      bare.resident = facts[i].resident;
      bare.resident->status = "active";
      bare.resident->status_date.reset();
      bare.resident->village_code = people_.at(order_[i]).first_village;
      live.Apply(nullptr, &bare, Tree());
      live.Apply(&bare, &facts[i], Tree());
    }
    auto rows = Analytics(bulk, external_, Tree()).Evaluate(q);
    auto live_rows = Analytics(live, external_, Tree()).Evaluate(q);
    ASSERT_EQ(rows.size(), live_rows.size()) << c_.Where(l);
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(ShowRow(rows[i]), ShowRow(live_rows[i]))
          << c_.Where(l) << "\n  the bulk build (first) and Apply (second) disagree";
    }

    // Taking everyone away again leaves what a cube of no one answers.
    for (const auto& f : facts) live.Apply(&f, nullptr, Tree());
    IndicatorCube empty(elements, catalogue, rules);
    empty.Finish(Tree());
    auto emptied = Analytics(live, external_, Tree()).Evaluate(q);
    auto none = Analytics(empty, external_, Tree()).Evaluate(q);
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(ShowRow(emptied[i]), ShowRow(none[i]))
          << c_.Where(l) << "\n  taking every resident away with Apply leaves something";
    }

    for (const CaseLine* e : expects) {
      e->OnlyKeys({"ou", "numerator", "denominator", "value", "last_year", "change", "target",
                   "completion", "progress", "rank"});
      std::string ou = e->Has("ou") ? UnitCode(e->Opt("ou")) : "";
      if (ou.empty() && q.ou.size() > 1)
        throw CaseError("expect needs ou= when value asks several");
      if (ou.empty()) ou = q.ou[0]->code;
      const AnalyticsRow* row = nullptr;
      for (const auto& r : rows)
        if (r.ou->code == ou && r.category_code == category) row = &r;
      if (!row) throw CaseError("no row for " + Alias(ou) + " category '" + category + "'");
      Check(*e, *in, *row);
    }
  }

  void Check(const CaseLine& e, const Indicator& in, const AnalyticsRow& row) {
    std::string where = c_.Where(e) + "\n  got " + ShowRow(row);
    if (!e.Has("numerator") || !e.Has("value"))
      throw CaseError("expect needs numerator= and value=");
    if (in.rate() != e.Has("denominator"))
      throw CaseError(in.rate() ? "a rate's expect needs denominator="
                                : "a count has no denominator=");
    // Numerator and denominator: exact (work points to the hundredth).
    auto exact = [&](const std::string& key, const std::optional<double>& got) {
      std::string want = e.Opt(key);
      if (want == "-") {
        EXPECT_FALSE(got.has_value()) << where << "\n  " << key << " should be absent";
        return;
      }
      double w = static_cast<double>(ParseScaled(want, 2)) / 100.0;
      ASSERT_TRUE(got.has_value()) << where << "\n  " << key << " is absent";
      EXPECT_NEAR(*got, w, 1e-9) << where << "\n  " << key;
    };
    exact("numerator", row.current.numerator);
    if (in.rate()) exact("denominator", row.current.denominator);
    // Values with the indicator's decimals; changes, completion and progress with one.
    auto rounded = [&](const std::string& key, const std::optional<double>& got, int decimals) {
      if (!e.Has(key)) return;
      std::string want = e.Opt(key);
      if (want != "-" && DecimalsOf(want) != decimals)
        throw CaseError(key + "=" + want + " must have " + std::to_string(decimals) +
                        " decimal(s)");
      EXPECT_EQ(Show(got, decimals), want) << where << "\n  " << key;
    };
    rounded("value", row.current.value, in.decimals);
    rounded("last_year", row.last_year.value, in.decimals);
    rounded("change", row.change, 1);
    rounded("target", row.target, DecimalsOf(e.Opt("target")));
    rounded("completion", row.completion, 1);
    rounded("progress", row.progress, 1);
    if (e.Has("rank")) {
      EXPECT_EQ(std::to_string(row.rank) + "/" + std::to_string(row.siblings), e.Opt("rank"))
          << where << "\n  rank";
    }
  }

  const Case& c_;
  Date today_ = *Date::FromYmd(2030, 1, 1);
  std::map<std::string, Person> people_;
  std::vector<std::string> order_;
  int64_t next_id_ = 0;
  ExternalFigures external_;
  int values_ = 0;
};

// Every indicator has its file, and every file is an indicator's.
TEST(IndicatorCases, EveryIndicatorHasAFile) {
  std::set<std::string> files;
  for (const auto& f : testing::CaseFiles("indicators")) files.insert(f);
  for (const auto& in : IndicatorSet::Default().all()) {
    std::string rel = "indicators/" + in.id + ".txt";
    EXPECT_TRUE(files.count(rel)) << in.id << " has no definition test: tests/data/" << rel;
    if (!files.count(rel)) continue;
    // The file asks for its own indicator.
    bool asks = false;
    for (const auto& c : testing::ReadCases(rel))
      for (const auto& l : c.lines)
        if (l.verb == "value" && !l.args.empty() && l.args[0] == in.id) asks = true;
    EXPECT_TRUE(asks) << "tests/data/" << rel << " never asks for " << in.id;
  }
  for (const auto& f : files) {
    std::string id = f.substr(std::string("indicators/").size());
    id = id.substr(0, id.size() - 4);
    EXPECT_NE(IndicatorSet::Default().Find(id), nullptr)
        << "tests/data/" << f << " is not an indicator's file";
  }
}

TEST(IndicatorCases, DataDriven) {
  int cases = 0;
  for (const auto& file : testing::CaseFiles("indicators")) {
    std::vector<Case> all;
    try {
      all = testing::ReadCases(file);
    } catch (const CaseError& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    EXPECT_FALSE(all.empty()) << file << " has no cases";
    for (const Case& c : all) {
      CaseRun(c).Run();
      ++cases;
    }
  }
  EXPECT_GT(cases, 49);
}

}  // namespace
}  // namespace yilian::indicator
