// ServiceFact: what the live state (indicators, work points, worklists) reads
// of one service record: its item, day, the parties credited, its points,
// its readings, and whether it is valid and verified. A rebuild holds
// millions of these at once, so none of the record's form, notes or
// bookkeeping is kept (half the size of a ServiceRecord, six strings fewer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "catalogue/service_form.h"
#include "core/date.h"
#include "service/service_record.h"

namespace yilian::live {

struct ServiceFact {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string service_code;  // ServiceItem code
  Date service_date;
  int64_t facility_id = 0;
  int64_t practitioner_id = 0;
  std::optional<int64_t> team_id;
  int64_t points_centi = 0;  // the item's points when verified, else 0
  Readings readings;         // gestational_week is not kept
  bool is_valid = true;      // not voided
  bool is_verified = false;  // by a method that earns work points

  bool valid() const { return is_valid; }
  bool verified() const { return is_verified; }

  // The facts of a record, as a bulk read of the store gives them.
  static ServiceFact Of(const ServiceRecord& r) {
    ServiceFact f;
    f.id = r.id;
    f.resident_id = r.resident_id;
    f.service_code = r.service_code;
    f.service_date = r.service_date;
    f.facility_id = r.facility_id;
    f.practitioner_id = r.practitioner_id;
    f.team_id = r.team_id;
    f.points_centi = r.points_centi;
    f.readings = r.readings;
    f.readings.gestational_week.reset();
    f.is_valid = r.valid();
    f.is_verified = r.verified();
    return f;
  }
};

}  // namespace yilian::live
