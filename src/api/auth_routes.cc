// /auth: login, logout, the caller's own account, password change and API
// tokens; /roles: the role catalogue.
#include "api/guard.h"
#include "api/request_params.h"
#include "api/routes.h"
#include "auth/user_store.h"
#include "core/json_fields.h"
#include "http/json_response.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

std::string SessionCookie(const std::string& value, int64_t max_age, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

json TokenJson(const user_store::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"permissions", auth::SplitPermissions(t.permissions).Names()},
          {"created_at", t.created_at},
          {"expires_at", t.expires_at},
          {"revoked", t.revoked},
          {"last_used_at", t.last_used_at ? json(*t.last_used_at) : json(nullptr)}};
}

json Me(const ApiContext& ctx, const auth::Principal& p) {
  json j = {{"user_id", p.user_id},
            {"username", p.username},
            {"role", p.role},
            {"permissions", p.permissions.Names()},
            {"view_scope", p.view_scope},
            {"capture_scope", p.capture_scope},
            {"must_change_password", p.must_change_password},
            {"via", p.via == auth::Principal::Via::kSession ? "session" : "api_token"}};
  if (const auth::Role* role = ctx.auth.roles().Find(p.role)) {
    j["role_name"] = role->name_zh;
  }
  if (p.via == auth::Principal::Via::kSession) j["csrf_token"] = p.csrf_token;
  // Who the user is in the registries: the app files their services under
  // their practitioner and lists their teams' worklist.
  j["display_name"] = p.username;
  j["practitioner_id"] = nullptr;
  if (auto u = ctx.users.Get(p.user_id); u.ok()) {
    j["display_name"] = u->display_name;
    if (u->practitioner_id) j["practitioner_id"] = *u->practitioner_id;
  }
  return j;
}

}  // namespace

void RegisterAuthRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);

  router.Add("POST", "/api/v1/auth/login", [&ctx](Request& r) {
    auto body = http::ParseJsonBody(r);
    if (!body.ok()) return http::Error(body.status());
    FieldErrors errs;
    JsonFields f(*body, &errs);
    std::string username, password;
    f.Str("username", &username, true, 64);
    f.Str("password", &password, true, 128);
    f.Finish();
    if (!errs.empty()) return http::Error(errs.ToStatus("login"));
    auto s = ctx.auth.Login(username, password, r.remote_ip, r.request_id);
    if (!s.ok()) {
      Response resp = http::Error(s.status());
      for (const auto& [k, v] : s.status().details()) {
        if (k == "retry_after") resp.headers.emplace_back("Retry-After", v);
      }
      return resp;
    }
    json out = Me(ctx, s->principal);
    out["csrf_token"] = s->csrf_token;
    out["expires_at"] = s->expires_at;
    Response resp = http::Json(200, out);
    resp.headers.emplace_back(
        "Set-Cookie",
        SessionCookie(s->token, ctx.auth.options().session_max_seconds, ctx.secure_cookies));
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  });

  guard.AddSelf(
      "POST", "/api/v1/auth/logout",
      [&ctx](Request&, const auth::Principal& p) {
        Status s = ctx.auth.Logout(p);
        if (!s.ok()) return http::Error(s);
        Response resp = http::Json(200, {{"logged_out", true}});
        resp.headers.emplace_back("Set-Cookie", SessionCookie("", 0, ctx.secure_cookies));
        return resp;
      },
      /*during_password_change=*/true);

  guard.AddSelf(
      "GET", "/api/v1/auth/me",
      [&ctx](Request&, const auth::Principal& p) { return http::Json(200, Me(ctx, p)); },
      /*during_password_change=*/true);

  guard.AddSelf(
      "POST", "/api/v1/auth/password",
      [&ctx](Request& r, const auth::Principal& p) {
        auto body = http::ParseJsonBody(r);
        if (!body.ok()) return http::Error(body.status());
        FieldErrors errs;
        JsonFields f(*body, &errs);
        std::string old_password, password;
        f.Str("old_password", &old_password, true, 128);
        f.Str("password", &password, true, 1000);
        f.Finish();
        if (!errs.empty()) return http::Error(errs.ToStatus("password change"));
        Status s = ctx.auth.ChangePassword(p, old_password, password);
        if (!s.ok()) return http::Error(s);
        return http::Json(200, {{"password_changed", true}});
      },
      /*during_password_change=*/true);

  guard.AddSelf("GET", "/api/v1/auth/tokens", [&ctx](Request&, const auth::Principal& p) {
    auto list = ctx.auth.ListTokens(p);
    if (!list.ok()) return http::Error(list.status());
    json items = json::array();
    for (const auto& t : *list) items.push_back(TokenJson(t));
    return http::Json(200, {{"items", items}});
  });

  guard.AddSelf("POST", "/api/v1/auth/tokens", [&ctx](Request& r, const auth::Principal& p) {
    auto body = http::ParseJsonBody(r);
    if (!body.ok()) return http::Error(body.status());
    FieldErrors errs;
    JsonFields f(*body, &errs);
    std::string name;
    std::vector<std::string> permissions;
    int64_t days = ctx.auth.options().default_token_days;
    f.Str("name", &name, true, 100);
    f.StrList("permissions", &permissions, 20, 40);
    f.Int("days", &days, false, 1, 366);
    f.Finish();
    if (!errs.empty()) return http::Error(errs.ToStatus("token"));
    auto t = ctx.auth.CreateToken(p, name, permissions, days);
    if (!t.ok()) return http::Error(t.status());
    json out = TokenJson(t->stored);
    out["token"] = t->token;
    out["note"] = "the token is shown only now; store it safely";
    Response resp = http::Json(201, out);
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  });

  guard.AddSelf("DELETE", "/api/v1/auth/tokens/{id}", [&ctx](Request& r, const auth::Principal& p) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    Status s = ctx.auth.RevokeToken(p, *id);
    if (!s.ok()) return http::Error(s);
    return http::Json(200, {{"id", *id}, {"revoked", true}});
  });

  guard.AddSelf("GET", "/api/v1/roles", [&ctx](Request&, const auth::Principal&) {
    json items = json::array();
    for (const auto& role : ctx.auth.roles().roles()) {
      items.push_back({{"code", role.code},
                       {"name_zh", role.name_zh},
                       {"name_en", role.name_en},
                       {"permissions", role.permissions.Names()}});
    }
    return http::Json(200, {{"version", ctx.auth.roles().version()}, {"items", items}});
  });
}

}  // namespace yilian::api
