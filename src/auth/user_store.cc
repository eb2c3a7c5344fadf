#include "auth/user_store.h"

namespace yilian::user_store {
namespace {

using storage::Bind;
using storage::IntOr;
using storage::TextOr;

constexpr const char* kUserColumns =
    "id, username, display_name, role, practitioner_id, view_scope, capture_scope, "
    "password_hash, must_change_password, status, failed_logins, locked_until, last_login_at, "
    "created_at, updated_at, version";

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out += ',';
    out += c;
  }
  return out;
}

std::vector<std::string> SplitCodes(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t comma = s.find(',');
    if (comma != 0) out.emplace_back(s.substr(0, comma));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

auth::User ReadUser(storage::Statement& s) {
  auth::User u;
  u.id = s.Int(0);
  u.username = TextOr(s, 1);
  u.display_name = TextOr(s, 2);
  u.role = TextOr(s, 3);
  u.practitioner_id = IntOr(s, 4);
  u.view_scope = SplitCodes(s.Text(5));
  u.capture_scope = SplitCodes(s.Text(6));
  u.password_hash = TextOr(s, 7);
  u.must_change_password = s.Int(8) != 0;
  u.status = TextOr(s, 9);
  u.failed_logins = s.Int(10);
  u.locked_until = s.Int(11);
  u.last_login_at = TextOr(s, 12);
  u.created_at = TextOr(s, 13);
  u.updated_at = TextOr(s, 14);
  u.version = s.Int(15);
  return u;
}

template <typename T, typename F>
Result<std::optional<T>> One(storage::Statement& s, F read) {
  auto r = s.Step();
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<T>();
  std::optional<T> out(read(s));
  s.Reset();  // an active statement would block the transaction's commit
  return out;
}

Result<int64_t> Returning(storage::Statement& s) {
  auto r = s.Step();
  if (!r.ok()) return r.status();
  if (!*r) return Status::Internal("INSERT … RETURNING returned no row");
  int64_t id = s.Int(0);
  s.Reset();
  return id;
}

Session ReadSession(storage::Statement& s) {
  Session x;
  x.id = s.Int(0);
  x.token_hash = TextOr(s, 1);
  x.user_id = s.Int(2);
  x.csrf_token = TextOr(s, 3);
  x.ip = TextOr(s, 4);
  x.created_at = s.Int(5);
  x.expires_at = s.Int(6);
  x.last_seen_at = s.Int(7);
  x.revoked = s.Int(8) != 0;
  return x;
}

ApiToken ReadToken(storage::Statement& s) {
  ApiToken t;
  t.id = s.Int(0);
  t.token_hash = TextOr(s, 1);
  t.user_id = s.Int(2);
  t.name = TextOr(s, 3);
  t.permissions = TextOr(s, 4);
  t.created_at = s.Int(5);
  t.expires_at = s.Int(6);
  t.revoked = s.Int(7) != 0;
  t.last_used_at = IntOr(s, 8);
  return t;
}

constexpr const char* kSessionColumns =
    "id, token_hash, user_id, csrf_token, ip, created_at, expires_at, last_seen_at, revoked";
constexpr const char* kTokenColumns =
    "id, token_hash, user_id, name, permissions, created_at, expires_at, revoked, last_used_at";

}  // namespace

