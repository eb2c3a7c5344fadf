#include "http/router.h"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/url.h"
#include "http/json_response.h"

namespace yilian::http {
namespace {

Handler Named(std::string name) {
  return [name](Request& r) {
    nlohmann::json j{{"handler", name}};
    for (const auto& [k, v] : r.path_params) j["params"][k] = v;
    return Json(200, j);
  };
}

Request Make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.path = PercentDecode(TargetPath(r.target)).value_or("");
  r.query = ParseQueryString(TargetQuery(r.target));
  return r;
}

nlohmann::json Body(const Response& res) { return nlohmann::json::parse(res.body); }

class HttpRouterTest : public ::testing::Test {
 protected:
  HttpRouterTest() {
    router_.Add("GET", "/api/v1/residents", Named("list"));
    router_.Add("POST", "/api/v1/residents", Named("create"));
    router_.Add("GET", "/api/v1/residents/{id}", Named("get"));
    router_.Add("DELETE", "/api/v1/residents/{id}", Named("delete"));
    router_.Add("GET", "/api/v1/residents/search", Named("search"));
    router_.Add("POST", "/api/v1/residents/{id}/merge", Named("merge"));
    router_.Add("GET", "/api/v1/orgunits/{ou}/residents/{id}", Named("nested"));
    router_.Add("GET", "/api/v1/boom",
                [](Request&) -> Response { throw std::runtime_error("kaboom"); });
  }
  Router router_;
};

TEST_F(HttpRouterTest, RoutesByMethodAndPattern) {
  Request r = Make("GET", "/api/v1/residents");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "list");
  r = Make("POST", "/api/v1/residents");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "create");
  r = Make("POST", "/api/v1/residents/42/merge");
  Response res = router_.Dispatch(r);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(Body(res)["handler"], "merge");
  EXPECT_EQ(r.path_params.at("id"), "42");
  r = Make("GET", "/api/v1/orgunits/140105/residents/7");
  res = router_.Dispatch(r);
  EXPECT_EQ(Body(res)["params"], (nlohmann::json{{"ou", "140105"}, {"id", "7"}}));
}

TEST_F(HttpRouterTest, LiteralBeatsParameterRegardlessOfOrder) {
  Request r = Make("GET", "/api/v1/residents/search?q=x");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "search");
  r = Make("GET", "/api/v1/residents/searchx");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "get");
}

TEST_F(HttpRouterTest, PathParamsArePercentDecodedPerSegment) {
  Request r = Make("GET", "/api/v1/residents/a%2Fb%20c");
  Response res = router_.Dispatch(r);
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(r.path_params.at("id"), "a/b c");
  // Literal segments are compared decoded too.
  r = Make("GET", "/api/v1/%72esidents");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "list");
}

TEST_F(HttpRouterTest, TrailingSlashIgnoredEmptySegmentsNot) {
  Request r = Make("GET", "/api/v1/residents/");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "list");
  r = Make("POST", "/api/v1/residents//merge");
  EXPECT_EQ(router_.Dispatch(r).status, 404);
}

TEST_F(HttpRouterTest, UnknownPathIs404Json) {
  Request r = Make("GET", "/api/v1/nothing");
  Response res = router_.Dispatch(r);
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(Body(res)["error"]["code"], "not_found");
}

