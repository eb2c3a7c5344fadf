#include "resident/resident_store.h"

#include <string>

#include "storage/list_column.h"

namespace yilian::resident_store {
using storage::Bind;
using storage::DateOr;
using storage::IntOr;
using storage::JoinList;
using storage::Run;
using storage::SplitList;
using storage::TextOr;

namespace {

// Every (table, column) that points at a resident. A merge re-points them all.
const std::pair<const char*, const char*> kResidentReferences[] = {
    {"households", "head_resident_id"},
    {"enrolments", "resident_id"},
    {"contracts", "resident_id"},
    {"service_records", "resident_id"},
};

constexpr const char* kColumns =
    "id, record_no, name, id_type, id_number, sex, birth_date, ethnicity, marital_status, "
    "blood_abo, blood_rh, education, occupation, payment_types, village_code, household_id, "
    "household_relation, residence_type, address, phone, contact_name, contact_phone, work_unit, "
    "conditions, disabilities, poverty, fp_special, status, status_date, merged_into, "
    "created_by_facility, created_at, updated_at, version, record_date";

std::string EncodeConditions(const std::vector<Condition>& cs) {
  std::string out;
  for (const auto& c : cs) {
    if (!out.empty()) out += ';';
    out += c.code;
    if (c.diagnosed_on) out += "@" + c.diagnosed_on->ToIso();
  }
  return out;
}

std::vector<Condition> DecodeConditions(std::string_view s) {
  std::vector<Condition> out;
  for (const auto& item : SplitList(s)) {
    Condition c;
    auto at = item.find('@');
    c.code = item.substr(0, at);
    if (at != std::string::npos) c.diagnosed_on = Date::ParseIso(item.substr(at + 1));
    out.push_back(std::move(c));
  }
  return out;
}

Resident ReadRow(storage::Statement& s) {
  Resident r;
  r.id = s.Int(0);
  r.record_no = TextOr(s, 1);
  r.name = TextOr(s, 2);
  r.id_type = TextOr(s, 3);
  r.id_number = TextOr(s, 4);
  r.sex = TextOr(s, 5);
  r.birth_date = DateOr(s, 6).value_or(Date());
  r.ethnicity = TextOr(s, 7);
  r.marital_status = TextOr(s, 8);
  r.blood_abo = TextOr(s, 9);
  r.blood_rh = TextOr(s, 10);
  r.education = TextOr(s, 11);
  r.occupation = TextOr(s, 12);
  r.payment_types = SplitList(s.Text(13));
  r.village_code = TextOr(s, 14);
  r.household_id = IntOr(s, 15);
  r.household_relation = TextOr(s, 16);
  r.residence_type = TextOr(s, 17);
  r.address = TextOr(s, 18);
  r.phone = TextOr(s, 19);
  r.contact_name = TextOr(s, 20);
  r.contact_phone = TextOr(s, 21);
  r.work_unit = TextOr(s, 22);
  r.conditions = DecodeConditions(s.Text(23));
  r.disabilities = SplitList(s.Text(24));
  r.poverty = s.Int(25) != 0;
  r.family_planning_special = s.Int(26) != 0;
  r.status = TextOr(s, 27);
  r.status_date = DateOr(s, 28);
  r.merged_into = IntOr(s, 29);
  r.created_by_facility = IntOr(s, 30).value_or(0);
  r.created_at = TextOr(s, 31);
  r.updated_at = TextOr(s, 32);
  r.version = s.Int(33);
  r.record_date = DateOr(s, 34);
  return r;
}

Result<std::optional<Resident>> One(storage::Connection& c, const std::string& sql,
                                    const std::function<void(storage::Statement&)>& bind) {
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  bind(**st);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Resident>();
  return std::optional<Resident>(ReadRow(**st));
}

Result<std::vector<Resident>> Many(storage::Statement& st, int64_t limit) {
  std::vector<Resident> out;
  while (static_cast<int64_t>(out.size()) < limit) {
    auto r = st.Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadRow(st));
  }
  return out;
}

}  // namespace

Result<int> NextSequence(storage::Connection& c, const std::string& village_code) {
  auto st = c.Prepare(
      "INSERT INTO record_sequences (village_code, last_value) VALUES (?, 1) "
      "ON CONFLICT (village_code) DO UPDATE SET last_value = record_sequences.last_value + 1 "
      "RETURNING last_value");
  if (!st.ok()) return st.status();
  Bind(**st, village_code);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) return Status::Internal("record sequence returned no row");
  int64_t v = (*st)->Int(0);
  while (true) {
    auto more = (*st)->Step();
    if (!more.ok() || !*more) break;
  }
  if (v > 99999) {
    return Status::Conflict("village " + village_code + " has used all 99999 record numbers");
  }
  return static_cast<int>(v);
}