Result<int64_t> Insert(storage::Connection& c, const auth::User& u) {
  auto st = c.Prepare(
      "INSERT INTO users (username, display_name, role, practitioner_id, view_scope, "
      "capture_scope, password_hash, must_change_password, status, failed_logins, locked_until, "
      "last_login_at, created_at, updated_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  if (!st.ok()) return st.status();
  Bind(**st, u.username, u.display_name, u.role, u.practitioner_id, JoinCodes(u.view_scope),
       JoinCodes(u.capture_scope), u.password_hash, u.must_change_password, u.status,
       u.failed_logins, u.locked_until,
       u.last_login_at.empty() ? std::nullopt : std::optional(u.last_login_at), u.created_at,
       u.updated_at, u.version);
  return Returning(**st);
}

Result<bool> Update(storage::Connection& c, const auth::User& u) {
  auto st = c.Prepare(
      "UPDATE users SET display_name = ?, role = ?, practitioner_id = ?, view_scope = ?, "
      "capture_scope = ?, status = ?, updated_at = ?, version = ? WHERE id = ? AND version = ? "
      "RETURNING id");
  if (!st.ok()) return st.status();
  Bind(**st, u.display_name, u.role, u.practitioner_id, JoinCodes(u.view_scope),
       JoinCodes(u.capture_scope), u.status, u.updated_at, u.version, u.id, u.version - 1);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  bool updated = *r;
  (*st)->Reset();
  return updated;
}

Result<std::optional<auth::User>> Get(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  return One<auth::User>(**st, ReadUser);
}

Result<std::optional<auth::User>> GetByUsername(storage::Connection& c, std::string_view username) {
  auto st = c.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?");
  if (!st.ok()) return st.status();
  Bind(**st, username);
  return One<auth::User>(**st, ReadUser);
}

Result<std::vector<auth::User>> List(storage::Connection& c, int64_t offset, int64_t limit) {
  auto st = c.Prepare(std::string("SELECT ") + kUserColumns +
                      " FROM users ORDER BY username LIMIT ? OFFSET ?");
  if (!st.ok()) return st.status();
  Bind(**st, limit, offset);
  std::vector<auth::User> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadUser(**st));
  }
  return out;
}

Result<int64_t> Count(storage::Connection& c) {
  auto st = c.Prepare("SELECT count(*) FROM users");
  if (!st.ok()) return st.status();
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  int64_t n = (*st)->Int(0);
  (*st)->Reset();
  return n;
}

Status RecordLoginOutcome(storage::Connection& c, int64_t id, int64_t failed_logins,
                          int64_t locked_until, const std::string& last_login_at) {
  if (last_login_at.empty()) {
    return storage::Run(c, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                        failed_logins, locked_until, id);
  }
  return storage::Run(
      c, "UPDATE users SET failed_logins = ?, locked_until = ?, last_login_at = ? WHERE id = ?",
      failed_logins, locked_until, last_login_at, id);
}

Status SetPasswordHash(storage::Connection& c, int64_t id, const std::string& hash,
                       bool must_change, const std::string& now) {
  return storage::Run(c,
                      "UPDATE users SET password_hash = ?, must_change_password = ?, "
                      "failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?",
                      hash, must_change, now, id);
}

Result<int64_t> InsertSession(storage::Connection& c, const Session& s) {
  auto st = c.Prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, ip, created_at, expires_at, "
      "last_seen_at, revoked) VALUES (?, ?, ?, ?, ?, ?, ?, 0) RETURNING id");
  if (!st.ok()) return st.status();
  Bind(**st, s.token_hash, s.user_id, s.csrf_token, s.ip, s.created_at, s.expires_at,
       s.last_seen_at);
  return Returning(**st);
}