TEST_F(HttpRouterTest, WrongMethodIs405WithAllow) {
  Request r = Make("PUT", "/api/v1/residents/9");
  Response res = router_.Dispatch(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(Body(res)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(res.Header("allow"), "DELETE, GET, HEAD");
  // A literal route without the method does not hide the parameter route with it.
  r = Make("DELETE", "/api/v1/residents/search");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "delete");
}

TEST_F(HttpRouterTest, HeadUsesGetHandler) {
  Request r = Make("HEAD", "/api/v1/residents");
  EXPECT_EQ(router_.Dispatch(r).status, 200);
}

TEST_F(HttpRouterTest, FallbackServesOnlyNonApiGets) {
  router_.SetFallback([](Request& r) {
    Response res;
    res.content_type = "text/html";
    res.body = "static:" + r.path;
    return res;
  });
  Request r = Make("GET", "/index.html");
  EXPECT_EQ(router_.Dispatch(r).body, "static:/index.html");
  r = Make("GET", "/");
  EXPECT_EQ(router_.Dispatch(r).body, "static:/");
  r = Make("GET", "/api/v1/unknown");
  EXPECT_EQ(router_.Dispatch(r).status, 404);
  r = Make("GET", "/api");
  EXPECT_EQ(router_.Dispatch(r).status, 404);
  r = Make("POST", "/index.html");
  EXPECT_EQ(router_.Dispatch(r).status, 404);
  r = Make("GET", "/apix");
  EXPECT_EQ(router_.Dispatch(r).body, "static:/apix");
}

TEST_F(HttpRouterTest, ThrowingHandlerIs500Json) {
  Request r = Make("GET", "/api/v1/boom");
  Response res = router_.Dispatch(r);
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(Body(res)["error"]["code"], "internal");
  EXPECT_EQ(res.body.find("kaboom"), std::string::npos);  // no internals leak out
}

TEST_F(HttpRouterTest, WorksWithDecodedPathOnly) {
  Request r;
  r.method = "GET";
  r.path = "/api/v1/residents/5";
  router_.Dispatch(r);
  EXPECT_EQ(r.path_params.at("id"), "5");
}

TEST_F(HttpRouterTest, AddReplacesAndRejectsBadPatterns) {
  router_.Add("GET", "/api/v1/residents/{other}", Named("replaced"));
  Request r = Make("GET", "/api/v1/residents/1");
  EXPECT_EQ(Body(router_.Dispatch(r))["handler"], "replaced");
  EXPECT_THROW(router_.Add("GET", "api/x", Named("x")), std::invalid_argument);
  EXPECT_THROW(router_.Add("GET", "/api/{}", Named("x")), std::invalid_argument);
}

TEST_F(HttpRouterTest, UrlPercentDecode) {
  EXPECT_EQ(PercentDecode("a%20b+c%2f%E5%BC%A0"), "a b+c/\xE5\xBC\xA0");
  EXPECT_EQ(PercentDecode(""), "");
  EXPECT_EQ(PercentDecode("%"), std::nullopt);
  EXPECT_EQ(PercentDecode("%4"), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz"), std::nullopt);
  EXPECT_EQ(PercentDecode("%00").value().size(), 1u);
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(PercentDecode(PercentEncode(all)), all);
  EXPECT_EQ(PercentEncode("a b/~"), "a%20b%2F~");
}

TEST_F(HttpRouterTest, UrlParseQueryString) {
  auto q = ParseQueryString("a=1&b=x+y&a=%32&&c&=v&d=%zz&e=%E5%BC%A0&f=a=b");
  std::multimap<std::string, std::string> want{
      {"a", "1"}, {"a", "2"},   {"b", "x y"},          {"c", ""},
      {"", "v"},  {"d", "%zz"}, {"e", "\xE5\xBC\xA0"}, {"f", "a=b"}};
  EXPECT_EQ(q, want);
  EXPECT_TRUE(ParseQueryString("").empty());
  EXPECT_EQ(ParseQueryString("x=%2B").begin()->second, "+");
}

TEST_F(HttpRouterTest, UrlTargetParts) {
  EXPECT_EQ(TargetPath("/a/b?x=1#f"), "/a/b");
  EXPECT_EQ(TargetQuery("/a/b?x=1#f"), "x=1");
  EXPECT_EQ(TargetQuery("/a/b#f?x"), "");
  EXPECT_EQ(TargetPath("http://example.com:80/a?x"), "/a");
  EXPECT_EQ(TargetPath("http://example.com"), "/");
  EXPECT_EQ(TargetPath("*"), "*");
}

TEST_F(HttpRouterTest, JsonErrorRendering) {
  Status st = Status::Invalid("resident is invalid", {{"id_number", "bad check digit"}});
  st.WithDetail("existing_record_no", "14010500100100001");
  Response res = Error(st);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, R"({"error":{"code":"invalid_argument","message":"resident is invalid",)"
                      R"("fields":[{"field":"id_number","reason":"bad check digit"}],)"
                      R"("existing_record_no":"14010500100100001"}})");
  EXPECT_EQ(Error(Status::NotFound("no resident 7")).body,
            R"({"error":{"code":"not_found","message":"no resident 7"}})");
  EXPECT_EQ(Error(Status::Conflict("dup")).status, 409);
  EXPECT_EQ(Error(Status::PreconditionFailed("stale")).status, 412);
  EXPECT_EQ(Error(Status::Unauthenticated("who")).status, 401);
  EXPECT_EQ(Error(Status::PermissionDenied("no")).status, 403);
  EXPECT_EQ(Error(Status::TooManyRequests("slow")).status, 429);
  EXPECT_EQ(Error(Status::IoError("disk")).status, 500);
  EXPECT_EQ(Error(Status::Internal("bug")).status, 500);
  // Invalid UTF-8 from client input is replaced, never thrown on.
  Response bad = Error(Status::NotFound("no resident \xff\xfe"));
  EXPECT_NE(bad.body.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NO_THROW(Json(200, nlohmann::json{{"x", "\xc3"}}));
}

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request r;
  r.method = "POST";
  r.body = std::move(body);
  if (!content_type.empty()) r.headers["content-type"] = content_type;
  return r;
}

void ExpectBodyError(const Result<nlohmann::json>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  ASSERT_EQ(r.status().fields().size(), 1u);
  EXPECT_EQ(r.status().fields()[0].field, "body");
}

TEST_F(HttpRouterTest, JsonParseJsonBody) {
  auto ok = ParseJsonBody(JsonRequest(R"({"name":"张三"})", "application/json; charset=UTF-8"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["name"], "张三");
  EXPECT_TRUE(ParseJsonBody(JsonRequest("{}", "application/merge-patch+json")).ok());
  ExpectBodyError(ParseJsonBody(JsonRequest("{")));
  ExpectBodyError(ParseJsonBody(JsonRequest("")));
  ExpectBodyError(ParseJsonBody(JsonRequest("[1]")));
  ExpectBodyError(ParseJsonBody(JsonRequest("{}", "text/plain")));
  ExpectBodyError(ParseJsonBody(JsonRequest("{}", "")));
  ExpectBodyError(ParseJsonBody(JsonRequest("{\"a\":\"\xff\"}")));
  ExpectBodyError(ParseJsonBody(JsonRequest(std::string(1000, '[') + std::string(1000, ']'))));
  // Brackets inside strings do not count as nesting.
  EXPECT_TRUE(ParseJsonBody(JsonRequest("{\"a\":\"" + std::string(1000, '[') + "\"}")).ok());
}

}  // namespace
}  // namespace yilian::http
