#include "api/routes.h"
#include "http/json_response.h"

namespace yilian::api {
using http::Request;
using nlohmann::json;

namespace {
json CodeSetJson(const CodeSet& cs, bool with_entries) {
  json j = {{"name", cs.name()},
            {"title", cs.title()},
            {"version", cs.version()},
            {"standard", cs.standard()},
            {"size", cs.entries().size()}};
  if (with_entries) {
    json entries = json::array();
    for (const auto& e : cs.entries()) {
      entries.push_back({{"code", e.code}, {"name", e.name}, {"name_en", e.name_en}});
    }
    j["entries"] = entries;
  }
  return j;
}
}  // namespace

void RegisterSystemRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("GET", "/api/v1/health", [&ctx](Request&) {
    Status s = ctx.db.Read([](storage::Connection& c) { return storage::Run(c, "SELECT 1"); });
    if (!s.ok()) return http::Error(s);
    return http::Json(200, {{"status", "ok"}, {"org_units", ctx.org_units.tree()->size()}});
  });
  // The root names what is served, so a browser or curl pointed at the printed URL
  // sees where to go next.
  auto index = [&ctx](Request&) {
    return http::Json(200, {{"name", "yilian (医联)"},
                            {"version", YILIAN_VERSION},
                            {"api", "/api/v1"},
                            {"org_units", ctx.org_units.tree()->size()},
                            {"resources",
                             {"/api/v1/org-units", "/api/v1/residents", "/api/v1/facilities",
                              "/api/v1/alliances", "/api/v1/practitioners", "/api/v1/teams",
                              "/api/v1/households", "/api/v1/duplicate-candidates",
                              "/api/v1/code-sets", "/api/v1/health", "/api/v1/version"}}});
  };
  // `yilian serve` puts the web app at "/" when it has one.
  router.Add("GET", "/", index);
  router.Add("GET", "/api/v1", index);
  router.Add("GET", "/api/v1/version", [](Request&) {
    return http::Json(200, {{"name", "yilian"}, {"version", YILIAN_VERSION}});
  });
  router.Add("GET", "/api/v1/code-sets", [&ctx](Request&) {
    json items = json::array();
    for (const auto& cs : ctx.codes.all()) items.push_back(CodeSetJson(cs, false));
    return http::Json(200, {{"items", items}});
  });
  router.Add("GET", "/api/v1/code-sets/{name}", [&ctx](Request& r) {
    const CodeSet* cs = ctx.codes.Find(r.path_params["name"]);
    if (!cs) return http::Error(Status::NotFound("no code set named " + r.path_params["name"]));
    return http::Json(200, CodeSetJson(*cs, true));
  });
}

}  // namespace yilian::api