Result<std::optional<Session>> GetSessionByHash(storage::Connection& c, std::string_view hash) {
  auto st =
      c.Prepare(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?");
  if (!st.ok()) return st.status();
  Bind(**st, hash);
  return One<Session>(**st, ReadSession);
}

Status TouchSession(storage::Connection& c, int64_t id, int64_t last_seen_at) {
  return storage::Run(c, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", last_seen_at, id);
}

Status RevokeSession(storage::Connection& c, int64_t id) {
  return storage::Run(c, "UPDATE sessions SET revoked = 1 WHERE id = ?", id);
}

Status RevokeUserSessions(storage::Connection& c, int64_t user_id, int64_t except_session) {
  return storage::Run(
      c, "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0 AND id <> ?", user_id,
      except_session);
}

Result<int64_t> InsertToken(storage::Connection& c, const ApiToken& t) {
  auto st = c.Prepare(
      "INSERT INTO api_tokens (token_hash, user_id, name, permissions, created_at, expires_at, "
      "revoked) VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id");
  if (!st.ok()) return st.status();
  Bind(**st, t.token_hash, t.user_id, t.name, t.permissions, t.created_at, t.expires_at);
  return Returning(**st);
}

Result<std::optional<ApiToken>> GetTokenByHash(storage::Connection& c, std::string_view hash) {
  auto st =
      c.Prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = ?");
  if (!st.ok()) return st.status();
  Bind(**st, hash);
  return One<ApiToken>(**st, ReadToken);
}

Result<std::optional<ApiToken>> GetToken(storage::Connection& c, int64_t id) {
  auto st = c.Prepare(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE id = ?");
  if (!st.ok()) return st.status();
  Bind(**st, id);
  return One<ApiToken>(**st, ReadToken);
}

Result<std::vector<ApiToken>> ListTokens(storage::Connection& c, int64_t user_id) {
  auto st = c.Prepare(std::string("SELECT ") + kTokenColumns +
                      " FROM api_tokens WHERE user_id = ? ORDER BY id");
  if (!st.ok()) return st.status();
  Bind(**st, user_id);
  std::vector<ApiToken> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.push_back(ReadToken(**st));
  }
  return out;
}

Status RevokeToken(storage::Connection& c, int64_t id) {
  return storage::Run(c, "UPDATE api_tokens SET revoked = 1 WHERE id = ?", id);
}

Status TouchToken(storage::Connection& c, int64_t id, int64_t when) {
  return storage::Run(c, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", when, id);
}

Result<int64_t> InsertGrant(storage::Connection& c, const AccessGrant& g) {
  auto st = c.Prepare(
      "INSERT INTO access_grants (user_id, resident_id, reason, granted_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?) RETURNING id");
  if (!st.ok()) return st.status();
  Bind(**st, g.user_id, g.resident_id, g.reason, g.granted_at, g.expires_at);
  return Returning(**st);
}

Result<std::optional<AccessGrant>> ActiveGrant(storage::Connection& c, int64_t user_id,
                                               int64_t resident_id, int64_t now) {
  auto st = c.Prepare(
      "SELECT id, user_id, resident_id, reason, granted_at, expires_at FROM access_grants "
      "WHERE user_id = ? AND resident_id = ? AND expires_at > ? ORDER BY expires_at DESC LIMIT 1");
  if (!st.ok()) return st.status();
  Bind(**st, user_id, resident_id, now);
  return One<AccessGrant>(**st, [](storage::Statement& s) {
    AccessGrant g;
    g.id = s.Int(0);
    g.user_id = s.Int(1);
    g.resident_id = s.Int(2);
    g.reason = TextOr(s, 3);
    g.granted_at = s.Int(4);
    g.expires_at = s.Int(5);
    return g;
  });
}

}  // namespace yilian::user_store

namespace yilian::user_store {

Result<std::vector<std::string>> VillagesServedBy(storage::Connection& c, int64_t practitioner_id) {
  auto st = c.Prepare(
      "SELECT DISTINCT tv.village_code FROM team_villages tv "
      "JOIN team_members tm ON tm.team_id = tv.team_id JOIN teams t ON t.id = tv.team_id "
      "WHERE tm.practitioner_id = ? AND t.status = 'active' ORDER BY tv.village_code");
  if (!st.ok()) return st.status();
  storage::Bind(**st, practitioner_id);
  std::vector<std::string> out;
  while (true) {
    auto r = (*st)->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    out.emplace_back((*st)->Text(0));
  }
  return out;
}

Result<bool> PractitionerExists(storage::Connection& c, int64_t practitioner_id) {
  auto st = c.Prepare("SELECT count(*) FROM practitioners WHERE id = ?");
  if (!st.ok()) return st.status();
  storage::Bind(**st, practitioner_id);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  bool found = (*st)->Int(0) > 0;
  (*st)->Reset();
  return found;
}

}  // namespace yilian::user_store
