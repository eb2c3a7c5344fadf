#include "program/enrolment_store.h"

#include "storage/rows.h"

namespace yilian::enrolment_store {
using storage::Bind;
using storage::DateOr;
using storage::TextOr;

namespace {

constexpr const char* kColumns =
    "id, resident_id, program, enrolled_on, discharged_on, discharge_reason, facility_id, "
    "village_code, risk_level, lmp, edd, delivery_date, notified_on, created_at, updated_at, "
    "version";

Enrolment ReadRow(storage::Statement& s) {
  Enrolment e;
  e.id = s.Int(0);
  e.resident_id = s.Int(1);
  e.program = TextOr(s, 2);
  e.enrolled_on = DateOr(s, 3).value_or(Date());
  e.discharged_on = DateOr(s, 4);
  e.discharge_reason = TextOr(s, 5);
  e.facility_id = s.Int(6);
  e.village_code = TextOr(s, 7);
  if (!s.IsNull(8)) e.risk_level = static_cast<int>(s.Int(8));
  e.lmp = DateOr(s, 9);
  e.edd = DateOr(s, 10);
  e.delivery_date = DateOr(s, 11);
  e.notified_on = DateOr(s, 12);
  e.created_at = TextOr(s, 13);
  e.updated_at = TextOr(s, 14);
  e.version = s.Int(15);
  return e;
}

std::optional<int64_t> Risk(const Enrolment& e) {
  if (!e.risk_level) return std::nullopt;
  return *e.risk_level;
}

}  // namespace

Status Insert(storage::Connection& c, Enrolment& e) {
  auto st = c.Prepare(
      "INSERT INTO enrolments (resident_id, program, enrolled_on, discharged_on, "
      "discharge_reason, facility_id, village_code, risk_level, lmp, edd, delivery_date, "
      "notified_on, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
  if (!st.ok()) return st.status();
  e.created_at = e.updated_at = NowTimestamp();
  Bind(**st, e.resident_id, e.program, e.enrolled_on, e.discharged_on, e.discharge_reason,
       e.facility_id, e.village_code, Risk(e), e.lmp, e.edd, e.delivery_date, e.notified_on,
       e.created_at, e.updated_at);
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("insert into enrolments returned no id");
  e.id = (*st)->Int(0);
  e.version = 1;
  storage::Drain(**st);
  return Status::Ok();
}

Status Update(storage::Connection& c, Enrolment& e) {
  auto st = c.Prepare(
      "UPDATE enrolments SET discharged_on = ?, discharge_reason = ?, facility_id = ?, "
      "risk_level = ?, lmp = ?, edd = ?, delivery_date = ?, notified_on = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  e.updated_at = NowTimestamp();
  Bind(**st, e.discharged_on, e.discharge_reason, e.facility_id, Risk(e), e.lmp, e.edd,
       e.delivery_date, e.notified_on, e.updated_at, e.id, e.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("enrolment " + std::to_string(e.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(e.version) + "; reload it and retry");
  }
  e.version = (*st)->Int(0);
  storage::Drain(**st);
  return Status::Ok();
}

Result<std::optional<Enrolment>> Get(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM enrolments WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  auto rows = storage::ReadRows<Enrolment>(**st, ReadRow, 1);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Enrolment>();
  return std::optional<Enrolment>(std::move(rows->front()));
}

Result<std::vector<Enrolment>> ForResident(storage::Connection& c, int64_t resident_id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM enrolments WHERE resident_id = ? ORDER BY enrolled_on, id");
  if (!st.ok()) return st.status();
  Bind(**st, resident_id);
  return storage::ReadRows<Enrolment>(**st, ReadRow);
}

Result<std::vector<Enrolment>> InResidentRange(storage::Connection& c, int64_t lo, int64_t hi) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM enrolments WHERE resident_id > ? AND resident_id <= ? "
                      "ORDER BY resident_id, enrolled_on, id");
  if (!st.ok()) return st.status();
  Bind(**st, lo, hi);
  return storage::ReadRows<Enrolment>(**st, ReadRow);
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM enrolments WHERE " +
                    storage::RangeClause("village_code", q.ranges.size());
  if (!q.program.empty()) sql += " AND program = ?";
  if (q.open_only) sql += " AND discharged_on IS NULL";
  sql += " ORDER BY enrolled_on DESC, id DESC LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const auto& [lo, hi] : q.ranges) {
    (*st)->BindText(++i, lo);
    (*st)->BindText(++i, hi);
  }
  if (!q.program.empty()) (*st)->BindText(++i, q.program);
  (*st)->BindInt(++i, q.page_size + 1);
  (*st)->BindInt(++i, (q.page - 1) * q.page_size);
  auto rows = storage::ReadRows<Enrolment>(**st, ReadRow, q.page_size + 1);
  if (!rows.ok()) return rows.status();
  Page page;
  page.items = std::move(*rows);
  if (static_cast<int64_t>(page.items.size()) > q.page_size) {
    page.has_more = true;
    page.items.pop_back();
  }
  return page;
}

}  // namespace yilian::enrolment_store
