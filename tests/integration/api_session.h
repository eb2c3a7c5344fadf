// A logged-in API user for integration tests: logs in over HTTP and sends
// each request with the session cookie and CSRF token (or an API token).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "http/client.h"
#include "server_fixture.h"

namespace yilian {

// Runs the yilian binary with `args` (and `stdin_text` on its standard
// input); returns its exit code with stdout and stderr in *output.
int RunCli(const std::string& args, std::string* output, const std::string& stdin_text = "");

// Parses a response body (discarded JSON when it is not JSON).
nlohmann::json Body(const http::Response& r);

class ApiSession {
 public:
  // Logs in as username/password; check ok() (and login_response()) after.
  ApiSession(const ServerProcess& server, const std::string& username, const std::string& password);
  // Uses an API token instead of a session.
  static ApiSession WithToken(const ServerProcess& server, const std::string& token);

  bool ok() const { return login_.status == 200; }
  const http::Response& login_response() const { return login_; }
  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }

  // Sends with the credentials; `body` null means no body.
  http::Response Call(const std::string& method, const std::string& target,
                      const nlohmann::json& body = nullptr,
                      std::vector<std::pair<std::string, std::string>> headers = {});
  // Sends without the CSRF header (to prove it is needed).
  http::Response CallWithoutCsrf(const std::string& method, const std::string& target,
                                 const nlohmann::json& body = nullptr);

 private:
  ApiSession(const ServerProcess& server) : client_(server.Client()) {}
  http::Client client_;
  http::Response login_;
  std::string cookie_;  // "yilian_session=…"
  std::string csrf_;
  std::string bearer_;
};

// Writes a roles file with the built-in roles plus role "tester" holding
// every permission (for tests of the registries, not of access control).
std::string WriteTesterRoles(const std::string& dir);

}  // namespace yilian
