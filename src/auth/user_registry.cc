#include "auth/user_registry.h"

#include <algorithm>

#include "audit/audit_store.h"
#include "auth/password.h"
#include "auth/user_store.h"
#include "core/json_fields.h"

namespace yilian::auth {
namespace {

bool ValidUsername(const std::string& s) {
  if (s.size() < 3 || s.size() > 32) return false;
  if (!std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-';
  });
}

audit::AuditEvent UserEvent(const audit::Actor& by, std::string action, int64_t id) {
  audit::AuditEvent e;
  e.actor = by;
  e.action = std::move(action);
  e.resource = "user";
  e.resource_id = std::to_string(id);
  return e;
}

nlohmann::json AuditView(const User& u) {
  return {{"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"practitioner_id", u.practitioner_id ? nlohmann::json(*u.practitioner_id) : nullptr},
          {"view_scope", u.view_scope},
          {"capture_scope", u.capture_scope},
          {"status", u.status}};
}

void Dedupe(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

Status UserRegistry::Check(storage::Connection& c, User& u, FieldErrors* errs) const {
  std::transform(u.username.begin(), u.username.end(), u.username.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (!ValidUsername(u.username)) {
    errs->Add("username", "must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-'");
  }
  u.display_name = TrimText(u.display_name);
  if (u.display_name.empty()) u.display_name = u.username;
  if (Utf8Length(u.display_name) > 50 || !IsCleanUtf8Text(u.display_name)) {
    errs->Add("display_name", "must be at most 50 characters of text");
  }
  if (!roles_.Find(u.role)) errs->Add("role", "unknown role " + u.role);
  if (u.status != "active" && u.status != "disabled") {
    errs->Add("status", "must be active or disabled");
  }
  if (u.practitioner_id) {
    auto exists = user_store::PractitionerExists(c, *u.practitioner_id);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      errs->Add("practitioner_id",
                "practitioner " + std::to_string(*u.practitioner_id) + " does not exist");
    } else if (u.view_scope.empty() && u.capture_scope.empty()) {
      auto villages = user_store::VillagesServedBy(c, *u.practitioner_id);
      if (!villages.ok()) return villages.status();
      u.view_scope = *villages;
    }
  }
  if (u.capture_scope.empty() && roles_.Find(u.role) &&
      (roles_.Find(u.role)->permissions.Has(Permission::kResidentWrite))) {
    u.capture_scope = u.view_scope;
  }
  Dedupe(&u.view_scope);
  Dedupe(&u.capture_scope);
  auto tree = org_units_.tree();
  for (const auto& code : u.view_scope) {
    if (!tree->Find(code)) errs->Add("view_scope", "org unit " + code + " does not exist");
  }
  for (const auto& code : u.capture_scope) {
    if (!tree->Find(code)) {
      errs->Add("capture_scope", "org unit " + code + " does not exist");
      continue;
    }
    bool inside = std::any_of(u.view_scope.begin(), u.view_scope.end(),
                              [&](const std::string& v) { return tree->IsWithin(code, v); });
    if (!inside) errs->Add("capture_scope", "org unit " + code + " is outside the view scope");
  }
  return Status::Ok();
}

Result<CreatedUser> UserRegistry::Create(User u, const std::string& password,
                                         const audit::Actor& by) {
  CreatedUser out;
  FieldErrors errs;
  std::string lower = u.username;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  std::string chosen = password;
  if (chosen.empty()) {
    // A short username can turn up inside a random password; draw again then.
    do {
      out.one_time_password = GeneratePassword();
    } while (!CheckPasswordPolicy(out.one_time_password, lower).ok());
    chosen = out.one_time_password;
    u.must_change_password = true;
  }
  // Hash outside the write transaction: Argon2 takes tens of milliseconds.
  if (Status p = CheckPasswordPolicy(chosen, lower); !p.ok()) {
    for (const auto& f : p.fields()) errs.Add(f.field, f.reason);
  }
  auto hash = HashPassword(chosen);
  if (!hash.ok()) return hash.status();
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(Check(c, u, &errs));
    if (!errs.empty()) return errs.ToStatus("user");
    auto existing = user_store::GetByUsername(c, u.username);
    if (!existing.ok()) return existing.status();
    if (*existing) {
      return Status::Conflict(
          "username " + u.username + " is taken",
          {{"username", "is taken by user " + std::to_string((*existing)->id)}});
    }
    u.password_hash = *hash;
    u.created_at = u.updated_at = audit_store::NowMillis();
    u.version = 1;
    u.failed_logins = 0;
    u.locked_until = 0;
    auto id = user_store::Insert(c, u);
    if (!id.ok()) return id.status();
    u.id = *id;
    audit::AuditEvent e = UserEvent(by, "user_create", u.id);
    e.changes = audit::FieldChanges(nlohmann::json::object(), AuditView(u));
    return audit_store::Append(c, e);
  });
  if (!s.ok()) return s;
  out.user = std::move(u);
  return out;
}

Result<User> UserRegistry::Update(int64_t id, const nlohmann::json& patch, int64_t expected_version,
                                  const audit::Actor& by) {
  User updated;
  Status s = db_.Write([&](storage::Connection& c) {
    auto got = user_store::Get(c, id);
    if (!got.ok()) return got.status();
    if (!*got) return Status::NotFound("user " + std::to_string(id) + " does not exist");
    User before = **got;
    if (before.version != expected_version) {
      return Status::PreconditionFailed("user " + std::to_string(id) + " is at version " +
                                        std::to_string(before.version) + ", not " +
                                        std::to_string(expected_version) + "; reload and retry");
    }
    User u = before;
    FieldErrors errs;
    JsonFields f(patch, &errs);
    f.Ignore("version");
    f.Ignore("id");
    f.Str("display_name", &u.display_name, false, 50);
    f.Str("role", &u.role, false, 40);
    f.StrList("view_scope", &u.view_scope, 500, 12);
    f.StrList("capture_scope", &u.capture_scope, 500, 12);
    f.Str("status", &u.status, false, 20);
    f.OptInt("practitioner_id", &u.practitioner_id, 1);
    f.Finish();
    if (!errs.empty()) return errs.ToStatus("user");
    YILIAN_RETURN_IF_ERROR(Check(c, u, &errs));
    if (!errs.empty()) return errs.ToStatus("user");
    u.version = before.version + 1;
    u.updated_at = audit_store::NowMillis();
    auto ok = user_store::Update(c, u);
    if (!ok.ok()) return ok.status();
    if (!*ok) return Status::PreconditionFailed("user changed meanwhile; reload and retry");
    bool access_changed = u.role != before.role || u.status != before.status ||
                          u.view_scope != before.view_scope ||
                          u.capture_scope != before.capture_scope;
    if (access_changed) YILIAN_RETURN_IF_ERROR(user_store::RevokeUserSessions(c, id));
    audit::AuditEvent e = UserEvent(by, "user_update", id);
    e.changes = audit::FieldChanges(AuditView(before), AuditView(u));
    YILIAN_RETURN_IF_ERROR(audit_store::Append(c, e));
    updated = std::move(u);
    return Status::Ok();
  });
  cache_.InvalidateUser(id);
  if (!s.ok()) return s;
  return updated;
}

Result<std::string> UserRegistry::ResetPassword(int64_t id, const audit::Actor& by) {
  std::string password = GeneratePassword();
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  Status s = db_.Write([&](storage::Connection& c) {
    auto got = user_store::Get(c, id);
    if (!got.ok()) return got.status();
    if (!*got) return Status::NotFound("user " + std::to_string(id) + " does not exist");
    YILIAN_RETURN_IF_ERROR(
        user_store::SetPasswordHash(c, id, *hash, true, audit_store::NowMillis()));
    YILIAN_RETURN_IF_ERROR(user_store::RevokeUserSessions(c, id));
    return audit_store::Append(c, UserEvent(by, "password_reset", id));
  });
  cache_.InvalidateUser(id);
  if (!s.ok()) return s;
  return password;
}

Status UserRegistry::SetPassword(int64_t id, const std::string& password, bool must_change,
                                 const audit::Actor& by) {
  auto user = Get(id);
  if (!user.ok()) return user.status();
  YILIAN_RETURN_IF_ERROR(CheckPasswordPolicy(password, user->username));
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  Status s = db_.Write([&](storage::Connection& c) {
    YILIAN_RETURN_IF_ERROR(
        user_store::SetPasswordHash(c, id, *hash, must_change, audit_store::NowMillis()));
    YILIAN_RETURN_IF_ERROR(user_store::RevokeUserSessions(c, id));
    return audit_store::Append(c, UserEvent(by, "password_set", id));
  });
  cache_.InvalidateUser(id);
  return s;
}

Result<User> UserRegistry::Get(int64_t id) {
  std::optional<User> u;
  YILIAN_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) {
    auto r = user_store::Get(c, id);
    if (!r.ok()) return r.status();
    u = std::move(*r);
    return Status::Ok();
  }));
  if (!u) return Status::NotFound("user " + std::to_string(id) + " does not exist");
  return std::move(*u);
}

