// ApiHarness: the API context of `yilian serve` over a TestCounty, with a
// signed-in tester holding every permission over the whole province, for
// unit tests of route handlers that are not about access control (those are
// in tests/integration/security_test.cc).
#pragma once

#include <memory>

#include <gtest/gtest.h>
#include "api/api_context.h"
#include "api/guard.h"
#include "audit/audit_trail.h"
#include "auth/authenticator.h"
#include "auth/user_registry.h"
#include "http/message.h"

#include "testing/test_county.h"

namespace yilian {

class ApiHarness {
 public:
  explicit ApiHarness(testing::TestCounty& t) {
    std::string roles = R"({"roles":[{"code":"admin","permissions":["user.manage"]},
      {"code":"tester","permissions":["resident.read","resident.write","resident.merge",
       "resident.export","resident.break_glass","registry.read","registry.write",
       "org_unit.write","user.manage","audit.read","workpoint.read","fund.manage","indicator.read","target.manage"]}]})";
    roles_ = std::make_unique<auth::RoleCatalog>(*auth::RoleCatalog::Parse(roles));
    auth_ = std::make_unique<auth::Authenticator>(*t.db, *roles_, cache_);
    users_ = std::make_unique<auth::UserRegistry>(*t.db, *roles_, *t.org_units, cache_);
    audit_ = std::make_unique<audit::AuditTrail>(*t.db);
    ctx_ = std::make_unique<api::ApiContext>(api::ApiContext{
        *t.db, DefaultCodeSets(), *t.org_units, *t.residents, *auth_, *users_, *audit_});
    auth::User u;
    u.username = "tester";
    u.role = "tester";
    u.view_scope = {"140000000000"};
    EXPECT_TRUE(users_->Create(u, kPassword, audit::Actor{}).ok());
    auto s = auth_->Login("tester", kPassword, "127.0.0.1", 0);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) {
      cookie_ = std::string(api::kSessionCookie) + "=" + s->token;
      csrf_ = s->csrf_token;
    }
    current() = this;
  }
  ~ApiHarness() { current() = nullptr; }

  const api::ApiContext& ctx() const { return *ctx_; }

  // Adds the tester's session cookie and CSRF token to r.
  void SignIn(http::Request& r) const {
    r.headers["cookie"] = cookie_;
    r.headers["x-csrf-token"] = csrf_;
  }
  // Signs r in with the harness alive in this test, if any.
  static void SignInCurrent(http::Request& r) {
    if (current()) current()->SignIn(r);
  }

 private:
  static ApiHarness*& current() {
    static thread_local ApiHarness* h = nullptr;
    return h;
  }
  static constexpr const char* kPassword = "Qz#2026-check";
  std::unique_ptr<auth::RoleCatalog> roles_;
  auth::CredentialCache cache_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<auth::UserRegistry> users_;
  std::unique_ptr<audit::AuditTrail> audit_;
  std::unique_ptr<api::ApiContext> ctx_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace yilian
