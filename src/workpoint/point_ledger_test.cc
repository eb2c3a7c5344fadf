// Data-driven: tests/data/point_ledger/*.txt (see the README.md there):
// residents' facts are built by hand, committed to a PointLedger as
// before/after pairs, and the tallies by practitioner, team, facility and
// org unit read back for periods. Also live::DaySeries against a brute-force
// sum.
#include "workpoint/point_ledger.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "catalogue/service_catalogue.h"
#include "testing/case_file.h"

namespace yilian {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::ParseDate;
using testing::ParseInt;
using testing::ParseScaled;

OrgTree TestTree() {
  std::vector<OrgUnit> units = {
      {"140000000000", "山西省", 1, "", "active", "", {}, {}, 1},
      {"140400000000", "长治市", 2, "140000000000", "active", "", {}, {}, 1},
      {"140423000000", "襄垣县", 3, "140400000000", "active", "", {}, {}, 1},
      {"140423100000", "古韩镇", 4, "140423000000", "active", "", {}, {}, 1},
      {"140423100201", "北关村", 5, "140423100000", "active", "", {}, {}, 1},
      {"140423100202", "南关村", 5, "140423100000", "active", "", {}, {}, 1},
      {"140423200000", "善福乡", 4, "140423000000", "active", "", {}, {}, 1},
      {"140423200201", "善福村", 5, "140423200000", "active", "", {}, {}, 1},
  };
  return OrgTree(units);
}

std::string Show(const PointTally& t) {
  return "points=" + FormatPoints(t.points_centi) + " services=" + std::to_string(t.services) +
         " verified=" + std::to_string(t.verified);
}

PointLedger::By Dimension(const std::string& s) {
  if (s == "practitioner") return PointLedger::By::kPractitioner;
  if (s == "team") return PointLedger::By::kTeam;
  if (s == "facility") return PointLedger::By::kFacility;
  throw CaseError("no dimension '" + s + "'");
}

void RunLedgerCase(const Case& c, const OrgTree& tree) {
  PointLedger ledger;
  // What the ledger was last given, and the facts as changed since.
  std::map<int64_t, std::optional<live::ResidentFacts>> committed, current;
  auto facts = [&](int64_t id) -> live::ResidentFacts& {
    auto& f = current[id];
    if (!f) {
      auto it = committed.find(id);
      if (it != committed.end() && it->second) {
        f = it->second;
      } else {
        f = live::ResidentFacts{};
        f->resident_id = id;
        f->resident = Resident{};
        f->resident->id = id;
        f->resident->village_code = "140423100201";
      }
    }
    return *f;
  };
  auto service = [&](int64_t resident, int64_t id) -> live::ServiceFact& {
    for (auto& s : facts(resident).services)
      if (s.id == id) return s;
    throw CaseError("no service " + std::to_string(id) + " of resident " +
                    std::to_string(resident));
  };
  std::set<int64_t> removed;

  for (const CaseLine& l : c.lines) {
    const std::string& v = l.verb;
    if (v == "resident") {  // resident <id> village=<code>
      l.OnlyKeys({"village"});
      facts(ParseInt(l.Arg(0))).resident->village_code = l.Opt("village", "140423100201");
    } else if (v == "service") {
      // service <resident> <id> <date> practitioner= facility= [team=] points= [verification=]
      // [voided]
      l.OnlyKeys({"practitioner", "facility", "team", "points", "verification"});
      ServiceRecord s;
      s.resident_id = ParseInt(l.Arg(0));
      s.id = ParseInt(l.Arg(1));
      s.service_date = ParseDate(l.Arg(2));
      s.practitioner_id = ParseInt(l.Opt("practitioner"));
      s.facility_id = ParseInt(l.Opt("facility"));
      if (l.Has("team")) s.team_id = ParseInt(l.Opt("team"));
      s.points_centi = ParseScaled(l.Opt("points"), 2);
      s.verification = l.Opt("verification", "dual_card");
      if (l.args.size() > 3) {
        if (l.args[3] != "voided") throw CaseError("unknown word " + l.args[3]);
        s.status = "voided";
      }
      facts(s.resident_id).services.push_back(live::ServiceFact::Of(s));
    } else if (v == "void") {  // void <resident> <service id>
      service(ParseInt(l.Arg(0)), ParseInt(l.Arg(1))).is_valid = false;
    } else if (v == "move") {  // move <resident> <village>
      facts(ParseInt(l.Arg(0))).resident->village_code = l.Arg(1);
    } else if (v == "remove") {  // remove <resident>: the facts are gone
      int64_t id = ParseInt(l.Arg(0));
      current[id] = std::nullopt;
      removed.insert(id);
    } else if (v == "commit") {  // hand every change to the ledger
      for (auto& [id, f] : current) {
        if (!f && !removed.count(id)) continue;
        auto& before = committed[id];
        ledger.Apply(before ? &*before : nullptr, f ? &*f : nullptr, tree);
        before = f;
      }
      current.clear();
      removed.clear();
    } else if (v == "tally") {  // tally <dim|org> <key> <from> <to> points= services= verified=
      l.OnlyKeys({"points", "services", "verified"});
      Date from = ParseDate(l.Arg(2)), to = ParseDate(l.Arg(3));
      PointTally got = l.Arg(0) == "org"
                           ? ledger.OfOrgUnit(l.Arg(1), from, to)
                           : ledger.Of(Dimension(l.Arg(0)), ParseInt(l.Arg(1)), from, to);
      PointTally want;
      want.points_centi = ParseScaled(l.Opt("points"), 2);
      want.services = ParseInt(l.Opt("services"));
      want.verified = ParseInt(l.Opt("verified"));
      EXPECT_EQ(Show(got), Show(want)) << c.Where(l);
    } else if (v == "all") {  // all <dim> <from> <to> <id>:<points>/<services>/<verified> … | -
      auto got = ledger.All(Dimension(l.Arg(0)), ParseDate(l.Arg(1)), ParseDate(l.Arg(2)));
      std::sort(got.begin(), got.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::string g;
      for (const auto& [id, t] : got) {
        g += (g.empty() ? "" : " ") + std::to_string(id) + ":" + FormatPoints(t.points_centi) +
             "/" + std::to_string(t.services) + "/" + std::to_string(t.verified);
      }
      std::string w;
      for (size_t i = 3; i < l.args.size(); ++i) w += (w.empty() ? "" : " ") + l.args[i];
      EXPECT_EQ(g.empty() ? "-" : g, w) << c.Where(l);
    } else if (v == "empty") {  // nothing anywhere, in any period
      Date a = *Date::FromYmd(1900, 1, 1), b = *Date::FromYmd(2100, 12, 31);
      for (auto by :
           {PointLedger::By::kPractitioner, PointLedger::By::kTeam, PointLedger::By::kFacility}) {
        EXPECT_TRUE(ledger.All(by, a, b).empty()) << c.Where(l);
      }
      for (const auto& u : tree.units()) {
        EXPECT_EQ(Show(ledger.OfOrgUnit(u.code, a, b)), Show(PointTally{}))
            << c.Where(l) << " " << u.code;
      }
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }
}

TEST(PointLedgerTest, DataDrivenCases) {
  OrgTree tree = TestTree();
  int n = 0;
  for (const std::string& file : testing::CaseFiles("point_ledger")) {
    for (const Case& c : testing::ReadCases(file)) {
      ++n;
      try {
        RunLedgerCase(c, tree);
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.Where() << ": bad case: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 12) << "cases went missing";
}

// DaySeries keeps running sums; any range must equal the brute-force sum of
// the deltas in it, and days whose deltas cancel are dropped.
TEST(DaySeriesTest, MatchesBruteForceSums) {
  live::DaySeries<PointTally> series;
  std::map<int32_t, PointTally> deltas;
  std::mt19937 rng(42);
  const int32_t base = Date::FromYmd(2026, 1, 1)->days();
  for (int i = 0; i < 3000; ++i) {
    int32_t day = base + static_cast<int32_t>(rng() % 400);
    PointTally d;
    int sign = rng() % 3 == 0 ? -1 : 1;
    d.services = sign;
    d.verified = rng() % 2 ? sign : 0;
    d.points_centi = d.verified * static_cast<int64_t>(rng() % 2000);
    series.Add(day, d);
    deltas[day] += d;
  }
  size_t nonzero = 0;
  for (const auto& [day, d] : deltas) nonzero += !(d == PointTally{});
  EXPECT_EQ(series.size(), nonzero);
  for (int k = 0; k < 500; ++k) {
    int32_t from = base - 5 + static_cast<int32_t>(rng() % 410);
    int32_t to = from + static_cast<int32_t>(rng() % 120);
    PointTally want;
    for (const auto& [day, d] : deltas)
      if (day >= from && day <= to) want += d;
    PointTally got = series.Between(from, to);
    EXPECT_EQ(Show(got), Show(want)) << "from " << from << " to " << to;
  }
}

TEST(DaySeriesTest, CancellingDeltasLeaveNothing) {
  live::DaySeries<PointTally> series;
  PointTally plus{1000, 1, 1}, minus{-1000, -1, -1};
  int32_t d = Date::FromYmd(2026, 3, 31)->days();
  series.Add(d, plus);
  series.Add(d + 1, plus);
  EXPECT_EQ(series.size(), 2u);
  EXPECT_EQ(Show(series.Through(d)), Show(plus));
  EXPECT_EQ(Show(series.Between(d + 1, d + 1)), Show(plus));
  EXPECT_EQ(Show(series.Between(d - 100, d - 1)), Show(PointTally{}));
  series.Add(d, minus);
  EXPECT_EQ(series.size(), 1u);
  EXPECT_EQ(Show(series.Through(d)), Show(PointTally{}));
  EXPECT_EQ(Show(series.Through(d + 1)), Show(plus));
  series.Add(d + 1, minus);
  EXPECT_TRUE(series.empty());
  series.Add(d, PointTally{});
  EXPECT_TRUE(series.empty()) << "a zero delta adds no day";
}

}  // namespace
}  // namespace yilian
