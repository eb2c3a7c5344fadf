#include "team/team_store.h"

#include <string>

namespace yilian::team_store {
using storage::Bind;
using storage::Run;
using storage::TextOr;

namespace {

constexpr const char* kColumns = "id, name, facility_id, status, version";

void Drain(storage::Statement& s) {
  while (true) {
    auto more = s.Step();
    if (!more.ok() || !*more) break;
  }
}

Team ReadRow(storage::Statement& s) {
  Team t;
  t.id = s.Int(0);
  t.name = TextOr(s, 1);
  t.facility_id = s.Int(2);
  t.status = TextOr(s, 3);
  t.version = s.Int(4);
  return t;
}

Result<std::vector<Team>> Rows(storage::Statement& st, int64_t limit) {
  std::vector<Team> out;
  while (static_cast<int64_t>(out.size()) < limit) {
    auto r = st.Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadRow(st));
  }
  return out;
}

Status LoadChildren(storage::Connection& c, Team& t) {
  t.members.clear();
  t.village_codes.clear();
  {
    auto st = c.Prepare(
        "SELECT practitioner_id, team_role FROM team_members WHERE team_id = ? "
        "ORDER BY practitioner_id");
    if (!st.ok()) return st.status();
    Bind(**st, t.id);
    while (true) {
      auto r = (*st)->Step();
      if (!r.ok()) return r.status();
      if (!*r) break;
      t.members.push_back({(*st)->Int(0), TextOr(**st, 1)});
    }
  }
  auto st =
      c.Prepare("SELECT village_code FROM team_villages WHERE team_id = ? ORDER BY village_code");
  if (!st.ok()) return st.status();
  Bind(**st, t.id);
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    t.village_codes.push_back(TextOr(**st, 0));
  }
  return Status::Ok();
}

Status LoadChildren(storage::Connection& c, std::vector<Team>& teams) {
  for (auto& t : teams) YILIAN_RETURN_IF_ERROR(LoadChildren(c, t));
  return Status::Ok();
}

Status WriteChildren(storage::Connection& c, const Team& t) {
  for (const auto& m : t.members) {
    YILIAN_RETURN_IF_ERROR(
        Run(c, "INSERT INTO team_members (team_id, practitioner_id, team_role) VALUES (?, ?, ?)",
            t.id, m.practitioner_id, m.team_role));
  }
  for (const auto& v : t.village_codes) {
    YILIAN_RETURN_IF_ERROR(
        Run(c, "INSERT INTO team_villages (team_id, village_code) VALUES (?, ?)", t.id, v));
  }
  return Status::Ok();
}

}  // namespace

Status Insert(storage::Connection& c, Team& t) {
  const bool keep_id = t.id > 0;
  auto st = c.Prepare(keep_id ? "INSERT INTO teams (id, name, facility_id, status, version) "
                                "VALUES (?, ?, ?, ?, 1) RETURNING id"
                              : "INSERT INTO teams (name, facility_id, status, version) "
                                "VALUES (?, ?, ?, 1) RETURNING id");
  if (!st.ok()) return st.status();
  if (keep_id)
    Bind(**st, t.id, t.name, t.facility_id, t.status);
  else
    Bind(**st, t.name, t.facility_id, t.status);
  auto row = (*st)->Step();
  if (!row.ok()) {
    if (row.status().code() == Status::Code::kConflict) {
      return Status::Conflict("team id " + std::to_string(t.id) + " is already taken",
                              {{"id", "is already taken"}});
    }
    return row.status();
  }
  if (!*row) return Status::Internal("insert into teams returned no id");
  t.id = (*st)->Int(0);
  Drain(**st);
  // A kept id does not move PostgreSQL's identity sequence; move it past.
  if (keep_id && c.dialect() == storage::Dialect::kPostgres) {
    YILIAN_RETURN_IF_ERROR(Run(c,
                               "SELECT setval(pg_get_serial_sequence('teams', 'id'), "
                               "(SELECT max(id) FROM teams))"));
  }
  t.version = 1;
  return WriteChildren(c, t);
}

Status Update(storage::Connection& c, Team& t) {
  auto st = c.Prepare(
      "UPDATE teams SET name = ?, facility_id = ?, status = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, t.name, t.facility_id, t.status, t.id, t.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("team " + std::to_string(t.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(t.version) + "; reload it and retry");
  }
  int64_t version = (*st)->Int(0);
  Drain(**st);
  YILIAN_RETURN_IF_ERROR(Run(c, "DELETE FROM team_members WHERE team_id = ?", t.id));
  YILIAN_RETURN_IF_ERROR(Run(c, "DELETE FROM team_villages WHERE team_id = ?", t.id));
  YILIAN_RETURN_IF_ERROR(WriteChildren(c, t));
  t.version = version;
  return Status::Ok();
}

Result<std::optional<Team>> Get(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM teams WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  auto rows = Rows(**st, 1);
  if (!rows.ok()) return rows.status();
  Drain(**st);
  if (rows->empty()) return std::optional<Team>();
  YILIAN_RETURN_IF_ERROR(LoadChildren(c, rows->front()));
  return std::optional<Team>(std::move(rows->front()));
}

Result<std::vector<Team>> Scan(storage::Connection& c, int64_t after_id, int64_t limit) {
  auto st =
      c.Prepare(std::string("SELECT ") + kColumns + " FROM teams WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return st.status();
  Bind(**st, after_id, limit);
  auto rows = Rows(**st, limit);
  if (!rows.ok()) return rows.status();
  YILIAN_RETURN_IF_ERROR(LoadChildren(c, *rows));
  return rows;
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM teams WHERE 1 = 1";
  if (q.facility_id) sql += " AND facility_id = ?";
  if (!q.village_code.empty()) {
    sql += " AND id IN (SELECT team_id FROM team_villages WHERE village_code = ?)";
  }
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  if (q.facility_id) (*st)->BindInt(++i, *q.facility_id);
  if (!q.village_code.empty()) (*st)->BindText(++i, q.village_code);
  (*st)->BindInt(++i, q.page_size + 1);
  (*st)->BindInt(++i, (q.page - 1) * q.page_size);
  auto rows = Rows(**st, q.page_size + 1);
  if (!rows.ok()) return rows.status();
  Page page;
  page.items = std::move(*rows);
  if (static_cast<int64_t>(page.items.size()) > q.page_size) {
    page.has_more = true;
    page.items.pop_back();
  }
  YILIAN_RETURN_IF_ERROR(LoadChildren(c, page.items));
  return page;
}

Result<std::map<int64_t, MemberPractitioner>> LoadPractitioners(storage::Connection& c,
                                                                const std::vector<int64_t>& ids) {
  std::map<int64_t, MemberPractitioner> out;
  auto st = c.Prepare("SELECT name, role, status FROM practitioners WHERE id = ?");
  if (!st.ok()) return st.status();
  for (int64_t id : ids) {
    if (out.count(id)) continue;
    (*st)->Reset();
    Bind(**st, id);
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (*r) out[id] = {TextOr(**st, 0), TextOr(**st, 1), TextOr(**st, 2)};
    Drain(**st);
  }
  return out;
}

}  // namespace yilian::team_store
