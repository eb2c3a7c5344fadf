#include "auth/authenticator.h"

#include <gtest/gtest.h>

#include "audit/audit_store.h"
#include "auth/user_registry.h"
#include "testing/test_county.h"

namespace yilian::auth {
namespace {

using testing::TestCounty;

constexpr const char* kPassword = "Qz#2026-check";
constexpr const char* kNewPassword = "Vx@2027-renew";

std::string Detail(const Status& s, const std::string& key) {
  for (const auto& [k, v] : s.details()) {
    if (k == key) return v;
  }
  return "";
}

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field);
  return out;
}

struct Fixture {
  TestCounty t;
  CredentialCache cache;
  int64_t now = 1'800'000'000;
  double mono = 5000;
  Authenticator auth{*t.db, RoleCatalog::Default(), cache, Options()};
  UserRegistry users{*t.db, RoleCatalog::Default(), *t.org_units, cache};

  AuthOptions Options() {
    AuthOptions o;
    o.now = [this] { return now; };
    o.monotonic = [this] { return mono; };
    return o;
  }
  void Advance(int64_t seconds) {
    now += seconds;
    mono += static_cast<double>(seconds);
  }

  int64_t AddUser(const std::string& name, const std::string& role,
                  std::vector<std::string> view = {TestCounty::kTownA},
                  const std::string& password = kPassword) {
    User u;
    u.username = name;
    u.role = role;
    u.view_scope = std::move(view);
    auto c = users.Create(u, password, audit::Actor{});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? c->user.id : 0;
  }
  Session MustLogin(const std::string& name, const std::string& password = kPassword,
                    const std::string& ip = "10.0.0.1") {
    auto s = auth.Login(name, password, ip, 1);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : Session{};
  }
  Result<Principal> BySession(const std::string& token) {
    return auth.Authenticate(Credentials{token, "", "10.0.0.9", 77});
  }
  Result<Principal> ByBearer(const std::string& token) {
    return auth.Authenticate(Credentials{"", token, "10.0.0.9", 78});
  }
  std::vector<audit::AuditEvent> Audit(const std::string& action,
                                       std::optional<int64_t> user_id = std::nullopt) {
    std::vector<audit::AuditEvent> out;
    Status s = t.db->Read([&](storage::Connection& c) {
      audit_store::Query q;
      q.action = action;
      q.user_id = user_id;
      q.page_size = 500;
      auto p = audit_store::Search(c, q);
      if (!p.ok()) return p.status();
      out = p->items;
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
};

TEST(AuthenticatorTest, LoginThenAuthenticateWithTheSession) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor", {TestCounty::kVillageA1});
  auto s = x.auth.Login("  WangJG ", kPassword, "10.0.0.1", 3);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->token.rfind("yls_", 0), 0u);
  EXPECT_EQ(s->csrf_token.rfind("ylc_", 0), 0u);
  EXPECT_EQ(s->expires_at, x.now + 12 * 3600);
  EXPECT_EQ(s->principal.user_id, id);
  EXPECT_EQ(s->principal.csrf_token, s->csrf_token);
  EXPECT_EQ(s->principal.via, Principal::Via::kSession);

  auto p = x.BySession(s->token);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->user_id, id);
  EXPECT_EQ(p->username, "wangjg");
  EXPECT_EQ(p->role, "village_doctor");
  EXPECT_EQ(p->permissions, RoleCatalog::Default().Find("village_doctor")->permissions);
  EXPECT_EQ(p->view_scope, std::vector<std::string>{TestCounty::kVillageA1});
  EXPECT_EQ(p->capture_scope, std::vector<std::string>{TestCounty::kVillageA1});
  EXPECT_EQ(p->csrf_token, s->csrf_token);
  EXPECT_EQ(p->credential_id, s->principal.credential_id);
  EXPECT_EQ(p->via, Principal::Via::kSession);
  EXPECT_EQ(p->ip, "10.0.0.9");
  EXPECT_EQ(p->request_id, 77u);
  EXPECT_FALSE(p->must_change_password);