Result<User> UserRegistry::GetByUsername(const std::string& username) {
  std::optional<User> u;
  YILIAN_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) {
    auto r = user_store::GetByUsername(c, username);
    if (!r.ok()) return r.status();
    u = std::move(*r);
    return Status::Ok();
  }));
  if (!u) return Status::NotFound("user " + username + " does not exist");
  return std::move(*u);
}

Result<std::vector<User>> UserRegistry::List(int64_t page, int64_t page_size, bool* has_more) {
  std::vector<User> out;
  YILIAN_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) {
    auto r = user_store::List(c, (page - 1) * page_size, page_size + 1);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  }));
  *has_more = static_cast<int64_t>(out.size()) > page_size;
  if (*has_more) out.pop_back();
  return out;
}

Result<int64_t> UserRegistry::Count() {
  int64_t n = 0;
  YILIAN_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) {
    auto r = user_store::Count(c);
    if (!r.ok()) return r.status();
    n = *r;
    return Status::Ok();
  }));
  return n;
}

nlohmann::json UserToJson(const User& u, const RoleCatalog& roles) {
  const Role* role = roles.Find(u.role);
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", u.role},
          {"role_name", role ? role->name_zh : u.role},
          {"permissions", role ? role->permissions.Names() : std::vector<std::string>{}},
          {"practitioner_id", u.practitioner_id ? nlohmann::json(*u.practitioner_id) : nullptr},
          {"view_scope", u.view_scope},
          {"capture_scope", u.capture_scope},
          {"status", u.status},
          {"must_change_password", u.must_change_password},
          {"locked", u.locked_until > 0},
          {"last_login_at", u.last_login_at},
          {"created_at", u.created_at},
          {"updated_at", u.updated_at},
          {"version", u.version}};
}

void UserFromJson(const nlohmann::json& j, User* u, std::string* password, FieldErrors* errs) {
  JsonFields f(j, errs);
  f.Str("username", &u->username, true, 32);
  f.Str("display_name", &u->display_name, false, 50);
  f.Str("role", &u->role, true, 40);
  f.OptInt("practitioner_id", &u->practitioner_id, 1);
  f.StrList("view_scope", &u->view_scope, 500, 12);
  f.StrList("capture_scope", &u->capture_scope, 500, 12);
  f.Str("status", &u->status, false, 20);
  f.Str("password", password, false, 128);
  f.Finish();
}

}  // namespace yilian::auth
