#include "auth/authenticator.h"

#include <algorithm>

#include "audit/audit_store.h"
#include "auth/password.h"
#include "auth/secret_token.h"
#include "core/json_fields.h"

namespace yilian::auth {
namespace {

constexpr const char* kWrongLogin = "username or password is wrong";
constexpr int64_t kPersistSeenEvery = 60;

audit::AuditEvent Event(const audit::Actor& a, std::string action, std::string resource,
                        std::string resource_id) {
  audit::AuditEvent e;
  e.actor = a;
  e.action = std::move(action);
  e.resource = std::move(resource);
  e.resource_id = std::move(resource_id);
  return e;
}

audit::Actor ActorOfUser(const User& u, const std::string& ip, uint64_t request_id) {
  return audit::Actor{u.id, u.username, u.role, ip, request_id};
}

}  // namespace

audit::Actor ActorOf(const Principal& p) {
  audit::Actor a;
  if (p.user_id) a.user_id = p.user_id;
  a.username = p.username;
  a.role = p.role;
  a.ip = p.ip.empty() ? "local" : p.ip;
  a.request_id = p.request_id;
  return a;
}

Authenticator::Authenticator(storage::Database& db, const RoleCatalog& roles,
                             CredentialCache& cache, AuthOptions options)
    : db_(db),
      roles_(roles),
      cache_(cache),
      opt_(std::move(options)),
      throttle_(opt_.login_attempts_per_minute, opt_.login_burst) {
  auto h = HashPassword(NewSecretToken("dummy"));
  if (h.ok()) dummy_hash_ = *h;
}

Result<Principal> Authenticator::PrincipalOf(const User& u) const {
  const Role* role = roles_.Find(u.role);
  if (!role) return Status::PermissionDenied("role " + u.role + " no longer exists");
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.role = u.role;
  p.permissions = role->permissions;
  p.view_scope = u.view_scope;
  p.capture_scope = u.capture_scope;
  p.must_change_password = u.must_change_password;
  return p;
}

Result<Session> Authenticator::Login(const std::string& username_in, const std::string& password,
                                     const std::string& ip, uint64_t request_id) {
  if (int64_t wait = throttle_.Check(ip, opt_.monotonic()); wait > 0) {
    Status s = Status::TooManyRequests("too many login attempts from this address; try again in " +
                                       std::to_string(wait) + " s");
    s.WithDetail("retry_after", std::to_string(wait));
    return s;
  }
  std::string username = TrimText(username_in);
  std::transform(username.begin(), username.end(), username.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (username.empty() || username.size() > 64 || password.size() > 1024) {
    VerifyPassword(dummy_hash_, password.substr(0, 1024));
    throttle_.Fail(ip, opt_.monotonic());
    return Status::Unauthenticated(kWrongLogin);
  }
  std::optional<User> user;
  Status s = db_.Read([&](storage::Connection& c) {
    auto u = user_store::GetByUsername(c, username);
    if (!u.ok()) return u.status();
    user = std::move(*u);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  int64_t now = opt_.now();
  audit::Actor anonymous{std::nullopt, username, "", ip, request_id};
  if (!user) {
    VerifyPassword(dummy_hash_, password);
    throttle_.Fail(ip, opt_.monotonic());
    audit::AuditEvent e = Event(anonymous, "login_failed", "session", "");
    e.detail = {{"reason", "unknown username"}};
    db_.Write([&](storage::Connection& c) { return audit_store::Append(c, e); });
    return Status::Unauthenticated(kWrongLogin);
  }
  audit::Actor actor = ActorOfUser(*user, ip, request_id);
  if (user->locked_until > now) {
    int64_t wait = user->locked_until - now;
    Status locked = Status::TooManyRequests(
        "this account is locked after repeated failed logins; try again in " +
        std::to_string(wait) + " s");
    locked.WithDetail("retry_after", std::to_string(wait));
    return locked;
  }
  if (!VerifyPassword(user->password_hash, password)) {
    throttle_.Fail(ip, opt_.monotonic());
    int64_t failures = user->failed_logins + 1;
    int64_t locked_until = 0;
    if (failures >= opt_.lock_after_failures) {
      int64_t extra = std::min<int64_t>(failures - opt_.lock_after_failures, 20);
      locked_until = now + std::min(opt_.max_lock_seconds, opt_.first_lock_seconds << extra);
    }
    audit::AuditEvent e = Event(actor, "login_failed", "session", "");
    e.detail = {{"reason", "wrong password"}, {"consecutive_failures", failures}};
    if (locked_until) e.detail["locked_until"] = locked_until;
    YILIAN_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) {
      YILIAN_RETURN_IF_ERROR(
          user_store::RecordLoginOutcome(c, user->id, failures, locked_until, ""));
      return audit_store::Append(c, e);
    }));
    cache_.InvalidateUser(user->id);
    return Status::Unauthenticated(kWrongLogin);
  }
  if (user->status != "active") {
    audit::AuditEvent e = Event(actor, "login_failed", "session", "");
    e.detail = {{"reason", "account " + user->status}};
    db_.Write([&](storage::Connection& c) { return audit_store::Append(c, e); });
    return Status::Unauthenticated("this account is " + user->status + "; ask your administrator");
  }
  auto principal = PrincipalOf(*user);
  if (!principal.ok()) return principal.status();
  Session out;
  out.token = NewSecretToken("yls_");
  out.csrf_token = NewSecretToken("ylc_");
  out.expires_at = now + opt_.session_max_seconds;
  user_store::Session row;
  row.token_hash = HashSecretToken(out.token);
  row.user_id = user->id;
  row.csrf_token = out.csrf_token;
  row.ip = ip;
  row.created_at = now;
  row.expires_at = out.expires_at;
  row.last_seen_at = now;
  s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(
        user_store::RecordLoginOutcome(c, user->id, 0, 0, audit_store::NowMillis()));
    auto id = user_store::InsertSession(c, row);
    if (!id.ok()) return id.status();
    row.id = *id;
    return audit_store::Append(c, Event(actor, "login", "session", std::to_string(*id)));
  });
  if (!s.ok()) return s;
  cache_.InvalidateUser(user->id);
  out.principal = std::move(*principal);
  out.principal.via = Principal::Via::kSession;
  out.principal.credential_id = row.id;
  out.principal.csrf_token = out.csrf_token;
  out.principal.ip = ip;
  out.principal.request_id = request_id;
  return out;
}

