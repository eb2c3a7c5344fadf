#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/json_response.h"
#include "http/request_parse.h"

namespace yilian::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

// After answering with "Connection: close" we half-close and read until the
// client closes too, for at most this long: closing with unread input would
// send a RST that can destroy the response before the client reads it.
constexpr std::chrono::seconds kLingerTimeout{2};

std::string IpString(const net::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6()).to_string();
  }
  return a.to_string();
}

// RFC 9110 IMF-fixdate, formatted at most once a second per thread.
std::string_view HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached = -1;
  thread_local std::array<char, 64> buf;
  thread_local size_t len = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    int n = std::snprintf(buf.data(), buf.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                          kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                          tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    len = n > 0 ? static_cast<size_t>(n) : 0;
    cached = now;
  }
  return {buf.data(), len};
}

void AppendNumber(std::string& out, uint64_t v) {
  std::array<char, 24> buf;
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

// Headers the server writes itself; a handler's copy would break framing or repeat them.
bool IsReservedHeader(std::string_view name) {
  for (std::string_view r : {"content-length", "transfer-encoding", "connection", "server", "date",
                             "x-request-id", "content-type", "keep-alive"}) {
    if (EqualsLower(name, r)) return true;
  }
  return false;
}

// A handler's header is dropped rather than sent if it could split the response.
bool IsSafeHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':') return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

bool StatusHasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

std::string_view Reason(int status) {
  bhttp::status s = bhttp::int_to_status(static_cast<unsigned>(status));
  if (s == bhttp::status::unknown) return "Unknown";
  auto r = bhttp::obsolete_reason(s);
  return {r.data(), r.size()};
}

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// OpenSSL's queued errors as "library: reason; ...", clearing the queue.
std::string OpenSslErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    const char* lib = ERR_lib_error_string(e);
    const char* reason = ERR_reason_error_string(e);
    std::string one = fmt::format("{}{}{}", lib ? lib : "", lib ? ": " : "",
                                  reason ? reason : fmt::format("error {:#x}", e));
    if (out.find(one) != std::string::npos) continue;
    if (!out.empty()) out += "; ";
    out += one;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

// Fails naming the file when it cannot be opened for reading.
Status CheckReadable(const char* what, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::IoError(
        fmt::format("cannot read TLS {} file '{}': {}", what, path, std::strerror(errno)));
  }
  std::fclose(f);
  return Status::Ok();
}

// An encrypted key fails to load instead of prompting on the terminal.
int NoPassword(char*, int, int, void*) { return -1; }

// A server context: TLS 1.2 minimum, the server's cipher order, no
// compression, no renegotiation, and the given certificate chain and key.
Status MakeTlsContext(const ServerOptions& o, std::optional<net::ssl::context>& out) {
  const std::string& cert = o.tls_cert_file;
  const std::string& key = o.tls_key_file;
  if (cert.empty() && key.empty()) return Status::Ok();
  if (key.empty()) {
    return Status::Invalid(fmt::format(
        "TLS key file not set: the certificate file '{}' needs its private key file too", cert));
  }
  if (cert.empty()) {
    return Status::Invalid(fmt::format(
        "TLS certificate file not set: the key file '{}' needs its certificate file too", key));
  }
  if (Status st = CheckReadable("certificate", cert); !st.ok()) return st;
  if (Status st = CheckReadable("key", key); !st.ok()) return st;

  std::optional<net::ssl::context> ctx;
  try {
    ctx.emplace(net::ssl::context::tls_server);
  } catch (const std::exception& e) {
    return Status::Internal(fmt::format("cannot create a TLS context: {}", e.what()));
  }
  SSL_CTX* native = ctx->native_handle();
  ERR_clear_error();
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                  SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 |
                                  SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
  // Idle keep-alive connections give their record buffers back.
  SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
  // TLS 1.2 suites: forward secret AEAD only (TLS 1.3 keeps OpenSSL's defaults).
  static constexpr const char* kTls12Ciphers =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    return Status::Internal("cannot configure TLS: " + OpenSslErrors());
  }
  SSL_CTX_set_default_passwd_cb(native, NoPassword);

  if (SSL_CTX_use_certificate_chain_file(native, cert.c_str()) != 1) {
    return Status::IoError(
        fmt::format("cannot use TLS certificate file '{}': {}", cert, OpenSslErrors()));
  }
  EVP_PKEY* pkey = nullptr;
  if (BIO* bio = BIO_new_file(key.c_str(), "r")) {
    pkey = PEM_read_bio_PrivateKey(bio, nullptr, NoPassword, nullptr);
    BIO_free(bio);
  }
  if (pkey == nullptr) {
    return Status::IoError(
        fmt::format("cannot use TLS key file '{}' (an unencrypted PEM private key is needed): {}",
                    key, OpenSslErrors()));
  }
  bool matches =
      SSL_CTX_use_PrivateKey(native, pkey) == 1 && SSL_CTX_check_private_key(native) == 1;
  EVP_PKEY_free(pkey);
  if (!matches) {
    return Status::IoError(fmt::format("TLS key file '{}' does not match certificate file '{}': {}",
                                       key, cert, OpenSslErrors()));
  }
  out = std::move(ctx);
  return Status::Ok();
}

