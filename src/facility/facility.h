// Facilities (医疗卫生机构) and medical alliances (医共体).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace yilian {

struct Facility {
  int64_t id = 0;
  std::string code;  // the facility's own registration code, unique
  std::string name;
  std::string type;                    // code set "facility_type"
  std::string org_unit_code;           // where it is located (12-digit division code)
  std::optional<int64_t> alliance_id;  // the 医共体 it belongs to
  int beds = 0;
  std::string phone;
  std::string status = "active";  // "active" | "closed"
  int64_t version = 1;
};

// A county medical alliance (县域医共体): a lead hospital and member facilities.
struct MedicalAlliance {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> lead_facility_id;
  std::string org_unit_code;  // the county (or city) it serves
  int64_t version = 1;
};

}  // namespace yilian
