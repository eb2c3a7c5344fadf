#include "practitioner/practitioner_store.h"

#include <functional>
#include <string>
#include <variant>

namespace yilian::practitioner_store {
using storage::Bind;
using storage::DateOr;
using storage::TextOr;

namespace {

using Arg = std::variant<int64_t, std::string>;

constexpr const char* kColumns =
    "id, name, id_number, sex, birth_date, role, facility_id, licence_no, phone, status, version";

void Drain(storage::Statement& s) {
  while (true) {
    auto more = s.Step();
    if (!more.ok() || !*more) break;
  }
}

Practitioner ReadRow(storage::Statement& s) {
  Practitioner p;
  p.id = s.Int(0);
  p.name = TextOr(s, 1);
  p.id_number = TextOr(s, 2);
  p.sex = TextOr(s, 3);
  p.birth_date = DateOr(s, 4);
  p.role = TextOr(s, 5);
  p.facility_id = s.Int(6);
  p.licence_no = TextOr(s, 7);
  p.phone = TextOr(s, 8);
  p.status = TextOr(s, 9);
  p.version = s.Int(10);
  return p;
}

Result<std::vector<Practitioner>> Rows(storage::Statement& st, int64_t limit) {
  std::vector<Practitioner> out;
  while (static_cast<int64_t>(out.size()) < limit) {
    auto r = st.Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadRow(st));
  }
  return out;
}

Result<std::optional<Practitioner>> One(storage::Connection& c, const char* where,
                                        const std::function<void(storage::Statement&)>& bind) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM practitioners WHERE " + where);
  if (!st.ok()) return st.status();
  bind(**st);
  auto rows = Rows(**st, 1);
  if (!rows.ok()) return rows.status();
  Drain(**st);
  if (rows->empty()) return std::optional<Practitioner>();
  return std::optional<Practitioner>(std::move(rows->front()));
}

// The registry checks each unique key first and names the holder; this is
// the backstop for a race between two writers.
Status ConflictOnWrite(const Practitioner& p) {
  return Status::Conflict("practitioner " + p.name +
                          ": the ID number, licence number or id is already registered");
}

}  // namespace

Status Insert(storage::Connection& c, Practitioner& p) {
  const bool keep_id = p.id > 0;
  std::string sql = std::string("INSERT INTO practitioners (") + (keep_id ? "id, " : "") +
                    "name, id_number, sex, birth_date, role, facility_id, licence_no, phone, "
                    "status, version) VALUES (" +
                    (keep_id ? "?, " : "") + "?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  if (keep_id) {
    Bind(**st, p.id, p.name, p.id_number, p.sex, p.birth_date, p.role, p.facility_id, p.licence_no,
         p.phone, p.status);
  } else {
    Bind(**st, p.name, p.id_number, p.sex, p.birth_date, p.role, p.facility_id, p.licence_no,
         p.phone, p.status);
  }
  auto row = (*st)->Step();
  if (!row.ok()) {
    if (row.status().code() == Status::Code::kConflict) return ConflictOnWrite(p);
    return row.status();
  }
  if (!*row) return Status::Internal("insert into practitioners returned no id");
  p.id = (*st)->Int(0);
  Drain(**st);
  // A kept id does not move PostgreSQL's identity sequence; move it past.
  if (keep_id && c.dialect() == storage::Dialect::kPostgres) {
    YILIAN_RETURN_IF_ERROR(
        storage::Run(c,
                     "SELECT setval(pg_get_serial_sequence('practitioners', 'id'), "
                     "(SELECT max(id) FROM practitioners))"));
  }
  p.version = 1;
  return Status::Ok();
}

Status Update(storage::Connection& c, Practitioner& p) {
  auto st = c.Prepare(
      "UPDATE practitioners SET name = ?, id_number = ?, sex = ?, birth_date = ?, role = ?, "
      "facility_id = ?, licence_no = ?, phone = ?, status = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, p.name, p.id_number, p.sex, p.birth_date, p.role, p.facility_id, p.licence_no, p.phone,
       p.status, p.id, p.version);
  auto r = (*st)->Step();
  if (!r.ok()) {
    if (r.status().code() == Status::Code::kConflict) return ConflictOnWrite(p);
    return r.status();
  }
  if (!*r) {
    return Status::PreconditionFailed("practitioner " + std::to_string(p.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(p.version) + "; reload it and retry");
  }
  p.version = (*st)->Int(0);
  Drain(**st);
  return Status::Ok();
}

Result<std::optional<Practitioner>> Get(storage::Connection& c, int64_t id) {
  return One(c, "id = ?", [&](storage::Statement& s) { Bind(s, id); });
}

Result<std::optional<Practitioner>> FindByIdNumber(storage::Connection& c,
                                                   const std::string& id_number) {
  return One(c, "id_number = ?", [&](storage::Statement& s) { Bind(s, id_number); });
}

Result<std::optional<Practitioner>> FindByLicence(storage::Connection& c,
                                                  const std::string& licence_no) {
  return One(c, "licence_no = ? AND licence_no <> ''",
             [&](storage::Statement& s) { Bind(s, licence_no); });
}

Result<std::vector<Practitioner>> Scan(storage::Connection& c, int64_t after_id, int64_t limit) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM practitioners WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return st.status();
  Bind(**st, after_id, limit);
  return Rows(**st, limit);
}

Result<std::vector<int64_t>> ActiveTeamsOf(storage::Connection& c, int64_t practitioner_id) {
  auto st = c.Prepare(
      "SELECT t.id FROM team_members m JOIN teams t ON t.id = m.team_id "
      "WHERE m.practitioner_id = ? AND t.status = 'active' ORDER BY t.id");
  if (!st.ok()) return st.status();
  Bind(**st, practitioner_id);
  std::vector<int64_t> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back((*st)->Int(0));
  }
  return out;
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::vector<Arg> args;
  std::string sql = std::string("SELECT ") + kColumns + " FROM practitioners WHERE 1 = 1";
  if (q.facility_id) {
    sql += " AND facility_id = ?";
    args.emplace_back(*q.facility_id);
  }
  if (!q.role.empty()) {
    sql += " AND role = ?";
    args.emplace_back(q.role);
  }
  if (!q.name_prefix.empty()) {
    // Every string with the prefix sorts in [prefix, prefix + U+10FFFF).
    sql += " AND name >= ? AND name < ?";
    args.emplace_back(q.name_prefix);
    args.emplace_back(q.name_prefix + "\xF4\x8F\xBF\xBF");
  }
  if (!q.ranges.empty()) {
    sql += " AND facility_id IN (SELECT id FROM facilities WHERE ";
    for (size_t i = 0; i < q.ranges.size(); ++i) {
      if (i) sql += " OR ";
      sql += "(org_unit_code >= ? AND org_unit_code < ?)";
      args.emplace_back(q.ranges[i].first);
      args.emplace_back(q.ranges[i].second);
    }
    sql += ")";
  }
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  args.emplace_back(q.page_size + 1);
  args.emplace_back((q.page - 1) * q.page_size);
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const auto& a : args) {
    ++i;
    if (const auto* n = std::get_if<int64_t>(&a))
      (*st)->BindInt(i, *n);
    else
      (*st)->BindText(i, std::get<std::string>(a));
  }
  auto rows = Rows(**st, q.page_size + 1);
  if (!rows.ok()) return rows.status();
  Page page;
  page.items = std::move(*rows);
  if (static_cast<int64_t>(page.items.size()) > q.page_size) {
    page.has_more = true;
    page.items.pop_back();
  }
  return page;
}

}  // namespace yilian::practitioner_store
