// Registration of every /api/v1 route on a Router.
#pragma once

#include "api/api_context.h"
#include "http/router.h"

namespace yilian::api {

void RegisterSystemRoutes(http::Router& router, const ApiContext& ctx);
void RegisterOrgUnitRoutes(http::Router& router, const ApiContext& ctx);
void RegisterResidentRoutes(http::Router& router, const ApiContext& ctx);
// /auth (login, logout, me, password, tokens) and /roles.
void RegisterAuthRoutes(http::Router& router, const ApiContext& ctx);
// /users (permission user.manage).
void RegisterUserRoutes(http::Router& router, const ApiContext& ctx);
// /audit and /residents/{id}/access-history (permission audit.read).
void RegisterAuditRoutes(http::Router& router, const ApiContext& ctx);
// All of the above and the registries' routes (facilities, practitioners, …).
void RegisterAllRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace yilian::api
