// Practitioners: doctors, nurses, village doctors and public-health staff.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"

namespace yilian {

struct Practitioner {
  int64_t id = 0;
  std::string name;
  std::string id_number;  // GB 11643, normalised to 18 characters
  std::string sex;        // derived from id_number
  std::optional<Date> birth_date;  // derived from id_number
  std::string role;       // code set "practitioner_role"
  int64_t facility_id = 0;
  std::string licence_no;  // 执业证书编号 / 乡村医生执业证书; optional for public-health staff
  std::string phone;
  std::string status = "active";  // "active" | "left"
  int64_t version = 1;
};

}  // namespace yilian