Result<int> SequenceCache::Allocate(storage::Connection& c, const std::string& village_code) {
  auto it = last_.find(village_code);
  if (it == last_.end()) {
    auto st = c.Prepare("SELECT last_value FROM record_sequences WHERE village_code = ?");
    if (!st.ok()) return st.status();
    Bind(**st, village_code);
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    it = last_.emplace(village_code, *r ? static_cast<int>((*st)->Int(0)) : 0).first;
  }
  if (it->second >= 99999) {
    return Status::Conflict("village " + village_code + " has used all 99999 record numbers");
  }
  return ++it->second;
}

Status SequenceCache::Save(storage::Connection& c) {
  for (const auto& [village, last] : last_) {
    YILIAN_RETURN_IF_ERROR(Run(c,
                               "INSERT INTO record_sequences (village_code, last_value) "
                               "VALUES (?, ?) ON CONFLICT (village_code) DO UPDATE SET "
                               "last_value = excluded.last_value",
                               village, last));
  }
  return Status::Ok();
}

Status Insert(storage::Connection& c, Resident& r) {
  std::string now = NowTimestamp();
  auto st = c.Prepare(
      "INSERT INTO residents (record_no, name, id_type, id_number, sex, birth_date, ethnicity, "
      "marital_status, blood_abo, blood_rh, education, occupation, payment_types, village_code, "
      "household_id, household_relation, residence_type, address, phone, contact_name, "
      "contact_phone, work_unit, conditions, disabilities, poverty, fp_special, status, "
      "status_date, merged_into, created_by_facility, created_at, updated_at, version, "
      "record_date) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, 1, ?) RETURNING id");
  if (!st.ok()) return st.status();
  std::optional<int64_t> facility;
  if (r.created_by_facility) facility = r.created_by_facility;
  Bind(**st, r.record_no, r.name, r.id_type, r.id_number, r.sex, r.birth_date, r.ethnicity,
       r.marital_status, r.blood_abo, r.blood_rh, r.education, r.occupation,
       JoinList(r.payment_types), r.village_code, r.household_id, r.household_relation,
       r.residence_type, r.address, r.phone, r.contact_name, r.contact_phone, r.work_unit,
       EncodeConditions(r.conditions), JoinList(r.disabilities), r.poverty,
       r.family_planning_special, r.status, r.status_date, r.merged_into, facility, now, now,
       r.record_date ? *r.record_date : Today());
  auto step = (*st)->Step();
  if (!step.ok()) {
    if (step.status().code() == Status::Code::kConflict) {
      return Status::Conflict("a health record with this ID number already exists",
                              {{"id_number", "already has a health record"}});
    }
    return step.status();
  }
  r.id = (*st)->Int(0);
  while (true) {
    auto more = (*st)->Step();
    if (!more.ok() || !*more) break;
  }
  if (!r.record_date) r.record_date = Today();
  r.created_at = r.updated_at = now;
  r.version = 1;
  return Status::Ok();
}

Status Update(storage::Connection& c, Resident& r) {
  std::string now = NowTimestamp();
  auto st = c.Prepare(
      "UPDATE residents SET name = ?, id_type = ?, id_number = ?, sex = ?, birth_date = ?, "
      "ethnicity = ?, marital_status = ?, blood_abo = ?, blood_rh = ?, education = ?, "
      "occupation = ?, payment_types = ?, village_code = ?, household_id = ?, "
      "household_relation = ?, residence_type = ?, address = ?, phone = ?, contact_name = ?, "
      "contact_phone = ?, work_unit = ?, conditions = ?, disabilities = ?, poverty = ?, "
      "fp_special = ?, status = ?, status_date = ?, merged_into = ?, updated_at = ?, "
      "record_date = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING version");
  if (!st.ok()) return st.status();
  Bind(**st, r.name, r.id_type, r.id_number, r.sex, r.birth_date, r.ethnicity, r.marital_status,
       r.blood_abo, r.blood_rh, r.education, r.occupation, JoinList(r.payment_types),
       r.village_code, r.household_id, r.household_relation, r.residence_type, r.address, r.phone,
       r.contact_name, r.contact_phone, r.work_unit, EncodeConditions(r.conditions),
       JoinList(r.disabilities), r.poverty, r.family_planning_special, r.status, r.status_date,
       r.merged_into, now, r.record_date, r.id, r.version);
  auto step = (*st)->Step();
  if (!step.ok()) {
    if (step.status().code() == Status::Code::kConflict) {
      return Status::Conflict("another health record already has this ID number",
                              {{"id_number", "already has a health record"}});
    }
    return step.status();
  }
  if (!*step) {
    return Status::PreconditionFailed("health record " + std::to_string(r.id) +
                                      " was changed by someone else since version " +
                                      std::to_string(r.version) + "; reload it and retry");
  }
  r.version = (*st)->Int(0);
  r.updated_at = now;
  while (true) {
    auto more = (*st)->Step();
    if (!more.ok() || !*more) break;
  }
  return Status::Ok();
}