  // Nothing, garbage, or a session secret presented as a bearer token.
  EXPECT_EQ(x.auth.Authenticate({}).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.BySession("yls_nope").status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.BySession("nope").status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.BySession(s->csrf_token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.ByBearer(s->token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.BySession(s->token + std::string(100, 'a')).status().code(),
            Status::Code::kUnauthenticated);

  auto logins = x.Audit("login", id);
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].resource, "session");
  EXPECT_EQ(logins[0].resource_id, std::to_string(s->principal.credential_id));
  EXPECT_EQ(logins[0].actor.ip, "10.0.0.1");
  EXPECT_EQ(logins[0].actor.request_id, 3u);
  auto u = x.users.Get(id);
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->last_login_at.empty());
}

TEST(AuthenticatorTest, WrongPasswordAndUnknownUserLookAlike) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor");
  auto wrong = x.auth.Login("wangjg", "Qz#2026-wrong", "10.0.0.1", 0);
  auto unknown = x.auth.Login("nobody", kPassword, "10.0.0.2", 0);
  auto empty = x.auth.Login("", kPassword, "10.0.0.3", 0);
  EXPECT_EQ(wrong.status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(unknown.status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(empty.status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  EXPECT_EQ(wrong.status().message(), empty.status().message());
  auto failed = x.Audit("login_failed");
  ASSERT_EQ(failed.size(), 2u);  // newest first
  EXPECT_EQ(failed[0].actor.username, "nobody");
  EXPECT_FALSE(failed[0].actor.user_id.has_value());
  EXPECT_EQ(failed[1].actor.user_id, id);
  EXPECT_EQ(failed[1].detail["consecutive_failures"], 1);
}

TEST(AuthenticatorTest, RepeatedFailuresLockTheAccountWithDoublingLocks) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor");
  int ip = 0;
  auto attempt = [&](const char* password) {
    return x.auth.Login("wangjg", password, "10.1.0." + std::to_string(++ip), 0);
  };
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(attempt("Qz#2026-wrong").status().code(), Status::Code::kUnauthenticated) << i;
  }
  auto locked = attempt(kPassword);
  ASSERT_EQ(locked.status().code(), Status::Code::kTooManyRequests);
  EXPECT_EQ(Detail(locked.status(), "retry_after"), "60");
  x.Advance(59);
  locked = attempt(kPassword);
  ASSERT_EQ(locked.status().code(), Status::Code::kTooManyRequests);
  EXPECT_EQ(Detail(locked.status(), "retry_after"), "1");
  // Guesses while locked change nothing.
  EXPECT_EQ(attempt("Qz#2026-wrong").status().code(), Status::Code::kTooManyRequests);
  x.Advance(1);
  // The sixth failure locks for twice as long.
  EXPECT_EQ(attempt("Qz#2026-wrong").status().code(), Status::Code::kUnauthenticated);
  locked = attempt(kPassword);
  ASSERT_EQ(locked.status().code(), Status::Code::kTooManyRequests);
  EXPECT_EQ(Detail(locked.status(), "retry_after"), "120");
  x.Advance(119);
  EXPECT_EQ(attempt(kPassword).status().code(), Status::Code::kTooManyRequests);
  x.Advance(1);
  EXPECT_TRUE(attempt(kPassword).ok());
  // A successful login starts the count again.
  EXPECT_EQ(attempt("Qz#2026-wrong").status().code(), Status::Code::kUnauthenticated);
  EXPECT_TRUE(attempt(kPassword).ok());
  auto failed = x.Audit("login_failed", id);
  ASSERT_EQ(failed.size(), 7u);
  EXPECT_EQ(failed[1].detail["consecutive_failures"], 6);
  EXPECT_TRUE(failed[1].detail.contains("locked_until"));
}

TEST(AuthenticatorTest, LockIsCappedAtTheMaximum) {
  Fixture x;
  x.AddUser("wangjg", "village_doctor");
  int ip = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = x.auth.Login("wangjg", "Qz#2026-wrong", "10.2.0." + std::to_string(++ip), 0);
    EXPECT_EQ(r.status().code(), Status::Code::kUnauthenticated) << i;
    x.Advance(3600);
  }
  x.Advance(-3600);
  auto locked = x.auth.Login("wangjg", kPassword, "10.2.1.1", 0);
  EXPECT_EQ(Detail(locked.status(), "retry_after"), "3600");
}