class SessionBase;

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router);
  ~Impl();

  Status Start();
  void Run();
  void Stop();
  size_t connection_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sessions_.size();
  }

  // For sessions.
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  bool stopping() const { return stopping_flag_.load(std::memory_order_relaxed); }
  uint64_t NextRequestId() { return next_request_id_.fetch_add(1, std::memory_order_relaxed) + 1; }
  bool Admit(SessionBase* s);
  void Release(SessionBase* s);

 private:
  void DoAccept();
  void OnAccept(error_code ec, tcp::socket socket);
  void RunLoop();

  const ServerOptions options_;
  const Router& router_;
  std::atomic<uint64_t> next_request_id_{0};
  std::atomic<bool> stopping_flag_{false};

  // Declared before ioc_ so they outlive it: destroying ioc_ destroys pending
  // handlers, hence sessions, which call Release().
  mutable std::mutex mu_;
  bool stopping_ = false;                        // guarded by mu_
  bool destroyed_ = false;                       // guarded by mu_
  std::unordered_set<SessionBase*> sessions_;    // guarded by mu_
  std::unordered_map<std::string, int> per_ip_;  // guarded by mu_
  Clock::time_point last_accept_error_log_{};    // on strand_
  std::optional<net::ssl::context> tls_;         // set by Start() when serving TLS

  net::io_context ioc_;
  // The acceptor and the two timers live on one strand.
  net::strand<net::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_retry_;
  net::steady_timer grace_;
  uint16_t port_ = 0;
  int threads_;

  friend class Server;
};

namespace {

// What the server knows of a connection, whatever its stream type.
class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  SessionBase(Server::Impl& server, std::string ip) : server_(server), ip_(std::move(ip)) {}
  virtual ~SessionBase() {
    if (registered_) server_.Release(this);
  }
  SessionBase(const SessionBase&) = delete;
  SessionBase& operator=(const SessionBase&) = delete;

  const std::string& ip() const { return ip_; }
  void set_registered() { registered_ = true; }

  virtual void Start() = 0;
  // Called by Server::Stop from any thread.
  virtual void PostStop() = 0;

 protected:
  Server::Impl& server_;
  const std::string ip_;

 private:
  bool registered_ = false;
};

// One client connection, over Stream: PlainStream (HTTP) or TlsStream (HTTPS).
// All its handlers run on its own strand.
template <class Stream>
class Session final : public SessionBase {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  // stream_args construct the Stream: the accepted socket, then for TLS the context.
  template <class... Args>
  Session(Server::Impl& server, std::string ip, Args&&... stream_args)
      : SessionBase(server, std::move(ip)), stream_(std::forward<Args>(stream_args)...) {}