Result<std::optional<Resident>> Get(storage::Connection& c, int64_t id) {
  return One(c, std::string("SELECT ") + kColumns + " FROM residents WHERE id = ?",
             [&](storage::Statement& s) { Bind(s, id); });
}

Result<std::optional<Resident>> FindByIdNumber(storage::Connection& c, const std::string& id_type,
                                               const std::string& id_number) {
  return One(c,
             std::string("SELECT ") + kColumns +
                 " FROM residents WHERE id_type = ? AND id_number = ? AND id_number <> '' "
                 "AND status <> 'merged'",
             [&](storage::Statement& s) { Bind(s, id_type, id_number); });
}

Result<std::optional<Resident>> FindByRecordNo(storage::Connection& c, const std::string& no) {
  return One(c, std::string("SELECT ") + kColumns + " FROM residents WHERE record_no = ?",
             [&](storage::Statement& s) { Bind(s, no); });
}

Result<std::vector<Resident>> Scan(storage::Connection& c, int64_t after_id, int64_t limit) {
  auto st = c.Prepare(std::string("SELECT ") + kColumns +
                      " FROM residents WHERE id > ? ORDER BY id LIMIT ?");
  if (!st.ok()) return st.status();
  Bind(**st, after_id, limit);
  return Many(**st, limit);
}

Result<Page> Search(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM residents WHERE ";
  std::vector<std::string> args;
  if (q.status.empty())
    sql += "status <> 'merged'";
  else {
    sql += "status = ?";
    args.push_back(q.status);
  }
  if (!q.id_number.empty()) {
    sql += " AND id_number = ?";
    args.push_back(q.id_number);
  }
  if (!q.record_no.empty()) {
    sql += " AND record_no = ?";
    args.push_back(q.record_no);
  }
  if (!q.phone.empty()) {
    sql += " AND phone = ? AND phone <> ''";  // lets SQLite use the partial index
    args.push_back(q.phone);
  }
  if (!q.name_prefix.empty()) {
    // A range on the name index: every string with the prefix sorts in
    // [prefix, prefix + U+10FFFF).
    sql += " AND name >= ? AND name < ?";
    args.push_back(q.name_prefix);
    args.push_back(q.name_prefix + "\xF4\x8F\xBF\xBF");
  }
  if (!q.ranges.empty()) {
    sql += " AND (";
    for (size_t i = 0; i < q.ranges.size(); ++i) {
      if (i) sql += " OR ";
      sql += "(village_code >= ? AND village_code < ?)";
      args.push_back(q.ranges[i].first);
      args.push_back(q.ranges[i].second);
    }
    sql += ")";
  }
  if (!q.name_prefix.empty())
    sql += " ORDER BY name, birth_date, id";
  else if (!q.ranges.empty() && q.id_number.empty() && q.record_no.empty() && q.phone.empty())
    sql += " ORDER BY village_code, id";
  else
    sql += " ORDER BY id";
  sql += " LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const auto& a : args) (*st)->BindText(++i, a);
  (*st)->BindInt(++i, q.page_size + 1);
  (*st)->BindInt(++i, (q.page - 1) * q.page_size);
  auto rows = Many(**st, q.page_size + 1);
  if (!rows.ok()) return rows.status();
  Page p;
  p.items = std::move(*rows);
  if (static_cast<int64_t>(p.items.size()) > q.page_size) {
    p.has_more = true;
    p.items.pop_back();
  }
  return p;
}

