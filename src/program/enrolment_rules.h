// The rules of program enrolment, free of I/O.
//
//  * program from code set "program"; enrolled_on a real day, not in the
//    future and not before birth; the resident active (not deceased, moved
//    out or merged).
//  * hypertension and diabetes: aged 35 or more on enrolled_on (the
//    specification manages residents 35+); pregnancy: a woman aged 12 to 55
//    with a last menstrual period at most 44 weeks before enrolment (edd
//    defaults to lmp + 280 days and must lie 240-300 days after it); mental:
//    a risk level 0-5; tb: a notification date, defaulting to enrolled_on,
//    not after it by more than the enrolment itself.
//  * at most one open enrolment per program and resident.
//  * discharge: a reason from "discharge_reason", a date not before
//    enrolment nor in the future; "delivered" needs the delivery date, at
//    least 20 weeks after the lmp and not after the discharge.
#pragma once

#include <vector>

#include "codes/code_set.h"
#include "core/status.h"
#include "program/enrolment.h"
#include "resident/resident.h"

namespace yilian {

// Fills defaults (edd, notified_on) and checks a new enrolment of `r`
// against the resident's other enrolments `existing`.
Status CheckNewEnrolment(Enrolment& e, const Resident& r, const std::vector<Enrolment>& existing,
                         const CodeSets& codes, Date today);

// Checks discharging `e` on `on` for `reason` (delivery date for "delivered").
Status CheckDischarge(const Enrolment& e, Date on, const std::string& reason,
                      const std::optional<Date>& delivery_date, const CodeSets& codes, Date today);

// Whether `r` belongs to a program's age and sex on `on` (used by the rules
// above and by contract packages).
bool EligibleForProgram(const std::string& program, const Resident& r, Date on);

}  // namespace yilian
