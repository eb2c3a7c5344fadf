#include "web/static_site.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "testing/test_county.h"

namespace yilian::web {
namespace {

void Write(const std::string& path, const std::string& body) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << body;
}

http::Request Get(const std::string& path) {
  http::Request r;
  r.method = "GET";
  r.path = path;
  r.target = path;
  return r;
}

TEST(StaticSiteTest, ServesFilesAndTheAppForItsRoutes) {
  std::string dir = testing::FreshTempDir();
  Write(dir + "/index.html", "<html>app</html>");
  Write(dir + "/assets/app-1a2b.js", "console.log(1)");
  auto site = StaticSite::Load(dir);
  ASSERT_TRUE(site.ok()) << site.status().ToString();
  EXPECT_EQ((*site)->files(), 2u);

  auto index = (*site)->Serve(Get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>app</html>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");

  auto js = (*site)->Serve(Get("/assets/app-1a2b.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js.Header("Cache-Control")->find("immutable"), std::string::npos);

  // An app route gets index.html; a missing file is a 404.
  EXPECT_EQ((*site)->Serve(Get("/residents/42")).body, "<html>app</html>");
  EXPECT_EQ((*site)->Serve(Get("/assets/missing.js")).status, 404);
  // Nothing outside the root can be named: only files read at start-up exist.
  EXPECT_EQ((*site)->Serve(Get("/../../etc/passwd")).body, "<html>app</html>");
  EXPECT_EQ((*site)->Serve(Get("/../../etc/hosts.allow")).status, 404);

  // Revalidation.
  auto again = Get("/assets/app-1a2b.js");
  again.headers["if-none-match"] = *js.Header("ETag");
  auto not_modified = (*site)->Serve(again);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  std::filesystem::remove_all(dir);
}

TEST(StaticSiteTest, NeedsAnIndex) {
  std::string dir = testing::FreshTempDir();
  auto site = StaticSite::Load(dir);
  EXPECT_EQ(site.status().code(), Status::Code::kNotFound);
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yilian::web
