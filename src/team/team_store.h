// Persistence of family-doctor teams (SQL over storage::Connection): the team
// row, its members (team_members) and the villages it serves (team_villages).
// Callers own the transaction; validation is the registry's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"
#include "team/team.h"

namespace yilian::team_store {

// Inserts `t` with its members and villages, version 1; sets t.id. A non-zero
// t.id is kept (bulk import); kConflict when it is taken.
Status Insert(storage::Connection& c, Team& t);
// Writes `t` if the stored version equals t.version (kPreconditionFailed
// otherwise), replacing its members and villages, and increments t.version.
Status Update(storage::Connection& c, Team& t);

// Members come ordered by practitioner id, villages by code.
Result<std::optional<Team>> Get(storage::Connection& c, int64_t id);
// Up to `limit` teams with id > after_id, in id order (export).
Result<std::vector<Team>> Scan(storage::Connection& c, int64_t after_id, int64_t limit);

struct Query {
  std::optional<int64_t> facility_id;
  std::string village_code;  // teams serving this village; empty means any
  int64_t page = 1;
  int64_t page_size = 20;
};
struct Page {
  std::vector<Team> items;
  bool has_more = false;
};
// One page in id order.
Result<Page> List(storage::Connection& c, const Query& q);

// What a team shows of each member's practitioner record, and what its
// composition is judged on.
struct MemberPractitioner {
  std::string name;
  std::string role;  // code set "practitioner_role"
  std::string status;
};
// The practitioners among `ids` that exist, by id.
Result<std::map<int64_t, MemberPractitioner>> LoadPractitioners(storage::Connection& c,
                                                                const std::vector<int64_t>& ids);

}  // namespace yilian::team_store
