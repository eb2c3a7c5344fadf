#include "api/guard.h"

#include "auth/authenticator.h"
#include "auth/secret_token.h"
#include "http/json_response.h"

namespace yilian::api {
namespace {

bool ChangesState(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

http::Response Refuse(int status, std::string_view code, std::string_view message) {
  return http::Error(status, code, message);
}

}  // namespace

std::string CookieValue(const http::Request& r, std::string_view name) {
  auto header = r.Header("cookie");
  if (!header) return "";
  std::string_view s = *header;
  while (!s.empty()) {
    size_t semi = s.find(';');
    std::string_view part = s.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return "";
}

void AuditDenied(const ApiContext& ctx, const auth::Principal& p, const std::string& what,
                 const std::string& why, std::optional<int64_t> resident_id,
                 const std::string& org_unit_code) {
  audit::AuditEvent e;
  e.actor = auth::ActorOf(p);
  e.action = "denied";
  e.resource = resident_id ? "resident" : "request";
  e.resource_id = resident_id ? std::to_string(*resident_id) : "";
  e.resident_id = resident_id;
  e.org_unit_code = org_unit_code;
  e.detail = {{"request", what}, {"reason", why}};
  ctx.audit.Record(std::move(e));
}

void GuardedRouter::Register(std::string method, std::string pattern,
                             std::optional<auth::Permission> perm, PrincipalHandler h,
                             bool during_password_change) {
  const ApiContext& ctx = ctx_;
  router_.Add(
      method, pattern, [&ctx, perm, h = std::move(h), during_password_change](http::Request& r) {
        auth::Credentials cred;
        cred.session_token = CookieValue(r, kSessionCookie);
        if (auto a = r.Header("authorization")) {
          constexpr std::string_view kBearer = "Bearer ";
          if (a->size() > kBearer.size() &&
              std::string_view(*a).substr(0, kBearer.size()) == kBearer) {
            cred.bearer_token = a->substr(kBearer.size());
          } else {
            return Refuse(401, "unauthenticated", "Authorization must be \"Bearer <API token>\"");
          }
        }
        cred.ip = r.remote_ip;
        cred.request_id = r.request_id;
        auto p = ctx.auth.Authenticate(cred);
        if (!p.ok()) {
          http::Response resp = http::Error(p.status());
          if (resp.status == 401) resp.headers.emplace_back("WWW-Authenticate", "Bearer");
          return resp;
        }
        if (p->via == auth::Principal::Via::kSession && ChangesState(r.method)) {
          auto sent = r.Header("x-csrf-token");
          if (!sent || !auth::SecretEquals(*sent, p->csrf_token)) {
            AuditDenied(ctx, *p, r.method + " " + r.path, "missing or wrong CSRF token");
            return Refuse(403, "csrf_failed",
                          "state-changing requests from a browser session need the "
                          "session's X-CSRF-Token header");
          }
        }
        if (p->must_change_password && !during_password_change) {
          return Refuse(403, "password_change_required",
                        "change your password first (POST /api/v1/auth/password)");
        }
        if (perm && !p->Can(*perm)) {
          AuditDenied(ctx, *p, r.method + " " + r.path,
                      "lacks permission " + std::string(auth::PermissionName(*perm)));
          return http::Error(p->Require(*perm));
        }
        return h(r, *p);
      });
}

void GuardedRouter::Add(std::string method, std::string pattern, auth::Permission perm,
                        PrincipalHandler h) {
  Register(std::move(method), std::move(pattern), perm, std::move(h), false);
}

void GuardedRouter::Add(std::string method, std::string pattern, auth::Permission perm,
                        std::function<http::Response(http::Request&)> h) {
  Register(
      std::move(method), std::move(pattern), perm,
      [h = std::move(h)](http::Request& r, const auth::Principal&) { return h(r); }, false);
}

void GuardedRouter::AddRegistryWrite(std::string method, std::string pattern, auth::Permission perm,
                                     RegistryKind kind, std::string id_param,
                                     std::function<http::Response(http::Request&)> h) {
  const ApiContext& ctx = ctx_;
  Register(
      std::move(method), std::move(pattern), perm,
      [&ctx, kind, id_param = std::move(id_param), h = std::move(h)](http::Request& r,
                                                                     const auth::Principal& p) {
        std::optional<std::string> id;
        if (!id_param.empty()) id = r.path_params[id_param];
        if (Status s = CheckRegistryWrite(ctx, p, kind, r, id); !s.ok()) {
          return http::Error(s);
        }
        return h(r);
      },
      false);
}

void GuardedRouter::AddSelf(std::string method, std::string pattern, PrincipalHandler h,
                            bool during_password_change) {
  Register(std::move(method), std::move(pattern), std::nullopt, std::move(h),
           during_password_change);
}

}  // namespace yilian::api
