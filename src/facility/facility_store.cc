#include "facility/facility_store.h"

#include <functional>
#include <string>
#include <variant>

namespace yilian::facility_store {
using storage::Bind;
using storage::IntOr;
using storage::TextOr;

namespace {

using Arg = std::variant<int64_t, std::string>;

constexpr const char* kColumns =
    "id, code, name, type, org_unit_code, alliance_id, beds, phone, status, version";
constexpr const char* kAllianceColumns = "id, name, lead_facility_id, org_unit_code, version";

void Drain(storage::Statement& s) {
  while (true) {
    auto more = s.Step();
    if (!more.ok() || !*more) break;
  }
}

void BindAll(storage::Statement& s, const std::vector<Arg>& args) {
  int i = 0;
  for (const auto& a : args) {
    ++i;
    if (const auto* n = std::get_if<int64_t>(&a))
      s.BindInt(i, *n);
    else
      s.BindText(i, std::get<std::string>(a));
  }
}

// " AND (col >= ? AND col < ? OR …)" for org-unit scope; nothing when unscoped.
std::string RangeClause(const char* column,
                        const std::vector<std::pair<std::string, std::string>>& ranges,
                        std::vector<Arg>* args) {
  if (ranges.empty()) return "";
  std::string sql = " AND (";
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (i) sql += " OR ";
    sql += std::string("(") + column + " >= ? AND " + column + " < ?)";
    args->push_back(ranges[i].first);
    args->push_back(ranges[i].second);
  }
  return sql + ")";
}

// Inserts a row and returns its id. An `id` > 0 is kept (bulk import); on
// PostgreSQL the identity sequence is then moved past it, or a later insert
// without an id would be handed the same one.
template <typename... Args>
Result<int64_t> InsertRow(storage::Connection& c, const std::string& table,
                          const std::string& columns, int64_t id, const Args&... args) {
  std::string sql = "INSERT INTO " + table + " (" + (id > 0 ? "id, " : "") + columns + ") VALUES (";
  for (size_t i = 0; i < sizeof...(args) + (id > 0 ? 1 : 0); ++i) sql += i ? ", ?" : "?";
  sql += ") RETURNING id";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  if (id > 0)
    Bind(**st, id, args...);
  else
    Bind(**st, args...);
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("insert into " + table + " returned no id");
  int64_t out = (*st)->Int(0);
  Drain(**st);
  if (id > 0 && c.dialect() == storage::Dialect::kPostgres) {
    YILIAN_RETURN_IF_ERROR(storage::Run(c, "SELECT setval(pg_get_serial_sequence('" + table +
                                               "', 'id'), (SELECT max(id) FROM " + table + "))"));
  }
  return out;
}

Facility ReadFacility(storage::Statement& s) {
  Facility f;
  f.id = s.Int(0);
  f.code = TextOr(s, 1);
  f.name = TextOr(s, 2);
  f.type = TextOr(s, 3);
  f.org_unit_code = TextOr(s, 4);
  f.alliance_id = IntOr(s, 5);
  f.beds = static_cast<int>(s.Int(6));
  f.phone = TextOr(s, 7);
  f.status = TextOr(s, 8);
  f.version = s.Int(9);
  return f;
}

MedicalAlliance ReadAlliance(storage::Statement& s) {
  MedicalAlliance a;
  a.id = s.Int(0);
  a.name = TextOr(s, 1);
  a.lead_facility_id = IntOr(s, 2);
  a.org_unit_code = TextOr(s, 3);
  a.version = s.Int(4);
  return a;
}

template <typename T>
Result<std::vector<T>> Rows(storage::Statement& st, int64_t limit, T (*read)(storage::Statement&)) {
  std::vector<T> out;
  while (static_cast<int64_t>(out.size()) < limit) {
    auto r = st.Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(read(st));
  }
  return out;
}

template <typename T>
Result<std::optional<T>> One(storage::Connection& c, const std::string& sql,
                             const std::function<void(storage::Statement&)>& bind,
                             T (*read)(storage::Statement&)) {
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  bind(**st);
  auto rows = Rows(**st, 1, read);
  if (!rows.ok()) return rows.status();
  Drain(**st);
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

// Runs a paged listing: `sql` ends before LIMIT; one extra row tells whether
// another page follows.
template <typename T>
Result<std::pair<std::vector<T>, bool>> Paged(storage::Connection& c, std::string sql,
                                              std::vector<Arg> args, int64_t page,
                                              int64_t page_size, T (*read)(storage::Statement&)) {
  sql += " LIMIT ? OFFSET ?";
  args.emplace_back(page_size + 1);
  args.emplace_back((page - 1) * page_size);
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  BindAll(**st, args);
  auto rows = Rows(**st, page_size + 1, read);
  if (!rows.ok()) return rows.status();
  bool more = static_cast<int64_t>(rows->size()) > page_size;
  if (more) rows->pop_back();
  return std::make_pair(std::move(*rows), more);
}

}  // namespace

Status Insert(storage::Connection& c, Facility& f) {
  auto id = InsertRow(
      c, "facilities", "code, name, type, org_unit_code, alliance_id, beds, phone, status, version",
      f.id, f.code, f.name, f.type, f.org_unit_code, f.alliance_id, f.beds, f.phone, f.status, 1);
  if (!id.ok()) {
    if (id.status().code() == Status::Code::kConflict) {
      return Status::Conflict("facility code " + f.code + " or id is already taken",
                              {{"code", "is already used by another facility"}});
    }
    return id.status();
  }
  f.id = *id;
  f.version = 1;
  return Status::Ok();
}

Status Update(storage::Connection& c, Facility& f) {
  auto st = c.Prepare(
      "UPDATE facilities SET code = ?, name = ?, type = ?, org_unit_code = ?, alliance_id = ?, "
      "beds = ?, phone = ?, status = ?, version = version + 1 WHERE id = ? AND version = ? "
      "RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, f.code, f.name, f.type, f.org_unit_code, f.alliance_id, f.beds, f.phone, f.status,
       f.id, f.version);
  auto r = (*st)->Step();
  if (!r.ok()) {
    if (r.status().code() == Status::Code::kConflict) {
      return Status::Conflict("facility code " + f.code + " is already used",
                              {{"code", "is already used by another facility"}});
    }
    return r.status();
  }
  if (!*r) {
    return Status::PreconditionFailed("facility " + std::to_string(f.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(f.version) + "; reload it and retry");
  }
  f.version = (*st)->Int(0);
  Drain(**st);
  return Status::Ok();
}

Result<std::optional<Facility>> Get(storage::Connection& c, int64_t id) {
  return One<Facility>(
      c, std::string("SELECT ") + kColumns + " FROM facilities WHERE id = ?",
      [&](storage::Statement& s) { Bind(s, id); }, ReadFacility);
}

Result<std::optional<Facility>> FindByCode(storage::Connection& c, const std::string& code) {
  return One<Facility>(
      c, std::string("SELECT ") + kColumns + " FROM facilities WHERE code = ?",
      [&](storage::Statement& s) { Bind(s, code); }, ReadFacility);
}

Result<std::vector<Facility>> Scan(storage::Connection& c, int64_t after_id, int64_t limit) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM facilities WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return st.status();
  Bind(**st, after_id, limit);
  return Rows(**st, limit, ReadFacility);
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::vector<Arg> args;
  std::string sql = std::string("SELECT ") + kColumns + " FROM facilities WHERE 1 = 1";
  if (!q.type.empty()) {
    sql += " AND type = ?";
    args.emplace_back(q.type);
  }
  if (q.alliance_id) {
    sql += " AND alliance_id = ?";
    args.emplace_back(*q.alliance_id);
  }
  sql += RangeClause("org_unit_code", q.ranges, &args) + " ORDER BY id";
  auto rows = Paged(c, sql, std::move(args), q.page, q.page_size, ReadFacility);
  if (!rows.ok()) return rows.status();
  return Page{std::move(rows->first), rows->second};
}

Status InsertAlliance(storage::Connection& c, MedicalAlliance& a) {
  auto id = InsertRow(c, "alliances", "name, lead_facility_id, org_unit_code, version", a.id,
                      a.name, a.lead_facility_id, a.org_unit_code, 1);
  if (!id.ok()) {
    if (id.status().code() == Status::Code::kConflict) {
      return Status::Conflict("alliance id " + std::to_string(a.id) + " is already taken",
                              {{"id", "is already taken"}});
    }
    return id.status();
  }
  a.id = *id;
  a.version = 1;
  return Status::Ok();
}

Status UpdateAlliance(storage::Connection& c, MedicalAlliance& a) {
  auto st = c.Prepare(
      "UPDATE alliances SET name = ?, lead_facility_id = ?, org_unit_code = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, a.name, a.lead_facility_id, a.org_unit_code, a.id, a.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("alliance " + std::to_string(a.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(a.version) + "; reload it and retry");
  }
  a.version = (*st)->Int(0);
  Drain(**st);
  return Status::Ok();
}

Result<std::optional<MedicalAlliance>> GetAlliance(storage::Connection& c, int64_t id) {
  return One<MedicalAlliance>(
      c, std::string("SELECT ") + kAllianceColumns + " FROM alliances WHERE id = ?",
      [&](storage::Statement& s) { Bind(s, id); }, ReadAlliance);
}

Result<std::vector<MedicalAlliance>> ScanAlliances(storage::Connection& c, int64_t after_id,
                                                   int64_t limit) {
  auto st = c.Prepare(std::string("SELECT ") + kAllianceColumns +
                      " FROM alliances WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return st.status();
  Bind(**st, after_id, limit);
  return Rows(**st, limit, ReadAlliance);
}

Result<std::vector<int64_t>> AlliancesLedBy(storage::Connection& c, int64_t facility_id) {
  auto st = c.Prepare("SELECT id FROM alliances WHERE lead_facility_id = ? ORDER BY id");
  if (!st.ok()) return st.status();
  Bind(**st, facility_id);
  std::vector<int64_t> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back((*st)->Int(0));
  }
  return out;
}

Status SetAllianceLead(storage::Connection& c, int64_t alliance_id, int64_t facility_id) {
  return storage::Run(c, "UPDATE alliances SET lead_facility_id = ? WHERE id = ?", facility_id,
                      alliance_id);
}

Result<AlliancePage> ListAlliances(storage::Connection& c, const AllianceQuery& q) {
  std::vector<Arg> args;
  std::string sql = std::string("SELECT ") + kAllianceColumns + " FROM alliances WHERE 1 = 1" +
                    RangeClause("org_unit_code", q.ranges, &args) + " ORDER BY id";
  auto rows = Paged(c, sql, std::move(args), q.page, q.page_size, ReadAlliance);
  if (!rows.ok()) return rows.status();
  return AlliancePage{std::move(rows->first), rows->second};
}

}  // namespace yilian::facility_store