  void Start() override {
    net::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->Handshake();
      } else {
        self->StartRequest();
      }
    });
  }

  void PostStop() override {
    net::post(stream_.get_executor(), [self = Self()] {
      // Mid-request connections finish their request and close after the response.
      if (self->phase_ == Phase::kHandshake || self->phase_ == Phase::kIdle ||
          self->phase_ == Phase::kClosing) {
        self->Tcp().close();
      }
    });
  }

 private:
  enum class Phase { kHandshake, kIdle, kHeader, kBody, kHandling, kWriting, kClosing };

  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }
  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  // TLS only: the handshake must end within header_timeout, like a request header.
  void Handshake() {
    phase_ = Phase::kHandshake;
    Tcp().expires_after(server_.options().header_timeout);
    stream_.async_handshake(net::ssl::stream_base::server, [self = Self()](error_code ec) {
      if (ec) {
        // Timeout, plain HTTP sent to the TLS port, no common protocol or cipher...
        spdlog::debug("closing connection from {}: TLS handshake failed: {}", self->ip_,
                      ec.message());
        return;  // the last reference goes, closing the socket
      }
      self->StartRequest();
    });
  }

  void StartRequest() {
    const ServerOptions& o = server_.options();
    parser_.emplace();
    ConfigureParser(*parser_, o.max_header_bytes, o.max_body_bytes);
    if (buffer_.size() == 0) {
      if (server_.stopping()) {
        Tcp().close();
        return;
      }
      // Idle keep-alive connections should cost little: give back a buffer
      // that a large request grew.
      if (buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();
      phase_ = Phase::kIdle;
      deadline_ = Clock::now() + o.idle_timeout;
    } else {
      phase_ = Phase::kHeader;
      deadline_ = Clock::now() + o.header_timeout;
    }
    Process();
  }

  // Parses what is buffered, then handles a complete request or reads more.
  void Process() {
    const ServerOptions& o = server_.options();
    if (buffer_.size() > 0) {
      if (phase_ == Phase::kIdle) {
        phase_ = Phase::kHeader;
        deadline_ = Clock::now() + o.header_timeout;
      }
      error_code ec;
      auto data = buffer_.data();
      size_t used = FeedParser(
          *parser_, std::string_view(static_cast<const char*>(data.data()), data.size()), ec);
      buffer_.consume(used);
      if (ec) {
        OnParseError(ec);
        return;
      }
    }
    if (parser_->is_done()) {
      Handle();
      return;
    }
    if (phase_ == Phase::kHeader && parser_->is_header_done()) {
      phase_ = Phase::kBody;
      deadline_ = Clock::now() + o.body_timeout;
      const auto& h = parser_->get();
      auto expect = h[bhttp::field::expect];
      if (h.version() >= 11 && EqualsLower({expect.data(), expect.size()}, "100-continue")) {
        // Clients such as curl wait for this before sending a large body.
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        Tcp().expires_at(deadline_);
        net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                         [self = Self()](error_code ec, size_t) {
                           if (!ec) self->Read();
                         });
        return;
      }
    }
    Read();
  }

  void Read() {
    Tcp().expires_at(deadline_);
    // Small reads while waiting for a header keep idle connections cheap; the
    // buffer grows when a header is larger.
    size_t want = phase_ == Phase::kBody ? 64 * 1024 : 4 * 1024;
    stream_.async_read_some(buffer_.prepare(want),
                            [self = Self()](error_code ec, size_t n) { self->OnRead(ec, n); });
  }

  void OnRead(error_code ec, size_t n) {
    buffer_.commit(n);
    if (ec) {
      // End of stream, reset, a missed deadline or Stop(): nobody to answer.
      if (ec == beast::error::timeout && phase_ != Phase::kIdle) {
        spdlog::debug("closing connection from {}: request not received in time", ip_);
      }
      return;  // the last reference goes, closing the socket
    }
    Process();
  }

  void OnParseError(error_code ec) {
    Response res;
    if (ec == bhttp::error::body_limit) {
      res = Error(413, "payload_too_large",
                  fmt::format("request body exceeds {} bytes", server_.options().max_body_bytes));
    } else if (ec == bhttp::error::header_limit) {
      res =
          Error(431, "header_too_large",
                fmt::format("request header exceeds {} bytes", server_.options().max_header_bytes));
    } else {
      res = Error(Status::Invalid("malformed HTTP request: " + ec.message()));
    }
    // The stream is out of step with the parser: answer, then close.
    keep_alive_ = false;
    head_request_ = false;
    started_ = Clock::now();
    Write(std::move(res), server_.NextRequestId());
  }

  void Handle() {
    phase_ = Phase::kHandling;
    started_ = Clock::now();
    const auto& msg = parser_->get();
    keep_alive_ = msg.keep_alive();
    http10_ = msg.version() < 11;
    head_request_ = msg.method() == bhttp::verb::head;
    Request req;
    req.remote_ip = ip_;
    req.request_id = server_.NextRequestId();
    Response res;
    try {
      Status st = ToRequest(parser_->release(), req);
      res = st.ok() ? server_.router().Dispatch(req) : Error(st);
    } catch (const std::exception& e) {  // e.g. bad_alloc; the router catches handlers' own
      spdlog::error("request {} {} failed: {}", req.method, req.path, e.what());
      res = Error(Status::Internal("internal server error"));
    }
    if (spdlog::should_log(spdlog::level::debug)) {
      log_method_ = req.method;
      log_target_ = req.target;
    }
    Write(std::move(res), req.request_id);
  }

  void Write(Response&& res, uint64_t request_id) {
    const bool close = !keep_alive_ || server_.stopping();
    const bool no_body = StatusHasNoBody(res.status);
    status_ = res.status;
    request_id_ = request_id;
    if (no_body) res.body.clear();
    head_.clear();
    head_ += "HTTP/1.1 ";
    AppendNumber(head_, static_cast<uint64_t>(res.status));
    head_ += ' ';
    head_ += Reason(res.status);
    head_ += "\r\nServer: yilian\r\nDate: ";
    head_ += HttpDate();
    head_ += "\r\nX-Request-Id: ";
    AppendNumber(head_, request_id);
    if (!no_body) {
      if (!res.content_type.empty() && IsSafeHeader("Content-Type", res.content_type)) {
        head_ += "\r\nContent-Type: ";
        head_ += res.content_type;
      }
      head_ += "\r\nContent-Length: ";
      AppendNumber(head_, res.body.size());
    }
    for (const auto& [name, value] : res.headers) {
      if (IsReservedHeader(name) || !IsSafeHeader(name, value)) {
        spdlog::debug("dropping response header '{}'", name);
        continue;
      }
      head_ += "\r\n";
      head_ += name;
      head_ += ": ";
      head_ += value;
    }
    if (close) {
      head_ += "\r\nConnection: close";
    } else if (http10_) {
      head_ += "\r\nConnection: keep-alive";
    }
    head_ += "\r\n\r\n";
    body_ = std::move(res.body);

    phase_ = Phase::kWriting;
    Tcp().expires_after(server_.options().body_timeout);
    std::array<net::const_buffer, 2> buffers{
        net::buffer(head_), head_request_ ? net::const_buffer() : net::buffer(body_)};
    net::async_write(stream_, buffers,
                     [self = Self(), close](error_code ec, size_t) { self->OnWrite(ec, close); });
  }

  void OnWrite(error_code ec, bool close) {
    if (spdlog::should_log(spdlog::level::debug)) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
      spdlog::debug("{} {} {} -> {} in {} us (id {}){}", ip_, log_method_, log_target_, status_,
                    us.count(), request_id_, ec ? " write failed: " + ec.message() : "");
    }
    if (ec) return;
    if (close) {
      Linger();
      return;
    }
    StartRequest();
  }

  void Linger() {
    phase_ = Phase::kClosing;
    buffer_.clear();
    Tcp().expires_after(kLingerTimeout);
    if constexpr (kTls) {
      // Sends close_notify, then reads (OpenSSL discards application data) until
      // the client's close_notify or its end of stream.
      stream_.async_shutdown([self = Self()](error_code) {});
    } else {
      error_code ec;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) return;
      Drain();
    }
  }

  void Drain() {
    Tcp().async_read_some(buffer_.prepare(4096), [self = Self()](error_code ec, size_t) {
      if (ec) return;
      self->Drain();
    });
  }

  Stream stream_;
  beast::flat_buffer buffer_;  // reused for every request on the connection
  std::optional<RequestParser> parser_;
  Phase phase_ = Phase::kIdle;
  Clock::time_point deadline_;
  Clock::time_point started_;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool head_request_ = false;
  int status_ = 0;
  uint64_t request_id_ = 0;
  std::string head_;  // serialized status line and headers, reused
  std::string body_;
  std::string log_method_;
  std::string log_target_;
};

}  // namespace

