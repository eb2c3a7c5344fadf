// Client: a small synchronous HTTP/1.1 client for tests and tools.
//
// One connection, kept alive between calls, over plain TCP or TLS. Not
// thread-safe: use one Client per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace yilian::http {

// How a Client speaks TLS.
struct ClientTlsOptions {
  // PEM file of the certificates to trust (a CA bundle, or a self-signed
  // server's own certificate); empty = the system's default CA paths.
  std::string ca_file;
  // Check the server's certificate chain and that it names host (DNS name or
  // IP address). false accepts any certificate: for tests only.
  bool verify = true;
};

class Client {
 public:
  // Plain HTTP.
  Client(std::string host, uint16_t port);
  // HTTPS: every connection starts with a TLS handshake (SNI = host when it is
  // a name); a failed handshake or verification fails Send with kIoError.
  Client(std::string host, uint16_t port, ClientTlsOptions tls);
  ~Client();
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;

  // Sends one request and reads the whole response. Adds Host and, when body is
  // not empty and headers name no Content-Type, "Content-Type: application/json".
  // The response's headers hold every response header (names lowercased) and
  // its content_type the Content-Type ("" when absent). Connects on first use
  // and after the server closed the connection; a request on a reused
  // connection that the server had closed meanwhile is sent again once on a new
  // one. Fails with kIoError when connecting, sending or receiving fails or
  // takes longer than timeout().
  Result<Response> Send(const std::string& method, const std::string& target,
                        const std::string& body = "",
                        std::vector<std::pair<std::string, std::string>> headers = {});

  // Limit for each of connecting, sending and receiving; 30 s unless set.
  void set_timeout(std::chrono::milliseconds timeout);
  std::chrono::milliseconds timeout() const;

  // Closes the connection (the next Send opens a new one).
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace yilian::http
