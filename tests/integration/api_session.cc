#include "api_session.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "auth/role.h"

namespace yilian {

int RunCli(const std::string& args, std::string* output, const std::string& stdin_text) {
  std::string cmd = std::string(YILIAN_BINARY) + " " + args + " 2>&1";
  if (!stdin_text.empty()) {
    std::string file = TempDir() + "/stdin.txt";
    std::ofstream(file) << stdin_text << "\n";
    cmd = cmd + " < " + file;
  }
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output->append(buf, n);
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

nlohmann::json Body(const http::Response& r) {
  return nlohmann::json::parse(r.body, nullptr, false);
}

ApiSession::ApiSession(const ServerProcess& server, const std::string& username,
                       const std::string& password)
    : client_(server.Client()) {
  nlohmann::json b = {{"username", username}, {"password", password}};
  auto r =
      client_.Send("POST", "/api/v1/auth/login", b.dump(), {{"Content-Type", "application/json"}});
  if (!r.ok()) {
    ADD_FAILURE() << r.status().ToString();
    return;
  }
  login_ = *r;
  if (login_.status != 200) return;
  auto set = login_.Header("set-cookie");
  if (set) cookie_ = set->substr(0, set->find(';'));
  csrf_ = Body(login_).value("csrf_token", "");
}

ApiSession ApiSession::WithToken(const ServerProcess& server, const std::string& token) {
  ApiSession s(server);
  s.bearer_ = token;
  s.login_.status = 200;
  return s;
}

http::Response ApiSession::Call(const std::string& method, const std::string& target,
                                const nlohmann::json& body,
                                std::vector<std::pair<std::string, std::string>> headers) {
  if (!cookie_.empty()) {
    headers.emplace_back("Cookie", cookie_);
    headers.emplace_back("X-CSRF-Token", csrf_);
  }
  if (!bearer_.empty()) headers.emplace_back("Authorization", "Bearer " + bearer_);
  if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
  auto r = client_.Send(method, target, body.is_null() ? "" : body.dump(), std::move(headers));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : http::Response{};
}

http::Response ApiSession::CallWithoutCsrf(const std::string& method, const std::string& target,
                                           const nlohmann::json& body) {
  std::vector<std::pair<std::string, std::string>> headers = {{"Cookie", cookie_}};
  if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
  auto r = client_.Send(method, target, body.is_null() ? "" : body.dump(), std::move(headers));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : http::Response{};
}

std::string WriteTesterRoles(const std::string& dir) {
  nlohmann::json roles = nlohmann::json::array();
  for (const auto& r : auth::RoleCatalog::Default().roles()) {
    roles.push_back({{"code", r.code}, {"permissions", r.permissions.Names()}});
  }
  std::vector<std::string> all;
  for (int i = 0; i < static_cast<int>(auth::Permission::kCount); ++i) {
    all.emplace_back(auth::PermissionName(static_cast<auth::Permission>(i)));
  }
  roles.push_back({{"code", "tester"}, {"permissions", all}});
  std::string path = dir + "/roles.json";
  std::ofstream(path) << nlohmann::json{{"version", "test"}, {"roles", roles}}.dump(2);
  return path;
}

}  // namespace yilian