Server::Impl::Impl(ServerOptions options, const Router& router)
    : options_(std::move(options)),
      router_(router),
      ioc_(ThreadCount(options_.threads)),
      strand_(net::make_strand(ioc_)),
      acceptor_(strand_),
      accept_retry_(strand_),
      grace_(strand_),
      threads_(ThreadCount(options_.threads)) {}

Server::Impl::~Impl() {
  std::lock_guard<std::mutex> lock(mu_);
  destroyed_ = true;
}

Status Server::Impl::Start() {
  // Asio sends with MSG_NOSIGNAL, but other code in the process may not.
  std::signal(SIGPIPE, SIG_IGN);
  if (acceptor_.is_open()) return Status::Internal("server already started");
  // Certificate problems show before anything listens.
  if (Status st = MakeTlsContext(options_, tls_); !st.ok()) return st;
  error_code ec;
  net::ip::address address = net::ip::make_address(options_.host, ec);
  if (ec) {
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, "", ec);
    if (ec || results.empty()) {
      return Status::IoError(fmt::format("cannot resolve listen address '{}': {}", options_.host,
                                         ec ? ec.message() : "no addresses"));
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, options_.port);
  std::string where = address.is_v6() ? fmt::format("[{}]:{}", address.to_string(), options_.port)
                                      : fmt::format("{}:{}", address.to_string(), options_.port);
  auto fail = [&](const char* what) {
    error_code ignored;
    acceptor_.close(ignored);
    if (ec == net::error::address_in_use) {
      return Status::IoError(fmt::format(
          "cannot listen on {}: address already in use (is another server running there?)", where));
    }
    return Status::IoError(fmt::format("cannot listen on {}: {}: {}", where, what, ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("SO_REUSEADDR");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec) return fail("local_endpoint");
  net::dispatch(strand_, [this] { DoAccept(); });
  return Status::Ok();
}

void Server::Impl::DoAccept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(error_code ec, tcp::socket socket) {
  if (!acceptor_.is_open()) return;  // Stop()
  if (ec) {
    if (ec == net::error::operation_aborted) return;
    // Typically out of file descriptors: pause instead of spinning on the error.
    auto now = Clock::now();
    if (now - last_accept_error_log_ > std::chrono::seconds(1)) {
      spdlog::warn("accept failed: {}", ec.message());
      last_accept_error_log_ = now;
    }
    accept_retry_.expires_after(std::chrono::milliseconds(50));
    accept_retry_.async_wait([this](error_code e) {
      if (!e && acceptor_.is_open()) DoAccept();
    });
    return;
  }
  error_code ignored;
  tcp::endpoint remote = socket.remote_endpoint(ignored);
  if (!ignored) {
    socket.set_option(tcp::no_delay(true), ignored);
    std::shared_ptr<SessionBase> session;
    if (tls_) {
      session = std::make_shared<Session<TlsStream>>(*this, IpString(remote.address()),
                                                     std::move(socket), *tls_);
    } else {
      session = std::make_shared<Session<PlainStream>>(*this, IpString(remote.address()),
                                                       std::move(socket));
    }
    if (Admit(session.get())) {
      session->Start();
    } else {
      spdlog::debug("refused connection from {}: connection limit", session->ip());
    }
  }
  DoAccept();
}

bool Server::Impl::Admit(SessionBase* s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || sessions_.size() >= static_cast<size_t>(std::max(0, options_.max_connections))) {
    return false;
  }
  auto [it, inserted] = per_ip_.try_emplace(s->ip(), 0);
  if (it->second >= options_.max_connections_per_ip) {
    if (inserted) per_ip_.erase(it);
    return false;
  }
  ++it->second;
  sessions_.insert(s);
  s->set_registered();
  return true;
}

void Server::Impl::Release(SessionBase* s) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(s);
  auto it = per_ip_.find(s->ip());
  if (it != per_ip_.end() && --it->second <= 0) per_ip_.erase(it);
  if (stopping_ && sessions_.empty() && !destroyed_) {
    net::post(strand_, [this] { grace_.cancel(); });  // let Run() return now
  }
}

