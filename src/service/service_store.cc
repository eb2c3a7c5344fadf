#include "service/service_store.h"

#include "storage/rows.h"

namespace yilian::service_store {
using storage::Bind;
using storage::DateOr;
using storage::IntOr;
using storage::TextOr;

namespace {

constexpr const char* kColumns =
    "id, resident_id, service_code, service_date, village_code, facility_id, practitioner_id, "
    "team_id, verification, points_centi, enrolment_id, contract_id, data, status, void_reason, "
    "recorded_by, created_at, updated_at, version";

ServiceRecord ReadRow(storage::Statement& s) {
  ServiceRecord r;
  r.id = s.Int(0);
  r.resident_id = s.Int(1);
  r.service_code = TextOr(s, 2);
  r.service_date = DateOr(s, 3).value_or(Date());
  r.village_code = TextOr(s, 4);
  r.facility_id = s.Int(5);
  r.practitioner_id = s.Int(6);
  r.team_id = IntOr(s, 7);
  r.verification = TextOr(s, 8);
  r.points_centi = s.Int(9);
  r.enrolment_id = IntOr(s, 10);
  r.contract_id = IntOr(s, 11);
  r.data = nlohmann::json::parse(s.Text(12), nullptr, false);
  if (r.data.is_discarded()) r.data = nlohmann::json::object();
  r.readings = ReadingsOf(r.data);
  r.status = TextOr(s, 13);
  r.void_reason = TextOr(s, 14);
  r.recorded_by = IntOr(s, 15);
  r.created_at = TextOr(s, 16);
  r.updated_at = TextOr(s, 17);
  r.version = s.Int(18);
  return r;
}

template <typename T>
std::optional<int64_t> Widen(const std::optional<T>& v) {
  if (!v) return std::nullopt;
  return static_cast<int64_t>(*v);
}

}  // namespace

Status Insert(storage::Connection& c, ServiceRecord& s) {
  auto st = c.Prepare(
      "INSERT INTO service_records (resident_id, service_code, service_date, village_code, "
      "facility_id, practitioner_id, team_id, verification, points_centi, enrolment_id, "
      "contract_id, data, sbp, dbp, fbg, risk_level, classification, condition_code, "
      "next_visit_date, referral, adverse_reaction, status, void_reason, recorded_by, "
      "created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
      "RETURNING id");
  if (!st.ok()) return st.status();
  s.created_at = s.updated_at = NowTimestamp();
  const Readings& rd = s.readings;
  Bind(**st, s.resident_id, s.service_code, s.service_date, s.village_code, s.facility_id,
       s.practitioner_id, s.team_id, s.verification, s.points_centi, s.enrolment_id, s.contract_id,
       s.form().dump(), Widen(rd.sbp), Widen(rd.dbp), rd.fbg, Widen(rd.risk_level),
       rd.classification, rd.condition, rd.next_visit_date, rd.referral, rd.adverse_reaction,
       s.status, s.void_reason, s.recorded_by, s.created_at, s.updated_at);
  auto row = (*st)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("insert into service_records returned no id");
  s.id = (*st)->Int(0);
  s.version = 1;
  storage::Drain(**st);
  return Status::Ok();
}

Status Void(storage::Connection& c, ServiceRecord& s) {
  auto st = c.Prepare(
      "UPDATE service_records SET status = ?, void_reason = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  s.updated_at = NowTimestamp();
  Bind(**st, s.status, s.void_reason, s.updated_at, s.id, s.version);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) {
    return Status::PreconditionFailed("service record " + std::to_string(s.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(s.version) + "; reload it and retry");
  }
  s.version = (*st)->Int(0);
  storage::Drain(**st);
  return Status::Ok();
}

Result<std::optional<ServiceRecord>> Get(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns + " FROM service_records WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  auto rows = storage::ReadRows<ServiceRecord>(**st, ReadRow, 1);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ServiceRecord>();
  return std::optional<ServiceRecord>(std::move(rows->front()));
}

Result<std::vector<ServiceRecord>> ForResident(storage::Connection& c, int64_t resident_id) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM service_records WHERE resident_id = ? ORDER BY service_date, id");
  if (!st.ok()) return st.status();
  Bind(**st, resident_id);
  return storage::ReadRows<ServiceRecord>(**st, ReadRow);
}

Result<std::optional<int64_t>> SameDay(storage::Connection& c, int64_t resident_id,
                                       const std::string& code, Date date) {
  auto st = c.Prepare(
      "SELECT id FROM service_records WHERE resident_id = ? AND service_date = ? AND "
      "service_code = ? AND status = 'valid' LIMIT 1");
  if (!st.ok()) return st.status();
  Bind(**st, resident_id, date, code);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  std::optional<int64_t> id;
  if (*r) id = (*st)->Int(0);
  storage::Drain(**st);
  return id;
}

Result<std::vector<ServiceRecord>> InResidentRange(storage::Connection& c, int64_t lo, int64_t hi) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM service_records WHERE resident_id > ? AND resident_id <= ? "
                      "ORDER BY resident_id, service_date, id");
  if (!st.ok()) return st.status();
  Bind(**st, lo, hi);
  return storage::ReadRows<ServiceRecord>(**st, ReadRow);
}

Result<Page> List(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM service_records WHERE " +
                    storage::RangeClause("village_code", q.ranges.size());
  if (q.resident_id) sql += " AND resident_id = ?";
  if (q.practitioner_id) sql += " AND practitioner_id = ?";
  if (!q.service_code.empty()) sql += " AND service_code = ?";
  if (q.from) sql += " AND service_date >= ?";
  if (q.to) sql += " AND service_date <= ?";
  if (!q.include_voided) sql += " AND status = 'valid'";
  sql += " ORDER BY service_date DESC, id DESC LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const auto& [lo, hi] : q.ranges) {
    (*st)->BindText(++i, lo);
    (*st)->BindText(++i, hi);
  }
  if (q.resident_id) (*st)->BindInt(++i, *q.resident_id);
  if (q.practitioner_id) (*st)->BindInt(++i, *q.practitioner_id);
  if (!q.service_code.empty()) (*st)->BindText(++i, q.service_code);
  if (q.from) (*st)->BindText(++i, q.from->ToIso());
  if (q.to) (*st)->BindText(++i, q.to->ToIso());
  (*st)->BindInt(++i, q.page_size + 1);
  (*st)->BindInt(++i, (q.page - 1) * q.page_size);
  auto rows = storage::ReadRows<ServiceRecord>(**st, ReadRow, q.page_size + 1);
  if (!rows.ok()) return rows.status();
  Page page;
  page.items = std::move(*rows);
  if (static_cast<int64_t>(page.items.size()) > q.page_size) {
    page.has_more = true;
    page.items.pop_back();
  }
  return page;
}

}  // namespace yilian::service_store