Result<std::shared_ptr<const User>> Authenticator::LoadUser(int64_t id, int64_t now) {
  if (auto u = cache_.FindUser(id, now)) return u;
  std::optional<User> user;
  Status s = db_.Read([&](storage::Connection& c) {
    auto u = user_store::Get(c, id);
    if (!u.ok()) return u.status();
    user = std::move(*u);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (!user) return Status::Unauthenticated("the user of this credential no longer exists");
  cache_.PutUser(*user, now);
  return cache_.FindUser(id, now);
}

Result<Principal> Authenticator::FromSession(const std::string& token, const Credentials& cred,
                                             int64_t now) {
  std::string hash = HashSecretToken(token);
  auto cached = cache_.FindCredential(hash, now);
  if (!cached) {
    std::optional<user_store::Session> row;
    Status s = db_.Read([&](storage::Connection& c) {
      auto r = user_store::GetSessionByHash(c, hash);
      if (!r.ok()) return r.status();
      row = std::move(*r);
      return Status::Ok();
    });
    if (!s.ok()) return s;
    if (!row || row->revoked) return Status::Unauthenticated("session is not valid; log in again");
    CachedCredential cc;
    cc.is_session = true;
    cc.id = row->id;
    cc.user_id = row->user_id;
    cc.expires_at = row->expires_at;
    cc.last_seen_at = row->last_seen_at;
    cc.persisted_seen_at = row->last_seen_at;
    cc.csrf_token = row->csrf_token;
    cc.cached_at = now;
    cached = cache_.PutCredential(hash, cc);
  }
  if (!cached->is_session) return Status::Unauthenticated("session is not valid; log in again");
  if (now >= cached->expires_at || now - cached->last_seen_at >= opt_.session_idle_seconds) {
    cache_.DropCredential(hash);
    return Status::Unauthenticated("session expired; log in again");
  }
  auto user = LoadUser(cached->user_id, now);
  if (!user.ok()) return user.status();
  if ((*user)->status != "active") return Status::Unauthenticated("this account is disabled");
  auto p = PrincipalOf(**user);
  if (!p.ok()) return p.status();
  if (cache_.Touch(hash, now, kPersistSeenEvery)) {
    int64_t id = cached->id;
    db_.Write([&](storage::Connection& c) { return user_store::TouchSession(c, id, now); });
  }
  p->via = Principal::Via::kSession;
  p->credential_id = cached->id;
  p->csrf_token = cached->csrf_token;
  p->ip = cred.ip;
  p->request_id = cred.request_id;
  return p;
}

Result<Principal> Authenticator::FromToken(const std::string& token, const Credentials& cred,
                                           int64_t now) {
  std::string hash = HashSecretToken(token);
  auto cached = cache_.FindCredential(hash, now);
  if (!cached) {
    std::optional<user_store::ApiToken> row;
    Status s = db_.Read([&](storage::Connection& c) {
      auto r = user_store::GetTokenByHash(c, hash);
      if (!r.ok()) return r.status();
      row = std::move(*r);
      return Status::Ok();
    });
    if (!s.ok()) return s;
    if (!row || row->revoked) return Status::Unauthenticated("API token is not valid");
    CachedCredential cc;
    cc.is_session = false;
    cc.id = row->id;
    cc.user_id = row->user_id;
    cc.expires_at = row->expires_at;
    cc.last_seen_at = row->last_used_at.value_or(0);
    cc.persisted_seen_at = cc.last_seen_at;
    cc.permissions = row->permissions;
    cc.cached_at = now;
    cached = cache_.PutCredential(hash, cc);
  }
  if (cached->is_session) return Status::Unauthenticated("API token is not valid");
  if (now >= cached->expires_at) return Status::Unauthenticated("API token has expired");
  auto user = LoadUser(cached->user_id, now);
  if (!user.ok()) return user.status();
  if ((*user)->status != "active") return Status::Unauthenticated("this account is disabled");
  auto p = PrincipalOf(**user);
  if (!p.ok()) return p.status();
  if ((*user)->must_change_password) {
    return Status::Unauthenticated("the token's user must change their password first");
  }
  p->permissions = p->permissions.Intersect(SplitPermissions(cached->permissions));
  if (cache_.Touch(hash, now, kPersistSeenEvery)) {
    int64_t id = cached->id;
    db_.Write([&](storage::Connection& c) { return user_store::TouchToken(c, id, now); });
  }
  p->via = Principal::Via::kApiToken;
  p->credential_id = cached->id;
  p->ip = cred.ip;
  p->request_id = cred.request_id;
  return p;
}

Result<Principal> Authenticator::Authenticate(const Credentials& cred) {
  int64_t now = opt_.now();
  // A bearer token is explicit; it wins over an ambient cookie.
  if (!cred.bearer_token.empty()) {
    if (cred.bearer_token.rfind("ylt_", 0) != 0 || cred.bearer_token.size() > 100) {
      return Status::Unauthenticated("API token is not valid");
    }
    return FromToken(cred.bearer_token, cred, now);
  }
  if (!cred.session_token.empty()) {
    if (cred.session_token.rfind("yls_", 0) != 0 || cred.session_token.size() > 100) {
      return Status::Unauthenticated("session is not valid; log in again");
    }
    return FromSession(cred.session_token, cred, now);
  }
  return Status::Unauthenticated("log in first (session cookie or Authorization: Bearer token)");
}

Status Authenticator::Logout(const Principal& p) {
  if (p.via != Principal::Via::kSession) {
    return Status::InvalidField("session", "only a browser session can log out; revoke tokens");
  }
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(user_store::RevokeSession(c, p.credential_id));
    return audit_store::Append(
        c, Event(ActorOf(p), "logout", "session", std::to_string(p.credential_id)));
  });
  cache_.InvalidateUser(p.user_id);
  return s;
}

