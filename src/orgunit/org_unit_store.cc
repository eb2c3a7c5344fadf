#include "orgunit/org_unit_store.h"

namespace yilian::orgunit_store {
using storage::Bind;
using storage::DateOr;
using storage::Run;
using storage::TextOr;

Result<std::vector<OrgUnit>> LoadAll(storage::Connection& c) {
  auto st = c.Prepare(
      "SELECT code, name, level, parent_code, status, merged_into, valid_from, valid_to, version "
      "FROM org_units ORDER BY code");
  if (!st.ok()) return st.status();
  std::vector<OrgUnit> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    auto& s = **st;
    OrgUnit u;
    u.code = TextOr(s, 0);
    u.name = TextOr(s, 1);
    u.level = static_cast<int>(s.Int(2));
    u.parent_code = TextOr(s, 3);
    u.status = TextOr(s, 4);
    u.merged_into = TextOr(s, 5);
    u.valid_from = DateOr(s, 6);
    u.valid_to = DateOr(s, 7);
    u.version = s.Int(8);
    out.push_back(std::move(u));
  }
  return out;
}

Status Insert(storage::Connection& c, const OrgUnit& u) {
  Status s = Run(c,
                 "INSERT INTO org_units (code, name, level, parent_code, status, merged_into, "
                 "valid_from, valid_to, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                 u.code, u.name, u.level, u.parent_code, u.status, u.merged_into, u.valid_from,
                 u.valid_to);
  if (s.code() == Status::Code::kConflict) {
    return Status::Conflict("org unit " + u.code + " already exists", {{"code", "already exists"}});
  }
  return s;
}

Status Update(storage::Connection& c, const OrgUnit& u) {
  auto st = c.Prepare(
      "UPDATE org_units SET name = ?, parent_code = ?, status = ?, merged_into = ?, "
      "valid_from = ?, valid_to = ?, version = version + 1 WHERE code = ? AND version = ? "
      "RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, u.name, u.parent_code, u.status, u.merged_into, u.valid_from, u.valid_to, u.code,
       u.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("org unit " + u.code +
                                      " was changed by someone else (version " +
                                      std::to_string(u.version) + " is stale); reload and retry");
  }
  while (true) {  // drain
    auto more = (*st)->Step();
    if (!more.ok() || !*more) break;
  }
  return Status::Ok();
}

Status InsertEvent(storage::Connection& c, const OrgUnitEvent& e) {
  return Run(c,
             "INSERT INTO org_unit_events (code, kind, date, old_value, new_value, recorded_at) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             e.code, e.kind, e.date, e.old_value, e.new_value, NowTimestamp());
}

Result<std::vector<OrgUnitEvent>> LoadEvents(storage::Connection& c, const std::string& code) {
  auto st = c.Prepare(
      "SELECT id, code, kind, date, old_value, new_value, recorded_at FROM org_unit_events "
      "WHERE code = ? OR new_value = ? ORDER BY id");
  if (!st.ok()) return st.status();
  Bind(**st, code, code);
  std::vector<OrgUnitEvent> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    auto& s = **st;
    OrgUnitEvent e;
    e.id = s.Int(0);
    e.code = TextOr(s, 1);
    e.kind = TextOr(s, 2);
    e.date = DateOr(s, 3).value_or(Date());
    e.old_value = TextOr(s, 4);
    e.new_value = TextOr(s, 5);
    e.recorded_at = TextOr(s, 6);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace yilian::orgunit_store
