// The rules of recording a service, free of I/O.
//
//  * the item is in the catalogue; the date is a real day, not in the
//    future, not before the resident's birth, and not after the resident
//    died, moved out or was merged;
//  * the resident fits the item: its sex, its age range on the day, and an
//    enrolment in its program in force on the day (which the record then
//    names);
//  * the practitioner exists and was active; the facility defaults to the
//    practitioner's and must be it; a team given must have the practitioner
//    as a member (by default the team of the contract in force, when the
//    practitioner is on it);
//  * the verification method is from "verification_method"; points are the
//    item's when verified, 0 otherwise;
//  * the form's data is valid (see ReadFormData), and a follow-up classified
//    "controlled" has readings within the program's controlled bounds;
//  * one record of an item per resident and day: a second is kConflict
//    naming the first.
#pragma once

#include <optional>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "contract/contract.h"
#include "core/status.h"
#include "followup/followup_rules.h"
#include "practitioner/practitioner.h"
#include "program/enrolment.h"
#include "resident/resident.h"
#include "service/service_record.h"

namespace yilian {

struct ServiceContext {
  const Resident* resident = nullptr;
  const Practitioner* practitioner = nullptr;  // nullptr when unknown
  std::vector<int64_t> practitioner_teams;     // active teams the practitioner is on
  std::vector<Enrolment> enrolments;           // the resident's
  std::vector<Contract> contracts;             // the resident's
  std::optional<int64_t> same_day_record;      // a valid record of the item that day
};

// Fills derived fields (facility, team, enrolment, contract, points,
// normalised data and readings) and checks `s`. `data` is the form as sent.
Status CheckServiceRecord(ServiceRecord& s, const nlohmann::json& data, const ServiceContext& ctx,
                          const ServiceCatalogue& catalogue, const FollowUpRules& rules,
                          const CodeSets& codes, Date today);

}  // namespace yilian