Status Authenticator::ChangePassword(const Principal& p, const std::string& old_password,
                                     const std::string& new_password) {
  if (p.via != Principal::Via::kSession) {
    return Status::PermissionDenied("passwords are changed from a login session, not a token");
  }
  std::optional<User> user;
  YILIAN_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) {
    auto u = user_store::Get(c, p.user_id);
    if (!u.ok()) return u.status();
    user = std::move(*u);
    return Status::Ok();
  }));
  if (!user) return Status::NotFound("user no longer exists");
  if (!VerifyPassword(user->password_hash, old_password)) {
    return Status::InvalidField("old_password", "is not your current password");
  }
  YILIAN_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, user->username));
  if (old_password == new_password) {
    return Status::InvalidField("password", "must differ from the current password");
  }
  auto hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(
        user_store::SetPasswordHash(c, user->id, *hash, false, audit_store::NowMillis()));
    // The session in use stays valid; every other one ends.
    YILIAN_RETURN_IF_ERROR(user_store::RevokeUserSessions(c, user->id, p.credential_id));
    return audit_store::Append(
        c, Event(ActorOf(p), "password_change", "user", std::to_string(user->id)));
  });
  cache_.InvalidateUser(user->id);
  return s;
}

Result<NewApiToken> Authenticator::CreateToken(const Principal& p, const std::string& name_in,
                                               const std::vector<std::string>& permissions,
                                               int64_t days) {
  if (p.via != Principal::Via::kSession) {
    return Status::PermissionDenied("API tokens are created from a login session, not a token");
  }
  FieldErrors errs;
  std::string name = TrimText(name_in);
  if (name.empty() || Utf8Length(name) > 100 || !IsCleanUtf8Text(name)) {
    errs.Add("name", "must be 1 to 100 characters of text");
  }
  if (days < 1 || days > 366) errs.Add("days", "must be from 1 to 366");
  std::vector<std::string> unknown;
  PermissionSet wanted = ParsePermissions(permissions, &unknown);
  for (const auto& u : unknown) errs.Add("permissions", "unknown permission " + u);
  if (permissions.empty()) wanted = p.permissions;
  if (!p.permissions.ContainsAll(wanted)) {
    errs.Add("permissions", "may only list permissions your role has");
  }
  if (!errs.empty()) return errs.ToStatus("token");
  NewApiToken out;
  out.token = NewSecretToken("ylt_");
  int64_t now = opt_.now();
  out.stored.token_hash = HashSecretToken(out.token);
  out.stored.user_id = p.user_id;
  out.stored.name = name;
  out.stored.permissions = wanted.Join();
  out.stored.created_at = now;
  out.stored.expires_at = now + days * 86400;
  Status s = db_.Write([&](storage::Connection& c) {
    auto id = user_store::InsertToken(c, out.stored);
    if (!id.ok()) return id.status();
    out.stored.id = *id;
    audit::AuditEvent e = Event(ActorOf(p), "token_create", "api_token", std::to_string(*id));
    e.detail = {{"name", name}, {"permissions", out.stored.permissions}, {"days", days}};
    return audit_store::Append(c, e);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<user_store::ApiToken>> Authenticator::ListTokens(const Principal& p) {
  std::vector<user_store::ApiToken> out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto r = user_store::ListTokens(c, p.user_id);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status Authenticator::RevokeToken(const Principal& p, int64_t token_id) {
  int64_t owner = 0;
  Status s = db_.Write([&](storage::Connection& c) {
    auto t = user_store::GetToken(c, token_id);
    if (!t.ok()) return t.status();
    if (!*t || ((*t)->user_id != p.user_id && !p.Can(Permission::kUserManage))) {
      return Status::NotFound("API token " + std::to_string(token_id) + " does not exist");
    }
    owner = (*t)->user_id;
    YILIAN_RETURN_IF_ERROR(user_store::RevokeToken(c, token_id));
    return audit_store::Append(
        c, Event(ActorOf(p), "token_revoke", "api_token", std::to_string(token_id)));
  });
  if (owner) cache_.InvalidateUser(owner);
  return s;
}

Result<user_store::AccessGrant> Authenticator::BreakGlass(const Principal& p, int64_t resident_id,
                                                          const std::string& village_code,
                                                          const std::string& reason_in) {
  YILIAN_RETURN_IF_ERROR(p.Require(Permission::kResidentBreakGlass));
  std::string reason = TrimText(reason_in);
  if (Utf8Length(reason) < 4 || Utf8Length(reason) > 500 || !IsCleanUtf8Text(reason)) {
    return Status::InvalidField("reason",
                                "must say why, in 4 to 500 characters (e.g. 急诊抢救, 上转接诊)");
  }
  user_store::AccessGrant g;
  g.user_id = p.user_id;
  g.resident_id = resident_id;
  g.reason = reason;
  g.granted_at = opt_.now();
  g.expires_at = g.granted_at + opt_.break_glass_seconds;
  Status s = db_.Write([&](storage::Connection& c) {
    auto id = user_store::InsertGrant(c, g);
    if (!id.ok()) return id.status();
    g.id = *id;
    audit::AuditEvent e = Event(ActorOf(p), "break_glass", "resident", std::to_string(resident_id));
    e.resident_id = resident_id;
    e.org_unit_code = village_code;
    e.reason = reason;
    e.detail = {{"grant_id", g.id}, {"expires_at", g.expires_at}};
    return audit_store::Append(c, e);
  });
  if (!s.ok()) return s;
  return g;
}

Result<std::optional<user_store::AccessGrant>> Authenticator::ActiveGrant(const Principal& p,
                                                                          int64_t resident_id) {
  std::optional<user_store::AccessGrant> out;
  if (!p.Can(Permission::kResidentBreakGlass)) return out;
  Status s = db_.Read([&](storage::Connection& c) {
    auto g = user_store::ActiveGrant(c, p.user_id, resident_id, opt_.now());
    if (!g.ok()) return g.status();
    out = std::move(*g);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace yilian::auth
