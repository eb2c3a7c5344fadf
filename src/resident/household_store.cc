#include "resident/household_store.h"

#include <string>

namespace yilian::household_store {
using storage::Bind;
using storage::DateOr;
using storage::IntOr;
using storage::Run;
using storage::TextOr;

namespace {

constexpr const char* kColumns = "id, village_code, address, head_resident_id, version";

void Drain(storage::Statement& s) {
  while (true) {
    auto more = s.Step();
    if (!more.ok() || !*more) break;
  }
}

Household ReadRow(storage::Statement& s) {
  Household h;
  h.id = s.Int(0);
  h.village_code = TextOr(s, 1);
  h.address = TextOr(s, 2);
  h.head_resident_id = IntOr(s, 3);
  h.version = s.Int(4);
  return h;
}

Result<std::vector<Household>> Rows(storage::Statement& st, int64_t limit) {
  std::vector<Household> out;
  while (static_cast<int64_t>(out.size()) < limit) {
    auto r = st.Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadRow(st));
  }
  return out;
}

}  // namespace

Status Insert(storage::Connection& c, Household& h) {
  const bool keep_id = h.id > 0;
  auto st = c.Prepare(keep_id ? "INSERT INTO households (id, village_code, address, "
                                "head_resident_id, version) VALUES (?, ?, ?, ?, 1) RETURNING id"
                              : "INSERT INTO households (village_code, address, head_resident_id, "
                                "version) VALUES (?, ?, ?, 1) RETURNING id");
  if (!st.ok()) return st.status();
  if (keep_id)
    Bind(**st, h.id, h.village_code, h.address, h.head_resident_id);
  else
    Bind(**st, h.village_code, h.address, h.head_resident_id);
  auto row = (*st)->Step();
  if (!row.ok()) {
    if (row.status().code() == Status::Code::kConflict) {
      return Status::Conflict("household id " + std::to_string(h.id) + " is already taken",
                              {{"id", "is already taken"}});
    }
    return row.status();
  }
  if (!*row) return Status::Internal("insert into households returned no id");
  h.id = (*st)->Int(0);
  Drain(**st);
  // A kept id does not move PostgreSQL's identity sequence; move it past.
  if (keep_id && c.dialect() == storage::Dialect::kPostgres) {
    YILIAN_RETURN_IF_ERROR(Run(c,
                               "SELECT setval(pg_get_serial_sequence('households', 'id'), "
                               "(SELECT max(id) FROM households))"));
  }
  h.version = 1;
  return Status::Ok();
}

Status Update(storage::Connection& c, Household& h) {
  auto st = c.Prepare(
      "UPDATE households SET village_code = ?, address = ?, head_resident_id = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, h.village_code, h.address, h.head_resident_id, h.id, h.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("household " + std::to_string(h.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(h.version) + "; reload it and retry");
  }
  h.version = (*st)->Int(0);
  Drain(**st);
  return Status::Ok();
}

Result<std::optional<Household>> Get(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM households WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  auto rows = Rows(**st, 1);
  if (!rows.ok()) return rows.status();
  Drain(**st);
  if (rows->empty()) return std::optional<Household>();
  return std::optional<Household>(std::move(rows->front()));
}

Result<std::vector<Household>> Scan(storage::Connection& c, int64_t after_id, int64_t limit) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM households WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return st.status();
  Bind(**st, after_id, limit);
  return Rows(**st, limit);
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM households";
  if (!q.ranges.empty()) {
    sql += " WHERE ";
    for (size_t i = 0; i < q.ranges.size(); ++i) {
      if (i) sql += " OR ";
      sql += "(village_code >= ? AND village_code < ?)";
    }
  }
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const auto& [lo, hi] : q.ranges) {
    (*st)->BindText(++i, lo);
    (*st)->BindText(++i, hi);
  }
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
  return page;
}

Result<std::vector<Member>> Members(storage::Connection& c, int64_t household_id) {
  auto st = c.Prepare(
      "SELECT id, record_no, name, id_type, id_number, sex, birth_date, village_code, "
      "household_relation, status FROM residents WHERE household_id = ? AND status <> 'merged' "
      "ORDER BY id");
  if (!st.ok()) return st.status();
  Bind(**st, household_id);
  std::vector<Member> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    auto& s = **st;
    out.push_back({s.Int(0), TextOr(s, 1), TextOr(s, 2), TextOr(s, 3), TextOr(s, 4), TextOr(s, 5),
                   DateOr(s, 6).value_or(Date()), TextOr(s, 7), TextOr(s, 8), TextOr(s, 9)});
  }
  return out;
}

}  // namespace yilian::household_store