Result<std::vector<std::pair<Resident, std::string>>> LikelyDuplicates(storage::Connection& c,
                                                                       const Resident& r) {
  std::vector<std::pair<Resident, std::string>> out;
  {
    auto st = c.Prepare(std::string("SELECT ") + kColumns +
                        " FROM residents WHERE name = ? AND birth_date = ? AND village_code = ? "
                        "AND id <> ? AND status <> 'merged' ORDER BY id LIMIT 20");
    if (!st.ok()) return st.status();
    Bind(**st, r.name, r.birth_date, r.village_code, r.id);
    auto rows = Many(**st, 20);
    if (!rows.ok()) return rows.status();
    for (auto& x : *rows) out.emplace_back(std::move(x), "same_name_birth_date_village");
  }
  if (!r.phone.empty() && out.size() < 20) {
    auto st = c.Prepare(std::string("SELECT ") + kColumns +
                        " FROM residents WHERE phone = ? AND phone <> '' AND name = ? AND id <> ? "
                        "AND status <> 'merged' ORDER BY id LIMIT 20");
    if (!st.ok()) return st.status();
    Bind(**st, r.phone, r.name, r.id);
    auto rows = Many(**st, 20);
    if (!rows.ok()) return rows.status();
    for (auto& x : *rows) {
      bool seen = false;
      for (auto& o : out) seen |= o.first.id == x.id;
      if (!seen) out.emplace_back(std::move(x), "same_phone_name");
    }
  }
  return out;
}

Status AddDuplicateCandidate(storage::Connection& c, int64_t resident_id, int64_t other_id,
                             const std::string& reason, const std::string& village_code) {
  return Run(c,
             "INSERT INTO duplicate_candidates (resident_id, other_id, reason, village_code, "
             "status, detected_at) VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING",
             resident_id, other_id, reason, village_code, NowTimestamp());
}

namespace {
DuplicateCandidate ReadCandidate(storage::Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), TextOr(s, 3), TextOr(s, 4), TextOr(s, 5), TextOr(s, 6)};
}
}  // namespace

Result<std::vector<DuplicateCandidate>> ListDuplicateCandidates(
    storage::Connection& c, const std::vector<std::pair<std::string, std::string>>& ranges,
    const std::string& status, int64_t page, int64_t page_size) {
  std::string sql =
      "SELECT id, resident_id, other_id, reason, village_code, status, detected_at FROM "
      "duplicate_candidates WHERE status = ?";
  if (!ranges.empty()) {
    sql += " AND (";
    for (size_t i = 0; i < ranges.size(); ++i) {
      if (i) sql += " OR ";
      sql += "(village_code >= ? AND village_code < ?)";
    }
    sql += ")";
  }
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  (*st)->BindText(++i, status);
  for (const auto& r : ranges) {
    (*st)->BindText(++i, r.first);
    (*st)->BindText(++i, r.second);
  }
  (*st)->BindInt(++i, page_size);
  (*st)->BindInt(++i, (page - 1) * page_size);
  std::vector<DuplicateCandidate> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadCandidate(**st));
  }
  return out;
}

Result<std::optional<DuplicateCandidate>> GetDuplicateCandidate(storage::Connection& c,
                                                                int64_t id) {
  auto st = c.Prepare(
      "SELECT id, resident_id, other_id, reason, village_code, status, detected_at FROM "
      "duplicate_candidates WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<DuplicateCandidate>();
  return std::optional<DuplicateCandidate>(ReadCandidate(**st));
}

Status SetDuplicateCandidateStatus(storage::Connection& c, int64_t id, const std::string& status) {
  return Run(c, "UPDATE duplicate_candidates SET status = ?, resolved_at = ? WHERE id = ?", status,
             NowTimestamp(), id);
}

Status CloseCandidatesOf(storage::Connection& c, int64_t a, int64_t b) {
  return Run(c,
             "UPDATE duplicate_candidates SET status = 'merged', resolved_at = ? WHERE status = "
             "'open' AND (resident_id IN (?, ?) OR other_id IN (?, ?))",
             NowTimestamp(), a, b, a, b);
}

Status RepointAttachments(storage::Connection& c, int64_t from, int64_t to) {
  for (const auto& [table, column] : kResidentReferences) {
    YILIAN_RETURN_IF_ERROR(
        Run(c, std::string("UPDATE ") + table + " SET " + column + " = ? WHERE " + column + " = ?",
            to, from));
  }
  return Status::Ok();
}

}  // namespace yilian::resident_store
