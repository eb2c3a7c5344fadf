// /users: accounts, roles and scopes (permission user.manage). A manager may
// only hand out scopes inside their own view scope.
#include "api/guard.h"
#include "api/request_params.h"
#include "api/routes.h"
#include "http/json_response.h"

namespace yilian::api {
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response WithETag(Response r, int64_t version) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return r;
}

// Every scope unit must lie inside the manager's view scope.
Status WithinManagerScope(const ApiContext& ctx, const auth::Principal& p,
                          const std::vector<std::string>& codes, const char* field) {
  auto tree = ctx.org_units.tree();
  FieldErrors errs;
  for (const auto& c : codes) {
    if (tree->Find(c) && !p.Sees(*tree, c)) {
      errs.Add(field, "org unit " + c + " is outside your own scope");
    }
  }
  if (errs.empty()) return Status::Ok();
  Status s = errs.ToStatus("user");
  return Status::PermissionDenied(s.message());
}

std::vector<std::string> ListOf(const json& j, const char* name) {
  std::vector<std::string> out;
  if (j.contains(name) && j[name].is_array()) {
    for (const auto& v : j[name]) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

}  // namespace

void RegisterUserRoutes(http::Router& router, const ApiContext& ctx) {
  GuardedRouter guard(router, ctx);
  using auth::Permission;

  guard.Add("GET", "/api/v1/users", Permission::kUserManage, [&ctx](Request& r) {
    if (Status s = OnlyParams(r, {"page", "page_size"}); !s.ok()) return http::Error(s);
    auto paging = ReadPaging(r);
    if (!paging.ok()) return http::Error(paging.status());
    bool has_more = false;
    auto list = ctx.users.List(paging->page, paging->page_size, &has_more);
    if (!list.ok()) return http::Error(list.status());
    json items = json::array();
    for (const auto& u : *list) items.push_back(auth::UserToJson(u, ctx.auth.roles()));
    return http::Json(200, PageJson(std::move(items), *paging, has_more));
  });

  guard.Add("POST", "/api/v1/users", Permission::kUserManage,
            [&ctx](Request& r, const auth::Principal& p) {
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auth::User u;
              std::string password;
              FieldErrors errs;
              auth::UserFromJson(*body, &u, &password, &errs);
              if (!errs.empty()) return http::Error(errs.ToStatus("user"));
              for (auto [list, field] : {std::pair{&u.view_scope, "view_scope"},
                                         std::pair{&u.capture_scope, "capture_scope"}}) {
                if (Status s = WithinManagerScope(ctx, p, *list, field); !s.ok()) {
                  return http::Error(s);
                }
              }
              auto created = ctx.users.Create(std::move(u), password, auth::ActorOf(p));
              if (!created.ok()) return http::Error(created.status());
              json out = auth::UserToJson(created->user, ctx.auth.roles());
              if (!created->one_time_password.empty()) {
                out["one_time_password"] = created->one_time_password;
              }
              Response resp = http::Json(201, out);
              resp.headers.emplace_back("Location",
                                        "/api/v1/users/" + std::to_string(created->user.id));
              resp.headers.emplace_back("Cache-Control", "no-store");
              return WithETag(std::move(resp), created->user.version);
            });

  guard.Add("GET", "/api/v1/users/{id}", Permission::kUserManage, [&ctx](Request& r) {
    auto id = PathId(r, "id");
    if (!id.ok()) return http::Error(id.status());
    auto u = ctx.users.Get(*id);
    if (!u.ok()) return http::Error(u.status());
    return WithETag(http::Json(200, auth::UserToJson(*u, ctx.auth.roles())), u->version);
  });

  guard.Add("PATCH", "/api/v1/users/{id}", Permission::kUserManage,
            [&ctx](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto body = http::ParseJsonBody(r);
              if (!body.ok()) return http::Error(body.status());
              auto version = ExpectedVersion(r, &*body);
              if (!version.ok()) return http::Error(version.status());
              for (const char* field : {"view_scope", "capture_scope"}) {
                if (Status s = WithinManagerScope(ctx, p, ListOf(*body, field), field); !s.ok()) {
                  return http::Error(s);
                }
              }
              if (*id == p.user_id && body->contains("role")) {
                return http::Error(Status::InvalidField("role", "you cannot change your own role"));
              }
              auto u = ctx.users.Update(*id, *body, *version, auth::ActorOf(p));
              if (!u.ok()) return http::Error(u.status());
              return WithETag(http::Json(200, auth::UserToJson(*u, ctx.auth.roles())), u->version);
            });

  guard.Add("POST", "/api/v1/users/{id}/reset-password", Permission::kUserManage,
            [&ctx](Request& r, const auth::Principal& p) {
              auto id = PathId(r, "id");
              if (!id.ok()) return http::Error(id.status());
              auto pw = ctx.users.ResetPassword(*id, auth::ActorOf(p));
              if (!pw.ok()) return http::Error(pw.status());
              Response resp = http::Json(200, {{"id", *id}, {"one_time_password", *pw}});
              resp.headers.emplace_back("Cache-Control", "no-store");
              return resp;
            });
}

}  // namespace yilian::api
