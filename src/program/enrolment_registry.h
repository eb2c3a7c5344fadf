// The program-enrolment registry: enrol a resident in a program, discharge
// them, read and list enrolments. Every write validates first (see
// enrolment_rules.h), runs in one transaction with its audit event, and is
// applied to the live state before it returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codes/code_set.h"
#include "core/status.h"
#include "program/enrolment.h"
#include "program/enrolment_store.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian {

struct DischargeRequest {
  Date date;
  std::string reason;
  std::optional<Date> delivery_date;
  int64_t expected_version = 0;
};

class EnrolmentRegistry {
 public:
  EnrolmentRegistry(storage::Database& db, const CodeSets& codes, live::LiveState* live)
      : db_(db), codes_(codes), live_(live) {}

  Result<Enrolment> Enrol(Enrolment e, const ResidentWriter* by);
  // The same inside a caller's write transaction (bulk import; no live
  // tracking: the importing process marks the database changed).
  static Result<Enrolment> EnrolIn(storage::Connection& c, Enrolment e, const CodeSets& codes,
                                   Date today, const ResidentWriter* by = nullptr);
  Result<Enrolment> Discharge(int64_t id, const DischargeRequest& d, const ResidentWriter* by);

  // The enrolment and its resident (for the caller's scope check).
  Result<std::pair<Enrolment, Resident>> Get(int64_t id);
  Result<std::vector<Enrolment>> ForResident(int64_t resident_id);
  Result<enrolment_store::Page> List(const enrolment_store::Query& q);

 private:
  storage::Database& db_;
  const CodeSets& codes_;
  live::LiveState* live_;
};

}  // namespace yilian