TEST(AuthenticatorTest, PerAddressThrottle) {
  Fixture x;
  x.AddUser("wangjg", "village_doctor");
  for (int i = 0; i < 10; ++i) {
    auto r = x.auth.Login("guess" + std::to_string(i), kPassword, "192.0.2.1", 0);
    EXPECT_EQ(r.status().code(), Status::Code::kUnauthenticated) << i;
  }
  auto refused = x.auth.Login("guess10", kPassword, "192.0.2.1", 0);
  ASSERT_EQ(refused.status().code(), Status::Code::kTooManyRequests);
  EXPECT_GT(std::stoll(Detail(refused.status(), "retry_after")), 0);
  // Even the right password waits: the throttle is checked first.
  EXPECT_EQ(x.auth.Login("wangjg", kPassword, "192.0.2.1", 0).status().code(),
            Status::Code::kTooManyRequests);
  // Another address is not held up.
  EXPECT_EQ(x.auth.Login("guess11", kPassword, "192.0.2.2", 0).status().code(),
            Status::Code::kUnauthenticated);
  EXPECT_TRUE(x.auth.Login("wangjg", kPassword, "192.0.2.2", 0).ok());
  // One attempt comes back every six seconds.
  x.Advance(6);
  EXPECT_TRUE(x.auth.Login("wangjg", kPassword, "192.0.2.1", 0).ok());
}

TEST(AuthenticatorTest, SessionIdleExpiry) {
  Fixture x;
  x.AddUser("wangjg", "village_doctor");
  Session s = x.MustLogin("wangjg");
  for (int i = 0; i < 5; ++i) {
    x.Advance(29 * 60);
    EXPECT_TRUE(x.BySession(s.token).ok()) << i;
  }
  // Used every few seconds (inside the cache) and then left alone.
  for (int i = 0; i < 10; ++i) {
    x.Advance(7);
    EXPECT_TRUE(x.BySession(s.token).ok()) << i;
  }
  x.Advance(30 * 60 - 1);
  EXPECT_TRUE(x.BySession(s.token).ok());
  x.Advance(30 * 60);
  auto expired = x.BySession(s.token);
  EXPECT_EQ(expired.status().code(), Status::Code::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
}

TEST(AuthenticatorTest, SessionAbsoluteExpiry) {
  Fixture x;
  x.AddUser("wangjg", "village_doctor");
  Session s = x.MustLogin("wangjg");
  for (int i = 1; i < 36; ++i) {
    x.Advance(20 * 60);
    ASSERT_TRUE(x.BySession(s.token).ok()) << "after " << i * 20 << " min";
  }
  x.Advance(20 * 60);  // 12 h after login
  EXPECT_EQ(x.BySession(s.token).status().code(), Status::Code::kUnauthenticated);
  // A fresh login works.
  EXPECT_TRUE(x.BySession(x.MustLogin("wangjg").token).ok());
}

TEST(AuthenticatorTest, LogoutRevokes) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor");
  Session s1 = x.MustLogin("wangjg");
  Session s2 = x.MustLogin("wangjg");
  auto p = x.BySession(s1.token);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(x.auth.Logout(*p).ok());
  EXPECT_EQ(x.BySession(s1.token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_TRUE(x.BySession(s2.token).ok());  // only that session ends
  auto logouts = x.Audit("logout", id);
  ASSERT_EQ(logouts.size(), 1u);
  EXPECT_EQ(logouts[0].resource_id, std::to_string(p->credential_id));
}

TEST(AuthenticatorTest, PasswordChangeRevokesOtherSessions) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor");
  Session here = x.MustLogin("wangjg", kPassword, "10.0.0.1");
  Session there = x.MustLogin("wangjg", kPassword, "10.0.0.2");
  auto p = x.BySession(here.token);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(x.BySession(there.token).ok());  // cached now

  EXPECT_EQ(Fields(x.auth.ChangePassword(*p, "Qz#2026-wrong", kNewPassword)),
            std::vector<std::string>{"old_password"});
  EXPECT_EQ(Fields(x.auth.ChangePassword(*p, kPassword, "short")),
            std::vector<std::string>{"password"});
  EXPECT_EQ(Fields(x.auth.ChangePassword(*p, kPassword, "Xx1-wangjg-22")),
            std::vector<std::string>{"password"});
  EXPECT_EQ(Fields(x.auth.ChangePassword(*p, kPassword, kPassword)),
            std::vector<std::string>{"password"});
  ASSERT_TRUE(x.auth.ChangePassword(*p, kPassword, kNewPassword).ok());

  EXPECT_TRUE(x.BySession(here.token).ok());
  EXPECT_EQ(x.BySession(there.token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.auth.Login("wangjg", kPassword, "10.0.0.3", 0).status().code(),
            Status::Code::kUnauthenticated);
  EXPECT_TRUE(x.auth.Login("wangjg", kNewPassword, "10.0.0.3", 0).ok());
  EXPECT_EQ(x.Audit("password_change", id).size(), 1u);
}

TEST(AuthenticatorTest, OneTimePasswordMustBeChanged) {
  Fixture x;
  User u;
  u.username = "newbie";
  u.role = "village_doctor";
  u.view_scope = {TestCounty::kVillageA1};
  auto c = x.users.Create(u, "", audit::Actor{});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  Session s = x.MustLogin("newbie", c->one_time_password);
  EXPECT_TRUE(s.principal.must_change_password);
  auto p = x.BySession(s.token);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->must_change_password);
  // Tokens of such a user do not work until the password is changed.
  auto token = x.auth.CreateToken(*p, "t", {}, 10);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(x.ByBearer(token->token).status().code(), Status::Code::kUnauthenticated);
  ASSERT_TRUE(x.auth.ChangePassword(*p, c->one_time_password, kNewPassword).ok());
  p = x.BySession(s.token);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->must_change_password);
  EXPECT_TRUE(x.ByBearer(token->token).ok());
}

