// The rules of family-doctor contracts, free of I/O.
//
// Signing: the resident is active; signed_on is not in the future; the
// contract starts on or after signing and within 90 days of it and runs one
// year by default (start + 12 months − 1 day), never longer; the team is
// active and serves the resident's village; the doctor is an active member of
// the team; packages are known, listed once, and each package for a key
// population is signed only by a resident in it on the start date; the
// signing method is from "signing_method". The resident has no other
// contract in force on any day of the new one.
//
// Terminating: a contract not already terminated, a reason from
// "contract_termination_reason", a date from its start to the day after its
// end, not in the future. Renewing: the previous contract is not terminated
// and ends within 90 days (or has ended); the renewal starts the day after it
// ends, or on signing when it has already ended — never more than the 90
// days after signing that signing allows.
#pragma once

#include <map>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "contract/contract.h"
#include "core/status.h"
#include "program/enrolment.h"
#include "resident/resident.h"
#include "team/team.h"

namespace yilian {

// What signing is checked against, loaded by the caller.
struct ContractContext {
  const Resident* resident = nullptr;
  const Team* team = nullptr;  // nullptr when team_id names no team
  // Status ("active", "left") of the team's member practitioners, by id.
  std::map<int64_t, std::string> member_status;
  std::vector<Contract> existing;     // the resident's other contracts
  std::vector<Enrolment> enrolments;  // the resident's enrolments
};

// Whether `r` belongs to key population `population` (as packages name them)
// on day `on`.
bool InPopulation(const std::string& population, const Resident& r,
                  const std::vector<Enrolment>& enrolments, Date on);

// Fills defaults (end date, fee, sorted packages) and checks a new contract.
Status CheckNewContract(Contract& c, const ContractContext& ctx, const ServiceCatalogue& catalogue,
                        const CodeSets& codes, Date today);

// Checks terminating `c` on `on` (the first day no longer in force).
Status CheckTermination(const Contract& c, Date on, const std::string& reason,
                        const CodeSets& codes, Date today);

// The start of a renewal of `previous` signed on `signed_on`, or an error
// when it cannot be renewed yet (or at all).
Result<Date> RenewalStart(const Contract& previous, Date signed_on);

// The default last day of a contract starting on `start`: the day before
// the same day a year later (from Feb 29, the year runs to Feb 28).
inline Date DefaultEndDate(Date start) {
  Date next = start.AddMonths(12);
  return next.day() == start.day() ? next.AddDays(-1) : next;
}

}  // namespace yilian
