// ResidentFacts: everything the live state (work points, worklists,
// indicators) derives from one resident — the record, program enrolments,
// contracts and service records — loaded from the store.
//
// The live state never keeps raw records: a write loads the facts of each
// resident it touches before and after the change, and the live structures
// subtract what the old facts contributed and add what the new ones do.
// A full rebuild streams every resident's facts once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "contract/contract.h"
#include "core/status.h"
#include "live/service_fact.h"
#include "program/enrolment.h"
#include "resident/resident.h"
#include "storage/database.h"

namespace yilian::live {

struct ResidentFacts {
  int64_t resident_id = 0;
  // Empty when there is no such record. Only the fields the live state reads
  // are loaded: id, record_no, name, sex, birth_date, village_code, phone,
  // disabilities, poverty, family_planning_special, status, status_date,
  // created_at, record_date; the rest keep their defaults.
  std::optional<Resident> resident;
  std::vector<Enrolment> enrolments;
  // Only id, resident_id, team_id, doctor_id, packages, fee_cents,
  // signed_on, start_date, end_date, status, terminated_on and village_code.
  std::vector<Contract> contracts;
  // Valid and voided records by date, then id.
  std::vector<ServiceFact> services;
};

// The facts of one resident, inside the caller's transaction.
Result<ResidentFacts> LoadFacts(storage::Connection& c, int64_t resident_id);

// Every resident's facts, in id order (merged records included: their
// status says so), `batch` residents at a time. `progress(done)` after each
// batch is read. `fn` runs on a second thread (one call at a time, in id
// order) while the next batch is read, so it must not use `c`; the first
// error from `fn` stops the scan and is returned.
Status ScanFacts(storage::Connection& c, const std::function<Status(ResidentFacts&)>& fn,
                 const std::function<void(int64_t done)>& progress = nullptr, int64_t batch = 5000);

}  // namespace yilian::live
