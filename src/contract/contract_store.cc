#include "contract/contract_store.h"

#include "storage/list_column.h"
#include "storage/rows.h"

namespace yilian::contract_store {
using storage::Bind;
using storage::DateOr;
using storage::IntOr;
using storage::TextOr;

namespace {

constexpr const char* kColumns =
    "id, resident_id, team_id, doctor_id, packages, fee_cents, signed_on, start_date, end_date, "
    "signing_method, status, terminated_on, termination_reason, termination_note, previous_id, "
    "origin, village_code, created_at, updated_at, version";

Contract ReadRow(storage::Statement& s) {
  Contract k;
  k.id = s.Int(0);
  k.resident_id = s.Int(1);
  k.team_id = s.Int(2);
  k.doctor_id = s.Int(3);
  k.packages = storage::SplitList(s.Text(4));
  k.fee_cents = s.Int(5);
  k.signed_on = DateOr(s, 6).value_or(Date());
  k.start_date = DateOr(s, 7).value_or(Date());
  k.end_date = DateOr(s, 8).value_or(Date());
  k.signing_method = TextOr(s, 9);
  k.status = TextOr(s, 10);
  k.terminated_on = DateOr(s, 11);
  k.termination_reason = TextOr(s, 12);
  k.termination_note = TextOr(s, 13);
  k.previous_id = IntOr(s, 14);
  k.origin = TextOr(s, 15);
  k.village_code = TextOr(s, 16);
  k.created_at = TextOr(s, 17);
  k.updated_at = TextOr(s, 18);
  k.version = s.Int(19);
  return k;
}

}  // namespace

Status Insert(storage::Connection& c, Contract& k) {
  auto st = c.Prepare(
      "INSERT INTO contracts (resident_id, team_id, doctor_id, packages, fee_cents, signed_on, "
      "start_date, end_date, signing_method, status, terminated_on, termination_reason, "
      "termination_note, previous_id, origin, village_code, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
  if (!st.ok()) return st.status();
  k.created_at = k.updated_at = NowTimestamp();
  Bind(**st, k.resident_id, k.team_id, k.doctor_id, storage::JoinList(k.packages), k.fee_cents,
       k.signed_on, k.start_date, k.end_date, k.signing_method, k.status, k.terminated_on,
       k.termination_reason, k.termination_note, k.previous_id, k.origin, k.village_code,
       k.created_at, k.updated_at);
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("insert into contracts returned no id");
  k.id = (*st)->Int(0);
  k.version = 1;
  storage::Drain(**st);
  return Status::Ok();
}

Status Update(storage::Connection& c, Contract& k) {
  auto st = c.Prepare(
      "UPDATE contracts SET status = ?, terminated_on = ?, termination_reason = ?, "
      "termination_note = ?, end_date = ?, updated_at = ?, version = version + 1 "
      "WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  k.updated_at = NowTimestamp();
  Bind(**st, k.status, k.terminated_on, k.termination_reason, k.termination_note, k.end_date,
       k.updated_at, k.id, k.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("contract " + std::to_string(k.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(k.version) + "; reload it and retry");
  }
  k.version = (*st)->Int(0);
  storage::Drain(**st);
  return Status::Ok();
}

Result<std::optional<Contract>> Get(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM contracts WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  auto rows = storage::ReadRows<Contract>(**st, ReadRow, 1);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Contract>();
  return std::optional<Contract>(std::move(rows->front()));
}

Result<std::vector<Contract>> ForResident(storage::Connection& c, int64_t resident_id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM contracts WHERE resident_id = ? ORDER BY start_date, id");
  if (!st.ok()) return st.status();
  Bind(**st, resident_id);
  return storage::ReadRows<Contract>(**st, ReadRow);
}

Result<std::vector<Contract>> InResidentRange(storage::Connection& c, int64_t lo, int64_t hi) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM contracts WHERE resident_id > ? AND resident_id <= ? "
                      "ORDER BY resident_id, start_date, id");
  if (!st.ok()) return st.status();
  Bind(**st, lo, hi);
  return storage::ReadRows<Contract>(**st, ReadRow);
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM contracts WHERE " +
                    storage::RangeClause("village_code", q.ranges.size());
  if (q.team_id) sql += " AND team_id = ?";
  if (q.doctor_id) sql += " AND doctor_id = ?";
  if (q.in_force_on) {
    sql +=
        " AND start_date <= ? AND end_date >= ? AND (terminated_on IS NULL OR terminated_on > ?)";
  }
  sql += " ORDER BY start_date DESC, id DESC LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const auto& [lo, hi] : q.ranges) {
    (*st)->BindText(++i, lo);
    (*st)->BindText(++i, hi);
  }
  if (q.team_id) (*st)->BindInt(++i, *q.team_id);
  if (q.doctor_id) (*st)->BindInt(++i, *q.doctor_id);
  if (q.in_force_on) {
    std::string d = q.in_force_on->ToIso();
    for (int k = 0; k < 3; ++k) (*st)->BindText(++i, d);
  }
  (*st)->BindInt(++i, q.page_size + 1);
  (*st)->BindInt(++i, (q.page - 1) * q.page_size);
  auto rows = storage::ReadRows<Contract>(**st, ReadRow, q.page_size + 1);
  if (!rows.ok()) return rows.status();
  Page page;
  page.items = std::move(*rows);
  if (static_cast<int64_t>(page.items.size()) > q.page_size) {
    page.has_more = true;
    page.items.pop_back();
  }
  return page;
}

}  // namespace yilian::contract_store
