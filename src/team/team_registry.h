// The family-doctor team registry (家庭医生团队).
//
// Every operation validates first, then writes in one transaction, so a
// refused request changes nothing. Rules: the facility exists; a team has at
// least one member, no practitioner twice, each an existing practitioner with
// a team_role from code set "team_role"; the members of an active team are
// active practitioners and include a doctor (team_role leader or doctor held
// by a physician or assistant physician); the villages served are active
// level-5 org units, each once. Members and villages are replaced as a whole
// on update. Updates are optimistic (kPreconditionFailed on a stale version).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "codes/code_set.h"
#include "core/status.h"
#include "orgunit/org_unit_registry.h"
#include "storage/database.h"
#include "team/team.h"
#include "team/team_store.h"

namespace yilian {

// The "1+1+1" family-doctor team: a doctor, a nurse or public-health worker,
// and a village doctor. Judged on active members only.
struct TeamComposition {
  bool doctor = false;                  // leader/doctor who is a (assistant) physician
  bool nurse_or_public_health = false;  // team_role nurse or public_health
  bool village_doctor = false;          // team_role village_doctor
  bool complete() const { return doctor && nurse_or_public_health && village_doctor; }
};
TeamComposition ComposeTeam(const Team& t,
                            const std::map<int64_t, team_store::MemberPractitioner>& practitioners);

// A team with what it shows of its members' practitioner records.
struct TeamRecord {
  Team team;
  std::map<int64_t, team_store::MemberPractitioner> practitioners;  // by id
  TeamComposition composition;
};

struct TeamPage {
  std::vector<TeamRecord> items;
  bool has_more = false;
};

class TeamRegistry {
 public:
  TeamRegistry(storage::Database& db, const CodeSets& codes, const OrgUnitRegistry& org_units)
      : db_(db), codes_(codes), org_units_(org_units) {}

  // Reads a new team from its JSON shape (team_json.h), validates and stores it.
  Result<TeamRecord> Create(const nlohmann::json& body);
  // Validates and stores `t` inside the caller's write transaction (bulk
  // import). A non-zero t.id is kept; kConflict when it is taken.
  static Result<TeamRecord> CreateIn(storage::Connection& c, Team t, const CodeSets& codes,
                                     const OrgTree& tree);
  // Applies `patch` to team `id` if it is at `expected_version`; "members" and
  // "village_codes", when present, replace the whole set.
  Result<TeamRecord> Update(int64_t id, const nlohmann::json& patch, int64_t expected_version);
  Result<TeamRecord> Get(int64_t id);
  // kInvalidArgument naming "page" or "page_size" when out of range.
  Result<TeamPage> List(const team_store::Query& q);

  const CodeSets& codes() const { return codes_; }
  const OrgUnitRegistry& org_units() const { return org_units_; }

 private:
  storage::Database& db_;
  const CodeSets& codes_;
  const OrgUnitRegistry& org_units_;
};

}  // namespace yilian