TEST(AuthenticatorTest, DisabledUserIsRefusedOnTheNextRequest) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor");
  Session s = x.MustLogin("wangjg");
  auto p = x.BySession(s.token);
  ASSERT_TRUE(p.ok());
  auto token = x.auth.CreateToken(*p, "t", {}, 10);
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(x.ByBearer(token->token).ok());
  auto before = x.users.Get(id);
  ASSERT_TRUE(before.ok());
  auto disabled = x.users.Update(id, {{"status", "disabled"}}, before->version, audit::Actor{});
  ASSERT_TRUE(disabled.ok()) << disabled.status().ToString();
  EXPECT_EQ(x.BySession(s.token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(x.ByBearer(token->token).status().code(), Status::Code::kUnauthenticated);
  auto login = x.auth.Login("wangjg", kPassword, "10.0.0.1", 0);
  EXPECT_EQ(login.status().code(), Status::Code::kUnauthenticated);
  // Enabling again does not bring the old session back, but logging in works.
  auto enabled = x.users.Update(id, {{"status", "active"}}, disabled->version, audit::Actor{});
  ASSERT_TRUE(enabled.ok());
  EXPECT_EQ(x.BySession(s.token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_TRUE(x.BySession(x.MustLogin("wangjg").token).ok());
}

TEST(AuthenticatorTest, ApiTokens) {
  Fixture x;
  int64_t id = x.AddUser("clerk", "township_staff");
  Session s = x.MustLogin("clerk");
  auto p = x.BySession(s.token);
  ASSERT_TRUE(p.ok());

  // Only permissions the role has, known names, sane days and a name.
  auto too_much = x.auth.CreateToken(*p, "export", {"resident.read", "resident.export"}, 30);
  EXPECT_EQ(too_much.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Fields(too_much.status()), std::vector<std::string>{"permissions"});
  EXPECT_EQ(Fields(x.auth.CreateToken(*p, "x", {"resident.raed"}, 30).status()),
            std::vector<std::string>{"permissions"});
  EXPECT_EQ(Fields(x.auth.CreateToken(*p, "x", {}, 0).status()), std::vector<std::string>{"days"});
  EXPECT_EQ(Fields(x.auth.CreateToken(*p, "x", {}, 367).status()),
            std::vector<std::string>{"days"});
  EXPECT_EQ(Fields(x.auth.CreateToken(*p, "  ", {}, 30).status()),
            std::vector<std::string>{"name"});

  auto his = x.auth.CreateToken(*p, "HIS sync", {"resident.read", "registry.read"}, 30);
  ASSERT_TRUE(his.ok()) << his.status().ToString();
  EXPECT_EQ(his->token.rfind("ylt_", 0), 0u);
  EXPECT_EQ(his->stored.permissions, "resident.read,registry.read");
  EXPECT_EQ(his->stored.expires_at, x.now + 30 * 86400);
  EXPECT_NE(his->stored.token_hash, his->token);

  auto t = x.ByBearer(his->token);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->via, Principal::Via::kApiToken);
  EXPECT_EQ(t->user_id, id);
  EXPECT_EQ(t->credential_id, his->stored.id);
  EXPECT_EQ(t->permissions, (PermissionSet{Permission::kResidentRead, Permission::kRegistryRead}));
  EXPECT_TRUE(t->csrf_token.empty());
  // A bearer token wins over a cookie; an API token is no session.
  auto both = x.auth.Authenticate(Credentials{s.token, his->token, "", 0});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->via, Principal::Via::kApiToken);
  EXPECT_EQ(x.BySession(his->token).status().code(), Status::Code::kUnauthenticated);
  // A token cannot mint tokens, change the password or log out.
  EXPECT_EQ(x.auth.CreateToken(*t, "child", {"resident.read"}, 1).status().code(),
            Status::Code::kPermissionDenied);
  EXPECT_EQ(x.auth.ChangePassword(*t, kPassword, kNewPassword).code(),
            Status::Code::kPermissionDenied);
  EXPECT_FALSE(x.auth.Logout(*t).ok());

  // Empty list: all of the role's.
  auto all = x.auth.CreateToken(*p, "all", {}, 30);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(SplitPermissions(all->stored.permissions), p->permissions);
  auto listed = x.auth.ListTokens(*p);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "HIS sync");

  // Revocation takes effect at once, even with the credential cached.
  ASSERT_TRUE(x.ByBearer(all->token).ok());
  ASSERT_TRUE(x.auth.RevokeToken(*p, all->stored.id).ok());
  EXPECT_EQ(x.ByBearer(all->token).status().code(), Status::Code::kUnauthenticated);
  EXPECT_TRUE(x.ByBearer(his->token).ok());
  EXPECT_EQ(x.auth.RevokeToken(*p, 9999).code(), Status::Code::kNotFound);

  // Someone else cannot revoke it (without user.manage).
  x.AddUser("other", "township_staff");
  auto q = x.BySession(x.MustLogin("other").token);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(x.auth.RevokeToken(*q, his->stored.id).code(), Status::Code::kNotFound);
  EXPECT_TRUE(x.ByBearer(his->token).ok());

  auto created = x.Audit("token_create", id);
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[1].resource, "api_token");
  EXPECT_EQ(created[1].resource_id, std::to_string(his->stored.id));
  auto revoked = x.Audit("token_revoke", id);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].resource_id, std::to_string(all->stored.id));
}

