#include "contract/contract_rules.h"

#include <algorithm>
#include <set>

#include "program/enrolment_rules.h"

namespace yilian {

bool InPopulation(const std::string& population, const Resident& r,
                  const std::vector<Enrolment>& enrolments, Date on) {
  if (population.empty()) return true;
  int age = r.birth_date.AgeOn(on);
  if (population == "elderly") return age >= 65;
  if (population == "children") return age < 7;
  std::string program = population == "pregnant" ? "pregnancy" : population;
  for (const auto& e : enrolments) {
    if (e.program == program && e.ActiveOn(on)) return true;
  }
  return false;
}

Status CheckNewContract(Contract& c, const ContractContext& ctx, const ServiceCatalogue& catalogue,
                        const CodeSets& codes, Date today) {
  FieldErrors errs;
  const Resident& r = *ctx.resident;
  if (r.status != "active") {
    errs.Add("resident_id",
             "resident " + std::to_string(r.id) + " is " + r.status + ", not active");
  }
  if (c.signed_on > today) errs.Add("signed_on", "is in the future");
  if (c.signed_on < r.birth_date) errs.Add("signed_on", "is before the resident's birth");
  if (c.start_date < c.signed_on) errs.Add("start_date", "is before the signing date");
  if (c.start_date.days() - c.signed_on.days() > 90)
    errs.Add("start_date", "is more than 90 days after signing");
  Date longest = DefaultEndDate(c.start_date);
  if (c.end_date == Date()) c.end_date = longest;
  if (c.end_date < c.start_date) errs.Add("end_date", "is before the start date");
  if (c.end_date > longest)
    errs.Add("end_date", "a contract runs one year at most (until " + longest.ToIso() + ")");
  if (Status s = codes.CheckCode("signing_method", c.signing_method, "signing_method"); !s.ok()) {
    for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
  }

  if (!ctx.team) {
    errs.Add("team_id", "team " + std::to_string(c.team_id) + " does not exist");
  } else {
    const Team& t = *ctx.team;
    if (t.status != "active") errs.Add("team_id", "team " + t.name + " is " + t.status);
    if (std::find(t.village_codes.begin(), t.village_codes.end(), r.village_code) ==
        t.village_codes.end()) {
      errs.Add("team_id",
               "team " + t.name + " does not serve the resident's village " + r.village_code);
    }
    bool member = false;
    for (const auto& m : t.members) member = member || m.practitioner_id == c.doctor_id;
    if (c.doctor_id <= 0) {
      errs.Add("doctor_id", "is required: the team member who signs");
    } else if (!member) {
      errs.Add("doctor_id", "practitioner " + std::to_string(c.doctor_id) +
                                " is not a member of team " + t.name);
    } else if (auto st = ctx.member_status.find(c.doctor_id);
               st == ctx.member_status.end() || st->second != "active") {
      errs.Add("doctor_id", "practitioner " + std::to_string(c.doctor_id) + " is not active");
    }
  }

  std::sort(c.packages.begin(), c.packages.end());
  c.fee_cents = 0;
  if (c.packages.empty()) errs.Add("packages", "needs at least one service package");
  std::set<std::string> seen;
  for (size_t i = 0; i < c.packages.size(); ++i) {
    const std::string& code = c.packages[i];
    std::string path = "packages[" + std::to_string(i) + "]";
    const ServicePackage* p = catalogue.FindPackage(code);
    if (!seen.insert(code).second) {
      errs.Add(path, "package " + code + " is listed twice");
    } else if (!p) {
      errs.Add(path, "no service package " + code);
    } else {
      c.fee_cents += p->fee_cents;
      if (!InPopulation(p->for_population, r, ctx.enrolments, c.start_date)) {
        errs.Add(path, "package " + p->name + " is for " + p->for_population +
                           " residents; this resident is not one on " + c.start_date.ToIso());
      }
    }
  }
  if (errs.empty()) {
    for (const Contract& o : ctx.existing) {
      if (o.id == c.id) continue;
      if (o.start_date < c.end_date.AddDays(1) && c.start_date < o.EndExclusive()) {
        errs.Add("start_date", "the resident already has contract " + std::to_string(o.id) +
                                   " in force from " + o.start_date.ToIso() + " to " +
                                   o.EndExclusive().AddDays(-1).ToIso());
        break;
      }
    }
  }
  return errs.ToStatus("contract");
}

Status CheckTermination(const Contract& c, Date on, const std::string& reason,
                        const CodeSets& codes, Date today) {
  if (c.status == "terminated") {
    return Status::Conflict("contract " + std::to_string(c.id) + " was terminated on " +
                            c.terminated_on->ToIso());
  }
  FieldErrors errs;
  if (Status s = codes.CheckCode("contract_termination_reason", reason, "reason"); !s.ok()) {
    for (const auto& f : s.fields()) errs.Add(f.field, f.reason);
  }
  if (on < c.start_date)
    errs.Add("date", "is before the contract starts (" + c.start_date.ToIso() + ")");
  if (on > c.end_date.AddDays(1))
    errs.Add("date", "is after the contract ended (" + c.end_date.ToIso() + ")");
  if (on > today) errs.Add("date", "is in the future");
  return errs.ToStatus("termination");
}

Result<Date> RenewalStart(const Contract& previous, Date signed_on) {
  if (previous.status == "terminated") {
    return Status::Conflict("contract " + std::to_string(previous.id) +
                            " was terminated; sign a new one instead");
  }
  // The renewal starts the day after the end, which signing allows at most
  // 90 days after signing.
  if (previous.end_date.days() + 1 - signed_on.days() > 90) {
    return Status::InvalidField("signed_on", "contract " + std::to_string(previous.id) +
                                                 " runs until " + previous.end_date.ToIso() +
                                                 "; renew within 90 days of its end");
  }
  Date next = previous.end_date.AddDays(1);
  return next < signed_on ? signed_on : next;
}

}  // namespace yilian
