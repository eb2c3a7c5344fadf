#include "audit/audit_store.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace yilian::audit_store {
namespace {

constexpr const char* kColumns =
    "id, at, user_id, username, role, ip, action, resource, resource_id, resident_id, "
    "org_unit_code, changes, reason, detail, request_id";

nlohmann::json JsonOrNull(storage::Statement& s, int col) {
  if (s.IsNull(col)) return nullptr;
  auto j = nlohmann::json::parse(s.Text(col), nullptr, false);
  return j.is_discarded() ? nlohmann::json(std::string(s.Text(col))) : j;
}

std::string DumpOrEmpty(const nlohmann::json& j) {
  return j.is_null() ? std::string()
                     : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string NowMillis() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000) + 8 * 3600;  // China Standard Time
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+08:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

Status Append(storage::Connection& c, const audit::AuditEvent& e) {
  auto st = c.Prepare(
      "INSERT INTO audit_log (at, user_id, username, role, ip, action, resource, resource_id, "
      "resident_id, org_unit_code, changes, reason, detail, request_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st.ok()) return st.status();
  std::string changes = DumpOrEmpty(e.changes);
  std::string detail = DumpOrEmpty(e.detail);
  auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); };
  storage::Bind(**st, e.at.empty() ? NowMillis() : e.at, e.actor.user_id, e.actor.username,
                e.actor.role, e.actor.ip, e.action, e.resource, opt(e.resource_id), e.resident_id,
                opt(e.org_unit_code), opt(changes), opt(e.reason), opt(detail),
                static_cast<int64_t>(e.actor.request_id));
  auto r = (*st)->Step();
  return r.ok() ? Status::Ok() : r.status();
}

Result<Page> Search(storage::Connection& c, const Query& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE 1 = 1";
  std::vector<std::string> text;
  std::vector<int64_t> ints;
  // Integers are bound after texts; keep the order of placeholders in step.
  struct Arg {
    bool is_int;
    size_t index;
  };
  std::vector<Arg> order;
  auto add_text = [&](std::string v) {
    text.push_back(std::move(v));
    order.push_back({false, text.size() - 1});
  };
  auto add_int = [&](int64_t v) {
    ints.push_back(v);
    order.push_back({true, ints.size() - 1});
  };
  if (q.user_id) {
    sql += " AND user_id = ?";
    add_int(*q.user_id);
  }
  if (q.resident_id) {
    sql += " AND resident_id = ?";
    add_int(*q.resident_id);
  }
  if (!q.action.empty()) {
    sql += " AND action = ?";
    add_text(q.action);
  }
  if (!q.ranges.empty()) {
    sql += q.include_unplaced ? " AND (org_unit_code IS NULL OR " : " AND (";
    for (size_t i = 0; i < q.ranges.size(); ++i) {
      if (i) sql += " OR ";
      sql += "(org_unit_code >= ? AND org_unit_code < ?)";
      add_text(q.ranges[i].first);
      add_text(q.ranges[i].second);
    }
    sql += ")";
  }
  if (!q.from.empty()) {
    sql += " AND at >= ?";
    add_text(q.from);
  }
  if (!q.to.empty()) {
    sql += " AND at < ?";
    add_text(q.to + "~");  // '~' sorts after every character of a timestamp
  }
  sql += " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  int i = 0;
  for (const Arg& a : order) {
    if (a.is_int)
      (*st)->BindInt(++i, ints[a.index]);
    else
      (*st)->BindText(++i, text[a.index]);
  }
  (*st)->BindInt(++i, q.page_size + 1);
  (*st)->BindInt(++i, (q.page - 1) * q.page_size);
  Page p;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    storage::Statement& s = **st;
    audit::AuditEvent e;
    e.id = s.Int(0);
    e.at = storage::TextOr(s, 1);
    e.actor.user_id = storage::IntOr(s, 2);
    e.actor.username = storage::TextOr(s, 3);
    e.actor.role = storage::TextOr(s, 4);
    e.actor.ip = storage::TextOr(s, 5);
    e.action = storage::TextOr(s, 6);
    e.resource = storage::TextOr(s, 7);
    e.resource_id = storage::TextOr(s, 8);
    e.resident_id = storage::IntOr(s, 9);
    e.org_unit_code = storage::TextOr(s, 10);
    e.changes = JsonOrNull(s, 11);
    e.reason = storage::TextOr(s, 12);
    e.detail = JsonOrNull(s, 13);
    e.actor.request_id = static_cast<uint64_t>(s.IsNull(14) ? 0 : s.Int(14));
    p.items.push_back(std::move(e));
  }
  if (static_cast<int64_t>(p.items.size()) > q.page_size) {
    p.has_more = true;
    p.items.pop_back();
  }
  return p;
}

}  // namespace yilian::audit_store
