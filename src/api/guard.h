// GuardedRouter: every /api/v1 route registers through it, so no handler
// runs without an authenticated principal holding the route's permission.
//
// Order of checks for each request: credentials (session cookie
// "yilian_session" or "Authorization: Bearer ylt_…") → 401; for a session,
// a state-changing method (POST, PUT, PATCH, DELETE) must carry the
// session's token in "X-CSRF-Token" → 403 csrf_failed; an account whose
// password must be changed may only reach the routes marked so → 403
// password_change_required; the route's permission → 403. Refusals after
// authentication are audited (action "denied"). Scope checks, which need
// the record, are the handler's.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/api_context.h"
#include "api/registry_scope.h"
#include "auth/principal.h"
#include "http/router.h"

namespace yilian::api {

using PrincipalHandler = std::function<http::Response(http::Request&, const auth::Principal&)>;

class GuardedRouter {
 public:
  GuardedRouter(http::Router& router, const ApiContext& ctx) : router_(router), ctx_(ctx) {}

  // The handler needs the principal (scope checks, audit).
  void Add(std::string method, std::string pattern, auth::Permission perm, PrincipalHandler h);
  // The permission is all the handler needs.
  void Add(std::string method, std::string pattern, auth::Permission perm,
           std::function<http::Response(http::Request&)> h);
  // A registry write: the permission, then CheckRegistryWrite (the org units
  // the write touches must be in the capture scope), then the handler.
  // `id_param` names the path parameter of the record updated ("" = create).
  void AddRegistryWrite(std::string method, std::string pattern, auth::Permission perm,
                        RegistryKind kind, std::string id_param,
                        std::function<http::Response(http::Request&)> h);
  // Any authenticated principal (their own account); `during_password_change`
  // lets accounts that must change their password through.
  void AddSelf(std::string method, std::string pattern, PrincipalHandler h,
               bool during_password_change = false);

 private:
  void Register(std::string method, std::string pattern, std::optional<auth::Permission> perm,
                PrincipalHandler h, bool during_password_change);

  http::Router& router_;
  const ApiContext& ctx_;
};

// The value of cookie `name` in the request, or "" when absent.
std::string CookieValue(const http::Request& r, std::string_view name);

// Records a refused access (a scope escape attempt) in the audit trail.
void AuditDenied(const ApiContext& ctx, const auth::Principal& p, const std::string& what,
                 const std::string& why, std::optional<int64_t> resident_id = std::nullopt,
                 const std::string& org_unit_code = "");

// Name of the session cookie.
inline constexpr std::string_view kSessionCookie = "yilian_session";

}  // namespace yilian::api