void Server::Impl::RunLoop() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("uncaught exception on an I/O thread: {}", e.what());
    }
  }
}

void Server::Impl::Run() {
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads_ - 1));
  for (int i = 1; i < threads_; ++i) pool.emplace_back([this] { RunLoop(); });
  RunLoop();
  for (std::thread& t : pool) t.join();
}

void Server::Impl::Stop() {
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    stopping_flag_.store(true, std::memory_order_relaxed);
    live.reserve(sessions_.size());
    for (SessionBase* s : sessions_) {
      // Null when the session is already being destroyed.
      if (auto p = s->weak_from_this().lock()) live.push_back(std::move(p));
    }
  }
  net::post(strand_, [this] {
    error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    std::lock_guard<std::mutex> lock(mu_);
    if (sessions_.empty()) return;
    grace_.expires_after(options_.shutdown_timeout);
    grace_.async_wait([this](error_code ec) {
      if (ec) return;
      spdlog::warn("shutdown: closing {} connection(s) still busy after {} s", connection_count(),
                   options_.shutdown_timeout.count());
      ioc_.stop();
    });
  });
  for (auto& s : live) s->PostStop();
}

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}
Server::~Server() = default;
Status Server::Start() { return impl_->Start(); }
uint16_t Server::port() const { return impl_->port_; }
bool Server::tls() const { return impl_->tls_.has_value(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }
size_t Server::connection_count() const { return impl_->connection_count(); }

}  // namespace yilian::http