TEST(AuthenticatorTest, AdminMayRevokeAnyonesToken) {
  Fixture x;
  x.AddUser("clerk", "township_staff");
  x.AddUser("root", "admin", {TestCounty::kCounty});
  auto p = x.BySession(x.MustLogin("clerk").token);
  ASSERT_TRUE(p.ok());
  auto token = x.auth.CreateToken(*p, "t", {}, 5);
  ASSERT_TRUE(token.ok());
  auto admin = x.BySession(x.MustLogin("root").token);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(x.auth.RevokeToken(*admin, token->stored.id).ok());
  EXPECT_EQ(x.ByBearer(token->token).status().code(), Status::Code::kUnauthenticated);
}

TEST(AuthenticatorTest, TokenPermissionsFollowTheRole) {
  Fixture x;
  int64_t id = x.AddUser("clerk", "township_staff");
  Session s = x.MustLogin("clerk");
  auto p = x.BySession(s.token);
  ASSERT_TRUE(p.ok());
  auto token = x.auth.CreateToken(
      *p, "t", {"resident.read", "resident.merge", "registry.read", "registry.write"}, 30);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  auto before = x.ByBearer(token->token);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->Can(Permission::kResidentMerge));
  EXPECT_FALSE(before->Can(Permission::kResidentWrite));  // the role has it, the token not

  // The role shrinks to cdc (resident.read, registry.read).
  auto u = x.users.Get(id);
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE(x.users.Update(id, {{"role", "cdc"}}, u->version, audit::Actor{}).ok());
  auto after = x.ByBearer(token->token);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->permissions,
            (PermissionSet{Permission::kResidentRead, Permission::kRegistryRead}));
  // The role change ended the session.
  EXPECT_EQ(x.BySession(s.token).status().code(), Status::Code::kUnauthenticated);
}

