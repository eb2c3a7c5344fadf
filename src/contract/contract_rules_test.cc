// Data-driven: tests/data/contracts/*.txt (see the README.md there). A case
// builds a resident, teams and practitioners, then runs a contract's
// lifecycle step by step — sign, terminate, renew, change team, fulfilment —
// each step followed by what must come of it.
#include "contract/contract_rules.h"

#include <gtest/gtest.h>

#include "contract/fulfilment.h"
#include "testing/case_file.h"
#include "workpoint/fund_allocation.h"

namespace yilian {
namespace {

using testing::Case;
using testing::CaseError;
using testing::CaseLine;
using testing::JoinList;
using testing::ParseDate;
using testing::ParseInt;
using testing::ParseList;

std::string YesNo(bool b) { return b ? "yes" : "no"; }

std::string ShowContract(const Contract& k) {
  return "contract " + std::to_string(k.id) + " team=" + std::to_string(k.team_id) +
         " start=" + k.start_date.ToIso() + " end=" + k.end_date.ToIso() +
         " fee=" + FormatYuan(k.fee_cents) + " packages=" + JoinList(k.packages) +
         " status=" + k.status;
}

struct Lifecycle {
  const Case& c;
  Date today;
  Resident resident;
  std::map<int64_t, Team> teams;
  std::map<int64_t, std::string> practitioner_status;
  std::vector<Enrolment> enrolments;
  std::vector<Contract> contracts;
  std::vector<Delivery> deliveries;
  // The last step, waiting for its expectations.
  const CaseLine* step = nullptr;
  Status result;
  std::optional<Contract> made;
  std::vector<const CaseLine*> errors;
  bool expected = false;
  // The last fulfilment computed.
  std::optional<Fulfilment> fulfilment;
  size_t next_promise = 0;

  explicit Lifecycle(const Case& cs) : c(cs) {
    resident.id = 1;
    resident.sex = "1";
    resident.birth_date = *Date::FromYmd(1950, 1, 1);
    resident.village_code = "140423100201";
  }

  Contract* Find(int64_t id) {
    for (auto& k : contracts)
      if (k.id == id) return &k;
    throw CaseError("no contract " + std::to_string(id));
  }

  ContractContext Context(int64_t team_id, int64_t exclude_id) {
    ContractContext ctx;
    ctx.resident = &resident;
    auto t = teams.find(team_id);
    ctx.team = t == teams.end() ? nullptr : &t->second;
    if (ctx.team) {
      for (const auto& m : ctx.team->members) {
        auto p = practitioner_status.find(m.practitioner_id);
        if (p != practitioner_status.end()) ctx.member_status[m.practitioner_id] = p->second;
      }
    }
    for (const auto& k : contracts)
      if (k.id != exclude_id) ctx.existing.push_back(k);
    ctx.enrolments = enrolments;
    return ctx;
  }

  // Finishes the previous step: it must have had an expectation.
  void Close() {
    if (!step) return;
    if (!errors.empty()) {
      testing::ExpectFieldErrors(result, errors, c);
      expected = true;
    }
    if (!expected) ADD_FAILURE() << c.Where(*step) << "\n  a step needs an expectation";
    step = nullptr;
    errors.clear();
    expected = false;
  }

  void Begin(const CaseLine& l) {
    Close();
    step = &l;
    made.reset();
    result = Status::Ok();
  }

  void Sign(Contract k) {
    Status s = CheckNewContract(k, Context(k.team_id, k.id), ServiceCatalogue::Default(),
                                DefaultCodeSets(), today);
    result = s;
    if (s.ok()) {
      made = k;
      contracts.push_back(k);
    }
  }

