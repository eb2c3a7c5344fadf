// Org units: the administrative divisions (行政区划) the network is organised by.
//
// An org unit is identified by its 12-digit NBS statistical division code
// (province 2 + city 2 + county 2 + township 3 + village 3). Levels run from
// 1 (province) to 5 (village/community). Codes are never reused for another
// place: a unit that is renamed keeps its code; a unit merged into another
// becomes status "merged" with `merged_into` set, and stays in the tree so
// that everything recorded against it remains reachable and attributable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"

namespace yilian {

enum class OrgLevel { kProvince = 1, kCity = 2, kCounty = 3, kTownship = 4, kVillage = 5 };

struct OrgUnit {
  std::string code;               // 12 digits
  std::string name;               // e.g. "古韩镇", "北关村委会"
  int level = 0;                  // 1..5, always equal to LevelOfDivisionCode(code)
  std::string parent_code;        // empty for the root of the stored tree
  std::string status = "active";  // "active" | "merged"
  std::string merged_into;        // code of the successor when status == "merged"
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;  // set when merged
  int64_t version = 1;           // optimistic concurrency
};

// One change in an org unit's history: created, renamed, merged, moved.
struct OrgUnitEvent {
  int64_t id = 0;
  std::string code;
  std::string kind;  // "created" | "renamed" | "merged" | "moved"
  Date date;
  std::string old_value;  // old name / old parent
  std::string new_value;  // new name / successor code / new parent
  std::string recorded_at;
};

}  // namespace yilian