TEST(AuthenticatorTest, TokensExpire) {
  Fixture x;
  x.AddUser("clerk", "township_staff");
  auto p = x.BySession(x.MustLogin("clerk").token);
  ASSERT_TRUE(p.ok());
  auto token = x.auth.CreateToken(*p, "t", {"resident.read"}, 2);
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(x.ByBearer(token->token).ok());
  x.Advance(2 * 86400 - 1);
  EXPECT_TRUE(x.ByBearer(token->token).ok());
  x.Advance(1);
  auto expired = x.ByBearer(token->token);
  EXPECT_EQ(expired.status().code(), Status::Code::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
}

TEST(AuthenticatorTest, BreakGlass) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor", {TestCounty::kVillageA1});
  x.AddUser("cdcuser", "cdc", {TestCounty::kCounty});
  auto p = x.BySession(x.MustLogin("wangjg").token);
  ASSERT_TRUE(p.ok());

  EXPECT_EQ(Fields(x.auth.BreakGlass(*p, 42, TestCounty::kVillageB1, "abc").status()),
            std::vector<std::string>{"reason"});
  EXPECT_EQ(Fields(x.auth.BreakGlass(*p, 42, TestCounty::kVillageB1, "  急诊  ").status()),
            std::vector<std::string>{"reason"});
  EXPECT_EQ(Fields(x.auth.BreakGlass(*p, 42, TestCounty::kVillageB1, "").status()),
            std::vector<std::string>{"reason"});
  EXPECT_EQ(Fields(x.auth.BreakGlass(*p, 42, TestCounty::kVillageB1, "急诊\n抢救").status()),
            std::vector<std::string>{"reason"});
  auto none = x.auth.ActiveGrant(*p, 42);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto g = x.auth.BreakGlass(*p, 42, TestCounty::kVillageB1, " 急诊抢救 ");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(g->reason, "急诊抢救");
  EXPECT_EQ(g->expires_at, x.now + 4 * 3600);
  auto active = x.auth.ActiveGrant(*p, 42);
  ASSERT_TRUE(active.ok());
  ASSERT_TRUE(active->has_value());
  EXPECT_EQ((*active)->id, g->id);
  EXPECT_FALSE(x.auth.ActiveGrant(*p, 43)->has_value());

  // Without the permission: refused, and no grant is ever visible.
  auto cdc = x.BySession(x.MustLogin("cdcuser").token);
  ASSERT_TRUE(cdc.ok());
  EXPECT_EQ(x.auth.BreakGlass(*cdc, 42, TestCounty::kVillageB1, "急诊抢救").status().code(),
            Status::Code::kPermissionDenied);
  EXPECT_FALSE(x.auth.ActiveGrant(*cdc, 42)->has_value());

  x.Advance(4 * 3600 - 1);
  EXPECT_TRUE(x.auth.ActiveGrant(*p, 42)->has_value());
  x.Advance(1);
  EXPECT_FALSE(x.auth.ActiveGrant(*p, 42)->has_value());

  auto audited = x.Audit("break_glass", id);
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].resident_id, 42);
  EXPECT_EQ(audited[0].org_unit_code, TestCounty::kVillageB1);
  EXPECT_EQ(audited[0].reason, "急诊抢救");
  EXPECT_EQ(audited[0].detail["grant_id"], g->id);
}

TEST(AuthenticatorTest, EveryCredentialEventIsAudited) {
  Fixture x;
  int64_t id = x.AddUser("wangjg", "village_doctor", {TestCounty::kVillageA1});
  EXPECT_FALSE(x.auth.Login("wangjg", "Qz#2026-wrong", "10.0.0.1", 0).ok());
  Session s = x.MustLogin("wangjg");
  auto p = x.BySession(s.token);
  ASSERT_TRUE(p.ok());
  auto token = x.auth.CreateToken(*p, "t", {}, 5);
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(x.auth.RevokeToken(*p, token->stored.id).ok());
  ASSERT_TRUE(x.auth.BreakGlass(*p, 7, TestCounty::kVillageB1, "上转接诊").ok());
  ASSERT_TRUE(x.auth.ChangePassword(*p, kPassword, kNewPassword).ok());
  ASSERT_TRUE(x.auth.Logout(*p).ok());
  for (const char* action : {"login", "login_failed", "logout", "password_change", "token_create",
                             "token_revoke", "break_glass"}) {
    auto rows = x.Audit(action, id);
    ASSERT_EQ(rows.size(), 1u) << action;
    EXPECT_EQ(rows[0].actor.username, "wangjg") << action;
    EXPECT_EQ(rows[0].actor.role, "village_doctor") << action;
    EXPECT_FALSE(rows[0].at.empty()) << action;
  }
}

}  // namespace
}  // namespace yilian::auth
