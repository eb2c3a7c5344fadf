// Program enrolment (专项管理): a resident managed under a public-health
// program — hypertension, type-2 diabetes, severe mental disorder,
// tuberculosis or pregnancy — from enrolment to discharge, by a managing
// facility. Children 0-6 and the elderly 65+ are managed by age and need no
// enrolment (their groups are derived from the birth date).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"

namespace yilian {

struct Enrolment {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string program;  // code set "program"
  Date enrolled_on;
  std::optional<Date> discharged_on;  // the first day no longer managed
  std::string discharge_reason;       // code set "discharge_reason" when discharged
  int64_t facility_id = 0;            // managing facility, 0 = not given
  std::string village_code;           // the resident's village at enrolment
  std::optional<int> risk_level;      // mental: risk assessment 0-5 at enrolment
  std::optional<Date> lmp;            // pregnancy: last menstrual period
  std::optional<Date> edd;            // pregnancy: expected date of delivery
  std::optional<Date> delivery_date;  // pregnancy: when discharged as "delivered"
  std::optional<Date> notified_on;    // tb: date of the notification
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;

  // Managed on day d: enrolled on or before d and not discharged by d.
  bool ActiveOn(Date d) const { return enrolled_on <= d && (!discharged_on || d < *discharged_on); }
  bool open() const { return !discharged_on.has_value(); }
};

}  // namespace yilian
