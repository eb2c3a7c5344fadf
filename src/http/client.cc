#include "http/client.h"

#include <optional>

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace yilian::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using boost::system::error_code;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

// What a server's closing of an idle kept-alive connection looks like to us.
bool IsStaleConnectionError(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == net::error::connection_aborted || ec == bhttp::error::partial_message ||
         ec == net::ssl::error::stream_truncated;
}

}  // namespace

struct Client::Impl {
  Impl(std::string h, uint16_t p) : host(std::move(h)), port(p), stream(ioc) {}
  Impl(std::string h, uint16_t p, const ClientTlsOptions& o) : Impl(std::move(h), p) {
    tls_verify = o.verify;
    error_code ec;
    ssl_ctx.emplace(net::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ssl_ctx->native_handle(), TLS1_2_VERSION);
    if (!o.ca_file.empty()) {
      ssl_ctx->load_verify_file(o.ca_file, ec);
    } else if (o.verify) {
      ssl_ctx->set_default_verify_paths(ec);
    }
    if (ec) {
      tls_error = fmt::format("cannot load TLS CA file '{}': {}", o.ca_file, ec.message());
    }
  }

  // The TCP layer of the connection.
  beast::tcp_stream& Tcp() { return tls ? beast::get_lowest_layer(*tls) : stream; }

  // Calls f with the stream that carries HTTP: TLS or plain.
  template <class F>
  void WithStream(F&& f) {
    if (tls) {
      f(*tls);
    } else {
      f(stream);
    }
  }

  // Runs the io_context until the one pending operation completes. The
  // stream's expiry turns a hang into beast::error::timeout.
  void RunPending() {
    ioc.restart();
    ioc.run();
  }

  error_code Connect() {
    error_code ec;
    connect_step = "cannot connect";
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    if (ssl_ctx) tls.emplace(ioc, *ssl_ctx);
    Tcp().expires_after(timeout);
    Tcp().async_connect(results, [&](error_code e, const tcp::endpoint&) { ec = e; });
    RunPending();
    if (ec) return ec;
    error_code ignored;
    Tcp().socket().set_option(tcp::no_delay(true), ignored);
    if (tls) {
      error_code not_ip;
      net::ip::make_address(host, not_ip);
      // SNI carries names only.
      if (not_ip) SSL_set_tlsext_host_name(tls->native_handle(), host.c_str());
      if (tls_verify) {
        tls->set_verify_mode(net::ssl::verify_peer);
        tls->set_verify_callback(net::ssl::host_name_verification(host));
      } else {
        tls->set_verify_mode(net::ssl::verify_none);
      }
      tls->async_handshake(net::ssl::stream_base::client, [&](error_code e) { ec = e; });
      RunPending();
      if (ec) {
        connect_step = "TLS handshake failed";
        return ec;
      }
    }
    buffer.clear();
    connected = true;
    return ec;
  }

  void Disconnect() {
    error_code ignored;
    if (!ssl_ctx || tls) {
      Tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
      Tcp().close();
    }
    tls.reset();  // an SSL stream is good for one connection only
    buffer.clear();
    connected = false;
  }

  std::string host;
  uint16_t port;
  std::chrono::milliseconds timeout{30000};
  net::io_context ioc{1};
  beast::tcp_stream stream;                  // plain HTTP
  std::optional<net::ssl::context> ssl_ctx;  // set for HTTPS
  std::optional<TlsStream> tls;              // HTTPS: the open connection's stream
  bool tls_verify = true;
  const char* connect_step = "cannot connect";  // what the last failed Connect() was doing
  std::string tls_error;                        // why ssl_ctx cannot be used; fails every Send
  beast::flat_buffer buffer;
  bool connected = false;
};

Client::Client(std::string host, uint16_t port)
    : impl_(std::make_unique<Impl>(std::move(host), port)) {}
Client::Client(std::string host, uint16_t port, ClientTlsOptions tls)
    : impl_(std::make_unique<Impl>(std::move(host), port, tls)) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

void Client::set_timeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }
std::chrono::milliseconds Client::timeout() const { return impl_->timeout; }
void Client::Close() { impl_->Disconnect(); }

Result<Response> Client::Send(const std::string& method, const std::string& target,
                              const std::string& body,
                              std::vector<std::pair<std::string, std::string>> headers) {
  Impl& d = *impl_;
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, fmt::format("{}:{}", d.host, d.port));
  req.set(bhttp::field::user_agent, "yilian-client");
  bool has_content_type = false;
  for (auto& [name, value] : headers) {
    has_content_type = has_content_type || Lower(name) == "content-type";
    req.insert(name, value);
  }
  if (!body.empty() && !has_content_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();

  auto fail = [&](const char* what, const error_code& ec) {
    d.Disconnect();
    std::string why = ec == beast::error::timeout
                          ? fmt::format("timed out after {} ms", d.timeout.count())
                          : ec.message();
    return Status::IoError(
        fmt::format("{} {} to {}:{}: {}: {}", method, target, d.host, d.port, what, why));
  };

  if (!d.tls_error.empty()) {
    return Status::IoError(
        fmt::format("{} {} to {}:{}: {}", method, target, d.host, d.port, d.tls_error));
  }
  for (int attempt = 0;; ++attempt) {
    const bool reused = d.connected;
    if (!d.connected) {
      if (error_code ec = d.Connect()) return fail(d.connect_step, ec);
    }
    error_code ec;
    d.Tcp().expires_after(d.timeout);
    d.WithStream([&](auto& stream) {
      bhttp::async_write(stream, req, [&](error_code e, size_t) { ec = e; });
    });
    d.RunPending();
    if (ec) {
      if (reused && attempt == 0 && IsStaleConnectionError(ec)) {
        d.Disconnect();
        continue;
      }
      return fail("cannot send", ec);
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(boost::none);
    parser.header_limit(1 << 20);
    if (method == "HEAD") parser.skip(true);
    d.Tcp().expires_after(d.timeout);
    d.WithStream([&](auto& stream) {
      bhttp::async_read(stream, d.buffer, parser, [&](error_code e, size_t) { ec = e; });
    });
    d.RunPending();
    if (ec) {
      if (reused && attempt == 0 && !parser.got_some() && IsStaleConnectionError(ec)) {
        d.Disconnect();
        continue;
      }
      return fail("cannot read the response", ec);
    }
    auto& msg = parser.get();
    Response res;
    res.status = static_cast<int>(msg.result_int());
    res.content_type.clear();
    for (const auto& field : msg) {
      std::string name = Lower(field.name_string());
      if (name == "content-type") res.content_type = std::string(field.value());
      res.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    res.body = std::move(msg.body());
    if (!msg.keep_alive()) d.Disconnect();
    return res;
  }
}

}  // namespace yilian::http
