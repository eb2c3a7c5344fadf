// Family-doctor teams (家庭医生团队): a facility's team of a doctor, a nurse or
// public-health worker and village doctors ("1+1+1"), often with a county
// specialist, serving a set of villages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace yilian {

struct TeamMember {
  int64_t practitioner_id = 0;
  std::string team_role;  // code set "team_role"
  bool operator==(const TeamMember&) const = default;
};

struct Team {
  int64_t id = 0;
  std::string name;
  int64_t facility_id = 0;
  std::vector<TeamMember> members;
  std::vector<std::string> village_codes;  // villages served (level-5 org units)
  std::string status = "active";  // "active" | "dissolved"
  int64_t version = 1;
};

}  // namespace yilian
