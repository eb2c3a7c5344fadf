// Family-doctor contracts (家庭医生签约): a resident signs with a team, through
// one of its doctors, for one year (by default from the start date), with one
// or more service packages that promise services for the year. A resident has
// at most one contract in force on any day.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace yilian {

struct Contract {
  int64_t id = 0;
  int64_t resident_id = 0;
  int64_t team_id = 0;
  int64_t doctor_id = 0;              // the signing practitioner, a member of the team
  std::vector<std::string> packages;  // ServicePackage codes, sorted
  int64_t fee_cents = 0;              // per year: the packages' fees; > 0 = paid (有偿签约)
  Date signed_on;
  Date start_date;
  Date end_date;                      // inclusive
  std::string signing_method;         // code set "signing_method"
  std::string status = "active";      // "active" | "terminated"
  std::optional<Date> terminated_on;  // the first day no longer in force
  std::string termination_reason;     // code set "contract_termination_reason"
  std::string termination_note;
  std::optional<int64_t> previous_id;  // the contract this one renews or replaces
  std::string origin = "new";          // "new" | "renewal" | "team_change"
  std::string village_code;            // the resident's village when signed
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;

  bool paid() const { return fee_cents > 0; }
  // The day after the last day in force.
  Date EndExclusive() const {
    Date end = end_date.AddDays(1);
    return terminated_on ? std::min(*terminated_on, end) : end;
  }
  bool InForceOn(Date d) const { return start_date <= d && d < EndExclusive(); }
  // "pending" (starts later), "active", "expired" or "terminated" on day d.
  std::string StateOn(Date d) const {
    if (terminated_on && d >= *terminated_on) return "terminated";
    if (d < start_date) return "pending";
    if (d > end_date) return "expired";
    return "active";
  }
};

}  // namespace yilian