  Contract FromLine(const CaseLine& l, int64_t id) {
    Contract k;
    k.id = id;
    k.resident_id = resident.id;
    k.team_id = ParseInt(l.Opt("team", "0"));
    k.doctor_id = ParseInt(l.Opt("doctor", "0"));
    k.packages = ParseList(l.Opt("packages"));
    k.signed_on = ParseDate(l.Opt("signed"));
    k.start_date = l.Has("start") ? ParseDate(l.Opt("start")) : k.signed_on;
    if (l.Has("end")) k.end_date = ParseDate(l.Opt("end"));
    k.signing_method = l.Opt("method", "face_to_face_id");
    k.village_code = resident.village_code;
    return k;
  }

  void Run(const CaseLine& l) {
    const std::string& v = l.verb;
    if (v == "today") {
      today = ParseDate(l.Arg(0));
    } else if (v == "resident") {
      l.OnlyKeys({"birth", "sex", "village", "status", "status_date"});
      if (l.Has("birth")) resident.birth_date = ParseDate(l.Opt("birth"));
      resident.sex = l.Opt("sex", resident.sex);
      resident.village_code = l.Opt("village", resident.village_code);
      resident.status = l.Opt("status", resident.status);
      if (l.Has("status_date")) resident.status_date = ParseDate(l.Opt("status_date"));
    } else if (v == "team") {
      l.OnlyKeys({"name", "villages", "members", "status"});
      Team t;
      t.id = ParseInt(l.Arg(0));
      t.name = l.Opt("name", "团队" + l.Arg(0));
      t.status = l.Opt("status", "active");
      t.village_codes = ParseList(l.Opt("villages"));
      for (const auto& m : ParseList(l.Opt("members")))
        t.members.push_back(TeamMember{ParseInt(m), "doctor"});
      teams[t.id] = t;
    } else if (v == "practitioner") {
      practitioner_status[ParseInt(l.Arg(0))] = l.Arg(1);
    } else if (v == "enrol") {
      l.OnlyKeys({"discharged", "lmp"});
      Enrolment e;
      e.id = static_cast<int64_t>(enrolments.size()) + 1;
      e.program = l.Arg(0);
      e.enrolled_on = ParseDate(l.Arg(1));
      if (l.Has("discharged")) e.discharged_on = ParseDate(l.Opt("discharged"));
      if (l.Has("lmp")) e.lmp = ParseDate(l.Opt("lmp"));
      enrolments.push_back(e);
    } else if (v == "sign") {
      l.OnlyKeys({"team", "doctor", "packages", "signed", "start", "end", "method"});
      Begin(l);
      Sign(FromLine(l, ParseInt(l.Arg(0))));
    } else if (v == "terminate") {
      Begin(l);
      Contract* k = Find(ParseInt(l.Arg(0)));
      Date on = ParseDate(l.Arg(1));
      result = CheckTermination(*k, on, l.Arg(2), DefaultCodeSets(), today);
      if (result.ok()) {
        k->status = "terminated";
        k->terminated_on = on;
        k->termination_reason = l.Arg(2);
        made = *k;
      }
    } else if (v == "renew") {  // renew <previous> as <id> signed=… [packages=] [doctor=]
      l.OnlyKeys({"signed", "packages", "doctor", "method"});
      Begin(l);
      if (l.Arg(1) != "as") throw CaseError("renew <previous> as <id> …");
      Contract* prev = Find(ParseInt(l.Arg(0)));
      Date signed_on = ParseDate(l.Opt("signed"));
      Result<Date> start = RenewalStart(*prev, signed_on);
      if (!start.ok()) {
        result = start.status();
      } else {
        Contract k;
        k.id = ParseInt(l.Arg(2));
        k.resident_id = resident.id;
        k.team_id = prev->team_id;
        k.doctor_id = l.Has("doctor") ? ParseInt(l.Opt("doctor")) : prev->doctor_id;
        k.packages = l.Has("packages") ? ParseList(l.Opt("packages")) : prev->packages;
        k.signing_method = l.Opt("method", "face_to_face_id");
        k.signed_on = signed_on;
        k.start_date = *start;
        k.previous_id = prev->id;
        k.origin = "renewal";
        Sign(k);
      }
    } else if (v == "change-team") {  // as ContractRegistry::ChangeTeam composes the rules
      l.OnlyKeys({"team", "doctor", "on"});
      Begin(l);
      if (l.Arg(1) != "as") throw CaseError("change-team <contract> as <id> team= doctor= on=");
      Contract* old = Find(ParseInt(l.Arg(0)));
      Date on = ParseDate(l.Opt("on"));
      if (!old->InForceOn(on)) {
        result = Status::InvalidField("date", "contract is not in force on " + on.ToIso());
        return;
      }
      result = CheckTermination(*old, on, "team_change", DefaultCodeSets(), today);
      if (!result.ok()) return;
      Contract saved = *old;
      old->status = "terminated";
      old->terminated_on = on;
      old->termination_reason = "team_change";
      Contract n;
      n.id = ParseInt(l.Arg(2));
      n.resident_id = resident.id;
      n.team_id = ParseInt(l.Opt("team"));
      n.doctor_id = ParseInt(l.Opt("doctor"));
      n.packages = saved.packages;
      n.signing_method = saved.signing_method;
      n.signed_on = on;
      n.start_date = on;
      n.end_date = saved.end_date;
      n.previous_id = saved.id;
      n.origin = "team_change";
      int64_t old_id = saved.id;
      Sign(n);
      if (!result.ok()) *Find(old_id) = saved;  // the registry rolls back
    } else if (v == "expect") {  // expect ok [start= end= fee= paid= packages= origin= previous=]
      l.OnlyKeys({"start", "end", "fee", "paid", "packages", "origin", "previous", "status"});
      if (!step) throw CaseError("'expect' without a step before it");
      if (l.Arg(0) != "ok") throw CaseError("expect ok …, or error/conflict lines");
      expected = true;
      if (!result.ok()) {
        ADD_FAILURE() << c.Where(l) << "\n  refused: " << result.ToString();
        return;
      }
      const Contract& k = *made;
      std::string where = c.Where(l) + "\n  got " + ShowContract(k);
      if (l.Has("start")) {
        EXPECT_EQ(k.start_date.ToIso(), l.Opt("start")) << where;
      }
      if (l.Has("end")) {
        EXPECT_EQ(k.end_date.ToIso(), l.Opt("end")) << where;
      }
      if (l.Has("fee")) {
        EXPECT_EQ(FormatYuan(k.fee_cents), l.Opt("fee")) << where;
      }
      if (l.Has("paid")) {
        EXPECT_EQ(YesNo(k.paid()), l.Opt("paid")) << where;
      }
      if (l.Has("packages")) {
        EXPECT_EQ(JoinList(k.packages), l.Opt("packages")) << where;
      }
      if (l.Has("origin")) {
        EXPECT_EQ(k.origin, l.Opt("origin")) << where;
      }
      if (l.Has("status")) {
        EXPECT_EQ(k.status, l.Opt("status")) << where;
      }
      if (l.Has("previous")) {
        EXPECT_EQ(k.previous_id ? std::to_string(*k.previous_id) : "-", l.Opt("previous")) << where;
      }
    } else if (v == "error") {
      if (!step) throw CaseError("'error' without a step before it");
      errors.push_back(&l);
    } else if (v == "conflict") {  // conflict <message fragment>
      if (!step) throw CaseError("'conflict' without a step before it");
      expected = true;
      EXPECT_EQ(result.code(), Status::Code::kConflict)
          << c.Where(l) << "\n  got " << result.ToString();
      EXPECT_NE(result.message().find(l.rest), std::string::npos)
          << c.Where(l) << "\n  got " << result.ToString();
    } else if (v == "state") {  // state <contract> <date> <pending|active|expired|terminated>
      const Contract* k = Find(ParseInt(l.Arg(0)));
      EXPECT_EQ(k->StateOn(ParseDate(l.Arg(1))), l.Arg(2))
          << c.Where(l) << "\n  " << ShowContract(*k);
    } else if (v == "in-force") {  // in-force <contract> <date> yes|no
      const Contract* k = Find(ParseInt(l.Arg(0)));
      EXPECT_EQ(YesNo(k->InForceOn(ParseDate(l.Arg(1)))), l.Arg(2))
          << c.Where(l) << "\n  " << ShowContract(*k);
    } else if (v == "population") {  // population <name|-> <date> yes|no
      std::string pop = l.Arg(0) == "-" ? "" : l.Arg(0);
      EXPECT_EQ(YesNo(InPopulation(pop, resident, enrolments, ParseDate(l.Arg(1)))), l.Arg(2))
          << c.Where(l);
    } else if (v == "default-end") {  // default-end <start> <end>
      EXPECT_EQ(DefaultEndDate(ParseDate(l.Arg(0))).ToIso(), l.Arg(1)) << c.Where(l);
    } else if (v == "deliver") {  // deliver <date> <service>
      deliveries.push_back(Delivery{ParseDate(l.Arg(0)), l.Arg(1)});
    } else if (v == "fulfil") {  // fulfil <contract> <as_of>
      const Contract* k = Find(ParseInt(l.Arg(0)));
      fulfilment =
          ComputeFulfilment(*k, ServiceCatalogue::Default(), deliveries, ParseDate(l.Arg(1)));
      next_promise = 0;
    } else if (v == "promise") {  // promise <service> promised= delivered= owed= [last=]
      l.OnlyKeys({"promised", "delivered", "owed", "last"});
      if (!fulfilment) throw CaseError("'promise' before 'fulfil'");
      if (next_promise >= fulfilment->promises.size()) {
        ADD_FAILURE() << c.Where(l) << "\n  only " << fulfilment->promises.size() << " promises";
        return;
      }
      const PromiseStatus& p = fulfilment->promises[next_promise++];
      std::string where = c.Where(l);
      EXPECT_EQ(p.service, l.Arg(0)) << where;
      EXPECT_EQ(std::to_string(p.promised), l.Opt("promised")) << where;
      EXPECT_EQ(std::to_string(p.delivered), l.Opt("delivered")) << where;
      EXPECT_EQ(std::to_string(p.owed()), l.Opt("owed")) << where;
      if (l.Has("last")) {
        EXPECT_EQ(p.last_delivered ? p.last_delivered->ToIso() : "-", l.Opt("last")) << where;
      }
    } else if (v == "fulfilled") {  // fulfilled yes|no [on=] promised= delivered=
      l.OnlyKeys({"on", "promised", "delivered"});
      if (!fulfilment) throw CaseError("'fulfilled' before 'fulfil'");
      const Fulfilment& f = *fulfilment;
      std::string where = c.Where(l);
      EXPECT_EQ(next_promise, f.promises.size()) << where << "\n  not every promise was checked";
      EXPECT_EQ(YesNo(f.fulfilled), l.Arg(0)) << where;
      EXPECT_EQ(f.fulfilled_on ? f.fulfilled_on->ToIso() : "-", l.Opt("on", "-")) << where;
      EXPECT_EQ(std::to_string(f.promised_total), l.Opt("promised")) << where;
      EXPECT_EQ(std::to_string(f.delivered_total), l.Opt("delivered")) << where;
    } else {
      throw CaseError("unknown statement '" + v + "'");
    }
  }
};

TEST(ContractRulesTest, DataDrivenLifecycles) {
  int n = 0;
  for (const std::string& file : testing::CaseFiles("contracts")) {
    for (const Case& c : testing::ReadCases(file)) {
      ++n;
      Lifecycle lc(c);
      const CaseLine* at = nullptr;
      try {
        for (const CaseLine& l : c.lines) {
          at = &l;
          if (l.verb != "error" && l.verb != "expect" && l.verb != "conflict") lc.Close();
          lc.Run(l);
        }
        lc.Close();
      } catch (const std::exception& e) {
        ADD_FAILURE() << (at ? c.Where(*at) : c.Where()) << "\n  bad case: " << e.what();
      }
    }
  }
  EXPECT_GE(n, 40) << "cases went missing";
}

}  // namespace
}  // namespace yilian
