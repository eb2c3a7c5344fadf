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
#include <span>
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
// status says so), in batches of `batch` consecutive resident ids.
// `progress(done)` after each batch is consumed. Each reader connection
// reads its share of the batches on a thread of its own; `fn` runs on the
// calling thread (one call at a time, in id order) while later batches are
// read, so it must not use the readers. The first error, from a reader or
// from `fn`, stops the scan and is returned.
//
// With several readers, each must already be in a read transaction on the
// same snapshot (see LiveState::Rebuild): they are not checked against each
// other.
Status ScanFacts(std::span<storage::Connection* const> readers,
                 const std::function<Status(ResidentFacts&)>& fn,
                 const std::function<void(int64_t done)>& progress = nullptr, int64_t batch = 5000);

// The same with one reader.
Status ScanFacts(storage::Connection& c, const std::function<Status(ResidentFacts&)>& fn,
                 const std::function<void(int64_t done)>& progress = nullptr, int64_t batch = 5000);

}  // namespace yilian::live
