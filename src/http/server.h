// Server: the HTTP/1.1 front of `yilian serve`, on Boost.Beast/Asio.
//
// Handlers run synchronously on the I/O threads, one request at a time per
// connection; keep-alive and pipelining are supported, and responses go out in
// request order. Every response carries "Server: yilian" and an incrementing
// X-Request-Id. Each connection has three deadlines: idle (no byte of a next
// request yet), header (from its first byte until the header is complete) and
// body (from the header until the body is complete; also bounds each response
// write). A missed deadline closes the connection without an answer. A body over
// max_body_bytes is answered 413, a header over max_header_bytes 431, any other
// malformed request 400, all as JSON errors followed by closing the connection.
// Connections beyond max_connections, or beyond max_connections_per_ip from one
// address, are closed on accept, so one client cannot take every slot.
//
// With tls_cert_file and tls_key_file set, every connection speaks TLS (1.2 or
// later, OpenSSL) instead of plain HTTP; the handshake counts as header time, so
// a client that connects and never handshakes is closed after header_timeout.
// A peer that does not handshake (e.g. plain HTTP sent to the TLS port) is
// closed without an answer. Everything above holds for TLS connections too.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/router.h"

namespace yilian::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // literal address or a name to resolve
  uint16_t port = 8080;            // 0 = ephemeral; see Server::port()
  int threads = 0;                 // 0 = hardware_concurrency
  size_t max_body_bytes = 8 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds idle_timeout{75};
  int max_connections_per_ip = 2048;
  int max_connections = 20000;
  // How long Stop() lets requests in progress finish before cutting them off.
  std::chrono::seconds shutdown_timeout{5};
  // PEM certificate chain (leaf first) for TLS; empty together with tls_key_file = plain HTTP.
  std::string tls_cert_file;
  // PEM private key of that certificate, unencrypted; set exactly when tls_cert_file is.
  std::string tls_key_file;
};

class Server {
 public:
  // router is only read, from the I/O threads, and must outlive the server.
  Server(ServerOptions options, const Router& router);
  // Must not run while Run() does: Stop() and wait for Run() to return first.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS certificate and key when set, then binds and listens
  // (SO_REUSEADDR). Fails with kInvalidArgument when only one of tls_cert_file and
  // tls_key_file is set, with kIoError naming the file and OpenSSL's reason when
  // one cannot be read or used (unreadable, not PEM, key not matching the
  // certificate), and with kIoError naming the address when it cannot listen,
  // e.g. when it is already in use. Also makes SIGPIPE ignored process-wide.
  Status Start();

  // Whether connections speak TLS, once Start() succeeded; for "https://" in messages.
  bool tls() const;

  // The bound port, once Start() succeeded (the real one when options.port was 0).
  uint16_t port() const;

  // Serves on options.threads threads, the caller's among them, until Stop();
  // returns once every connection is closed.
  void Run();

  // Thread-safe, idempotent, returns at once. Stops accepting, closes idle
  // connections, lets requests in progress finish (closing their connections
  // after the response) and cuts off what is left after shutdown_timeout.
  void Stop();

  // Open connections (for tests and metrics).
  size_t connection_count() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace yilian::http
