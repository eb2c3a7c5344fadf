// The live state's central promise: after any sequence of writes, what the
// live structures hold equals a full rebuild from the store. A random but
// reproducible sequence of creates, updates, moves, deaths, merges,
// enrolments, discharges, contracts, terminations, services and voids runs
// through the registries (as the API calls them), then the live worklists and
// work-point tallies are compared with a freshly built LiveState.
#include "live/live_state.h"

#include <memory>
#include <random>

#include <gtest/gtest.h>

#include "testing/care_county.h"

namespace yilian::live {
namespace {

using testing::TestCounty;
using World = testing::CareCounty;

// The live structures, as comparable text.
std::string Snapshot(const LiveState& live, const std::vector<int64_t>& residents,
                     const OrgTree& tree, Date today) {
  std::string out;
  live.Read([&](const Aggregates& a) {
    out += "residents " + std::to_string(a.residents) + "\n";
    for (int64_t id : residents) {
      for (const auto& item : a.worklist.ItemsOf(id)) {
        out += "W " + std::to_string(id) + " " + item.kind + " " + item.service + " " +
               item.window_start.ToIso() + " " + item.due_date.ToIso();
        for (const auto& al : item.alerts) out += " " + al;
        out += "\n";
      }
    }
    for (Date from : {today.AddDays(-400), today.AddDays(-90), today.AddDays(-30)}) {
      for (auto by :
           {PointLedger::By::kPractitioner, PointLedger::By::kTeam, PointLedger::By::kFacility}) {
        auto all = a.points.All(by, from, today);
        std::sort(all.begin(), all.end(),
                  [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [k, t] : all) {
          out += "P " + std::to_string(static_cast<int>(by)) + " " + std::to_string(k) + " " +
                 std::to_string(t.points_centi) + " " + std::to_string(t.services) + " " +
                 std::to_string(t.verified) + "\n";
        }
      }
      for (const auto& u : tree.units()) {
        PointTally t = a.points.OfOrgUnit(u.code, from, today);
        if (t.services)
          out += "U " + u.code + " " + std::to_string(t.points_centi) + " " +
                 std::to_string(t.services) + "\n";
      }
    }
    // Every indicator data element, every slot, for every unit: stocks on
    // several days, flows over several periods.
    const auto& el = a.indicators.elements();
    for (const auto& u : tree.units()) {
      for (int s = 0; s < el.slots(); ++s) {
        std::string line;
        for (Date d : {today.AddDays(-500), today.AddDays(-200), today.AddDays(-31), today}) {
          line += " " + std::to_string(a.indicators.Through(u.code, {s}, d));
        }
        line += " |";
        for (Date from : {today.AddDays(-365), today.AddDays(-90)}) {
          line += " " + std::to_string(a.indicators.Between(u.code, {s}, from, today));
        }
        if (line != " 0 0 0 0 | 0 0") out += "I " + u.code + " " + std::to_string(s) + line + "\n";
      }
    }
    return 0;
  });
  return out;
}

TEST(LiveStateTest, LiveEqualsARebuildAfterRandomWrites) {
  const Date today = *Date::FromYmd(2026, 6, 30);
  SetTodayForTesting(today);
  World w;
  std::mt19937 rng(20261203);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto chance = [&](int percent) { return pick(100) < percent; };
  const std::vector<std::string> villages = {TestCounty::kVillageA1, TestCounty::kVillageA2,
                                             TestCounty::kVillageB1};
  std::vector<int64_t> residents;
  int ok_writes = 0, refused = 0, seq = 0;
  auto count = [&](bool ok) { ok ? ++ok_writes : ++refused; };
  for (int step = 0; step < 2000; ++step) {
    int op = pick(100);
    if (residents.size() < 12 || op < 12) {
      // A new resident: elderly, a child, a woman of childbearing age or an adult.
      int kind = pick(4);
      Date birth = kind == 0   ? today.AddMonths(-12 * (66 + pick(20)))
                   : kind == 1 ? today.AddDays(-pick(6 * 365))
                   : kind == 2 ? today.AddMonths(-12 * (22 + pick(15)))
                               : today.AddMonths(-12 * (36 + pick(25)));
      int sequence = 2 * (++seq) + (kind == 2 ? 0 : 1);  // even = female
      static const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"};
      std::string name = std::string("张") + kGiven[seq % 10] + kGiven[(seq / 10) % 10];
      Resident r = TestCounty::Person(name, TestCounty::Id(birth.ToIso().c_str(), sequence % 999),
                                      villages[pick(3)]);
      auto made = w.t.residents->Create(r);
      if (!made.ok() && refused == 0) ADD_FAILURE() << made.status().ToString();
      count(made.ok());
      if (made.ok()) residents.push_back(made->resident.id);
      continue;
    }
    int64_t rid = residents[pick(static_cast<int>(residents.size()))];
    auto res = w.t.residents->Get(rid);
    ASSERT_TRUE(res.ok());
    const std::string village = res->village_code;
    const int64_t team = w.team_of.count(village) ? w.team_of[village] : 0;
    const std::vector<int64_t>& staff = w.staff[village];
    Date day = today.AddDays(-pick(300));
    if (op < 20) {
      // Move to another village, or die.
      nlohmann::json patch =
          chance(70) ? nlohmann::json{{"village_code", villages[pick(3)]}}
                     : nlohmann::json{{"status", "deceased"}, {"status_date", day.ToIso()}};
      count(w.t.residents->Update(rid, patch, res->version).ok());
    } else if (op < 23 && residents.size() > 2) {
      int64_t other = residents[pick(static_cast<int>(residents.size()))];
      auto o = w.t.residents->Get(other);
      if (other != rid && o.ok())
        count(w.t.residents->Merge(rid, other, res->version, o->version).ok());
    } else if (op < 35) {
      Enrolment e;
      e.resident_id = rid;
      static const char* kPrograms[] = {"hypertension", "diabetes", "mental", "tb", "pregnancy"};
      e.program = kPrograms[pick(5)];
      e.enrolled_on = day;
      if (e.program == "mental") e.risk_level = pick(6);
      if (e.program == "pregnancy") e.lmp = day.AddDays(-pick(120));
      count(w.enrolments.Enrol(e, nullptr).ok());
    } else if (op < 40) {
      auto list = w.enrolments.ForResident(rid);
      ASSERT_TRUE(list.ok());
      for (const auto& e : *list) {
        if (!e.open()) continue;
        DischargeRequest d;
        d.date = std::max(e.enrolled_on, today.AddDays(-pick(60)));
        d.reason = e.program == "pregnancy" && chance(70) ? "delivered" : "lost";
        if (d.reason == "delivered") d.delivery_date = d.date;
        d.expected_version = e.version;
        count(w.enrolments.Discharge(e.id, d, nullptr).ok());
        break;
      }
    } else if (op < 50 && team) {
      Contract k;
      k.resident_id = rid;
      k.team_id = team;
      k.doctor_id = staff[pick(2)];
      k.packages = {"basic"};
      if (chance(30)) k.packages.push_back(chance(50) ? "elderly" : "hypertension");
      k.signing_method = "face_check";
      k.signed_on = day;
      k.start_date = day;
      count(w.contracts.Sign(k, nullptr).ok());
    } else if (op < 54) {
      auto list = w.contracts.ForResident(rid, today);
      ASSERT_TRUE(list.ok());
      for (const auto& v : *list) {
        if (v.contract.status == "terminated") continue;
        Termination t;
        t.date = std::max(v.contract.start_date, today.AddDays(-pick(30)));
        t.reason = "resident_request";
        t.expected_version = v.contract.version;
        count(w.contracts.Terminate(v.contract.id, t, nullptr).ok());
        break;
      }
    } else if (op < 92 && !staff.empty()) {
      ServiceRecord s;
      s.resident_id = rid;
      s.practitioner_id = staff[pick(2)];
      s.service_date = day;
      s.verification = chance(80) ? "dual_card" : "none";
      nlohmann::json data;
      switch (pick(6)) {
        case 0:
          s.service_code = "htn_followup";
          data = {{"visit_mode", "1"},
                  {"sbp", 120 + pick(50)},
                  {"dbp", 75 + pick(20)},
                  {"classification", "2"}};
          break;
        case 1:
          s.service_code = "dm_followup";
          data = {{"visit_mode", "2"}, {"fbg", 5.5 + pick(8)}, {"classification", "2"}};
          break;
        case 2:
          s.service_code = "elderly_check";
          data = {{"sbp", 130}, {"dbp", 80}};
          break;
        case 3:
          s.service_code = "child_visit";
          data = {{"weight_kg", 12.5}, {"height_cm", 88}};
          break;
        case 4:
          s.service_code = "smi_followup";
          data = {{"visit_mode", "1"}, {"risk_level", pick(6)}, {"condition", "2"}};
          break;
        default:
          s.service_code = "health_education";
          data = {{"summary", "膳食"}};
      }
      count(w.services.Record(s, data, nullptr).ok());
    } else {
      auto list = w.services.ForResident(rid);
      ASSERT_TRUE(list.ok());
      for (const auto& s : *list) {
        if (!s.valid()) continue;
        count(w.services.Void(s.id, "录入错误", s.version, nullptr).ok());
        break;
      }
    }
  }
  // Enough of both kinds happened for the comparison to mean something.
  EXPECT_GT(ok_writes, 800);
  EXPECT_GT(refused, 20);
  auto tree = w.t.org_units->tree();
  std::string live = Snapshot(w.live, residents, *tree, today);
  LiveState fresh(*w.t.db, *w.t.org_units, w.rules);
  ASSERT_TRUE(fresh.Rebuild().ok());
  std::string rebuilt = Snapshot(fresh, residents, *tree, today);
  EXPECT_GT(std::count(live.begin(), live.end(), '\n'), 1000);
  EXPECT_NE(live.find("\nI "), std::string::npos);
  EXPECT_EQ(live, rebuilt);
  // And the first state, rebuilt in place, still agrees.
  ASSERT_TRUE(w.live.Rebuild().ok());
  EXPECT_EQ(Snapshot(w.live, residents, *tree, today), rebuilt);

  // ScanFacts gives the same facts in the same order with one reader and
  // large batches as with three readers and batches of a few ids.
  auto scan = [&](size_t readers, int64_t batch) {
    std::string out;
    std::vector<std::unique_ptr<storage::HeldRead>> extra;
    std::vector<storage::Connection*> cs;
    for (size_t i = 1; i < readers; ++i) {
      extra.push_back(std::make_unique<storage::HeldRead>(*w.t.db));
      EXPECT_TRUE(extra.back()->status().ok());
    }
    Status st = w.t.db->Read([&](storage::Connection& c) {
      cs.push_back(&c);
      for (auto& e : extra) cs.push_back(&**e);
      int64_t last = 0;
      return ScanFacts(
          cs,
          [&](ResidentFacts& f) {
            if (f.resident_id <= last) return Status::Invalid("out of order");
            last = f.resident_id;
            out += std::to_string(f.resident_id) + " " + f.resident->village_code + " " +
                   f.resident->status + " e" + std::to_string(f.enrolments.size()) + " k" +
                   std::to_string(f.contracts.size());
            for (const auto& sv : f.services)
              out += " " + std::to_string(sv.id) + sv.service_code + (sv.valid() ? "" : "v");
            out += "\n";
            return Status::Ok();
          },
          nullptr, batch);
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  };
  std::string one = scan(1, 5000);
  EXPECT_EQ(std::count(one.begin(), one.end(), '\n'), static_cast<long>(residents.size()));
  EXPECT_EQ(scan(3, 4), one);
  // An error from the consumer stops the scan and is returned.
  Status stopped = w.t.db->Read([&](storage::Connection& c) {
    int calls = 0;
    return ScanFacts(
        c, [&](ResidentFacts&) { return ++calls == 5 ? Status::Invalid("enough") : Status::Ok(); },
        nullptr, 2);
  });
  EXPECT_EQ(stopped.ToString().find("enough") != std::string::npos, true) << stopped.ToString();
  SetTodayForTesting(std::nullopt);
}

}  // namespace
}  // namespace yilian::live
