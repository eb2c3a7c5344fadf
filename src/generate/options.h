// What `yilian generate` should make.
#pragma once

#include <cstdint>
#include <string>

#include "core/date.h"

namespace yilian::generate {

struct Options {
  // The same Options always give the same entities in the same order.
  uint64_t seed = 20240101;
  std::string kind = "county";       // "county" or "city"
  int64_t residents = 300000;        // total for the whole county or city
  std::string province_code = "14";  // 2 digits; 山西
  std::string city_code = "1404";    // 4 digits, starting with province_code; 长治
  std::string county_code =
      "140423";  // 6 digits, starting with city_code; used when kind == county
  // Reference date: ages, diagnosis dates and status dates are relative to it.
  Date today = *Date::FromYmd(2024, 1, 1);
  // A year of care before `today` for every active resident: enrolments,
  // contracts and services (see care_plan.h).
  bool care = true;
};

}  // namespace yilian::generate
