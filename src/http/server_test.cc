#include "http/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <nlohmann/json.hpp>

#include "http/client.h"
#include "http/json_response.h"

namespace yilian::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

template <class T, auto Free>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslDeleter<SSL_CTX, SSL_CTX_free>>;

// A fresh EC P-256 key.
PkeyPtr NewKey() {
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr);
  if (kctx != nullptr && EVP_PKEY_keygen_init(kctx) == 1 &&
      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kctx, NID_X9_62_prime256v1) == 1) {
    EVP_PKEY_keygen(kctx, &pkey);
  }
  EVP_PKEY_CTX_free(kctx);
  return PkeyPtr(pkey);
}

// A self-signed certificate for key: CN=localhost, valid from an hour ago for a
// day, naming localhost and 127.0.0.1.
X509Ptr SelfSign(EVP_PKEY* key, long serial) {
  X509Ptr x(X509_new());
  if (!x) return nullptr;
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 24 * 3600);
  X509_set_pubkey(x.get(), key);
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x.get(), name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, x.get(), x.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  if (san == nullptr) return nullptr;
  X509_add_ext(x.get(), san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(x.get(), key, EVP_sha256()) == 0) return nullptr;
  return x;
}

// Writes a new key and its self-signed certificate as PEM files at cert_path
// and key_path.
bool WriteSelfSignedCert(const std::string& cert_path, const std::string& key_path, long serial) {
  PkeyPtr key = NewKey();
  if (!key) return false;
  X509Ptr cert = SelfSign(key.get(), serial);
  if (!cert) return false;
  bool ok = false;
  if (BIO* b = BIO_new_file(cert_path.c_str(), "w")) {
    ok = PEM_write_bio_X509(b, cert.get()) == 1;
    BIO_free(b);
  }
  if (BIO* b = ok ? BIO_new_file(key_path.c_str(), "w") : nullptr) {
    ok = PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
    BIO_free(b);
  } else {
    ok = false;
  }
  return ok;
}

// A blocking socket, plain or TLS, for what Client does not do: pipelining,
// half requests, watching the server close.
class RawConnection {
 public:
  // With tls, handshakes after connecting (see handshaken()); verifies nothing.
  explicit RawConnection(uint16_t port, SSL_CTX* tls = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    SetReadTimeout(milliseconds(5000));
    if (tls != nullptr && connected_) {
      ssl_ = SSL_new(tls);
      SSL_set_fd(ssl_, fd_);
      handshaken_ = SSL_connect(ssl_) == 1;
    }
  }
  ~RawConnection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    ::close(fd_);
  }
  bool connected() const { return connected_; }
  bool handshaken() const { return handshaken_; }

  void SetReadTimeout(milliseconds t) {
    timeval tv{static_cast<time_t>(t.count() / 1000),
               static_cast<suseconds_t>(t.count() % 1000 * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  bool Write(const std::string& s) {
    if (ssl_ != nullptr) {
      size_t n = 0;
      return SSL_write_ex(ssl_, s.data(), s.size(), &n) == 1 && n == s.size();
    }
    return ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size());
  }
  // Reads until the peer closes (returns true) or the read timeout passes (false).
  bool ReadToEof(std::string* out) {
    char buf[4096];
    if (ssl_ != nullptr) {
      for (;;) {
        size_t n = 0;
        if (SSL_read_ex(ssl_, buf, sizeof buf, &n) == 1) {
          out->append(buf, n);
          continue;
        }
        int err = SSL_get_error(ssl_, 0);
        // close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) a plain end of stream.
        if (err == SSL_ERROR_ZERO_RETURN) return true;
        return err == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET);
      }
    }
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
      out->append(buf, static_cast<size_t>(n));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  SSL* ssl_ = nullptr;
  bool handshaken_ = false;
};

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    router_.Add("GET", "/api/v1/items/{id}", [](Request& r) {
      nlohmann::json q = nlohmann::json::object();
      for (const auto& [k, v] : r.query) q[k].push_back(v);
      return Json(200, {{"id", r.path_params.at("id")},
                        {"path", r.path},
                        {"query", q},
                        {"remote_ip", r.remote_ip},
                        {"request_id", r.request_id}});
    });
    router_.Add("POST", "/api/v1/items", [](Request& r) {
      Result<nlohmann::json> body = ParseJsonBody(r);
      if (!body.ok()) return Error(body.status());
      return Json(201, *body);
    });
    router_.Add("GET", "/api/v1/echo/{word}", [](Request& r) {
      Response res;
      res.content_type = "text/plain";
      res.body = r.path_params.at("word");
      res.headers.emplace_back("X-Word", r.path_params.at("word"));
      return res;
    });
    router_.Add("GET", "/api/v1/throw",
                [](Request&) -> Response { throw std::runtime_error("handler failure"); });
    router_.Add("GET", "/api/v1/slow", [](Request&) {
      std::this_thread::sleep_for(milliseconds(300));
      return Json(200, {{"slow", true}});
    });
  }

  ~HttpServerTest() override {
    StopServer();
    if (!tmp_dir_.empty()) std::filesystem::remove_all(tmp_dir_);
  }

  // A fresh directory for this test's files, removed afterwards.
  const std::string& TmpDir() {
    if (tmp_dir_.empty()) {
      std::string tmpl = (std::filesystem::temp_directory_path() / "yilian-tls-XXXXXX").string();
      if (::mkdtemp(tmpl.data()) != nullptr) tmp_dir_ = tmpl;
    }
    return tmp_dir_;
  }

  // Options serving TLS with a self-signed certificate made for this test (cert_, key_).
  ServerOptions TlsOptions() {
    if (cert_.empty()) {
      cert_ = TmpDir() + "/cert.pem";
      key_ = TmpDir() + "/key.pem";
      EXPECT_TRUE(WriteSelfSignedCert(cert_, key_, 1)) << "cannot make a test certificate";
    }
    ServerOptions o;
    o.tls_cert_file = cert_;
    o.tls_key_file = key_;
    return o;
  }

  // A client that trusts cert_ and checks the server's name (127.0.0.1) against it.
  Client NewTlsClient() {
    ClientTlsOptions tls;
    tls.ca_file = cert_;
    return Client("127.0.0.1", server_->port(), tls);
  }

  // For RawConnection: verifies nothing, takes an end of stream as a close.
  SSL_CTX* RawTlsContext() {
    if (!raw_tls_) {
      raw_tls_.reset(SSL_CTX_new(TLS_client_method()));
      SSL_CTX_set_verify(raw_tls_.get(), SSL_VERIFY_NONE, nullptr);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
      SSL_CTX_set_options(raw_tls_.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    }
    return raw_tls_.get();
  }

  // Waits up to 2 s for the server's connection count to reach n.
  bool WaitForConnections(size_t n) {
    for (int i = 0; i < 200 && server_->connection_count() != n; ++i) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    return server_->connection_count() == n;
  }

  void StartServer(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<Server>(options, router_);
    Status st = server_->Start();
    ASSERT_TRUE(st.ok()) << st.ToString();
    thread_ = std::thread([this] {
      server_->Run();
      run_returned_ = true;
    });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  Client NewClient() { return Client("127.0.0.1", server_->port()); }

  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<bool> run_returned_{false};
  std::string tmp_dir_;
  std::string cert_;
  std::string key_;
  SslCtxPtr raw_tls_;
};

nlohmann::json Body(const Response& r) { return nlohmann::json::parse(r.body); }

TEST_F(HttpServerTest, RoutesWithPathParamsAndDecodedQuery) {
  StartServer();
  Client client = NewClient();
  auto res = client.Send("GET", "/api/v1/items/a%20b?q=x+y&q=%E5%BC%A0&flag");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->content_type, "application/json; charset=utf-8");
  EXPECT_EQ(res->Header("server"), "yilian");
  EXPECT_TRUE(res->Header("date").has_value());
  nlohmann::json j = Body(*res);
  EXPECT_EQ(j["id"], "a b");
  EXPECT_EQ(j["path"], "/api/v1/items/a b");
  EXPECT_EQ(j["query"]["q"], (nlohmann::json{"x y", "张"}));
  EXPECT_EQ(j["query"]["flag"], nlohmann::json{""});
  EXPECT_EQ(j["remote_ip"], "127.0.0.1");
  EXPECT_EQ(res->Header("x-request-id"), std::to_string(j["request_id"].get<uint64_t>()));

  res = client.Send("GET", "/api/v1/echo/hello");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->body, "hello");
  EXPECT_EQ(res->content_type, "text/plain");
  EXPECT_EQ(res->Header("x-word"), "hello");
}

TEST_F(HttpServerTest, NotFoundAndMethodNotAllowedAreJson) {
  StartServer();
  Client client = NewClient();
  auto res = client.Send("GET", "/api/v1/nope");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Body(*res)["error"]["code"], "not_found");
  res = client.Send("DELETE", "/api/v1/items/3");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->Header("allow"), "GET, HEAD");
  EXPECT_EQ(Body(*res)["error"]["code"], "method_not_allowed");
}

TEST_F(HttpServerTest, HeadHasLengthButNoBody) {
  StartServer();
  Client client = NewClient();
  auto get = client.Send("GET", "/api/v1/echo/abc");
  auto head = client.Send("HEAD", "/api/v1/echo/abc");
  ASSERT_TRUE(get.ok() && head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(head->Header("content-length"), "3");
  // The connection is still in step: another request works.
  auto again = client.Send("GET", "/api/v1/echo/xyz");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->body, "xyz");
}

TEST_F(HttpServerTest, JsonBodyAcceptedAndMalformedIs400NamingBody) {
  StartServer();
  Client client = NewClient();
  auto res = client.Send("POST", "/api/v1/items", R"({"name":"王五"})");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(Body(*res)["name"], "王五");

  res = client.Send("POST", "/api/v1/items", R"({"name":)");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 400);
  nlohmann::json err = Body(*res)["error"];
  EXPECT_EQ(err["code"], "invalid_argument");
  EXPECT_EQ(err["fields"][0]["field"], "body");

  res = client.Send("POST", "/api/v1/items", "{}", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(*res)["error"]["fields"][0]["field"], "body");
}

TEST_F(HttpServerTest, BodyTooLargeIs413AndServerGoesOn) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  StartServer(o);
  Client client = NewClient();
  std::string big = "{\"x\":\"" + std::string(4000, 'a') + "\"}";
  auto res = client.Send("POST", "/api/v1/items", big);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Body(*res)["error"]["code"], "payload_too_large");
  EXPECT_EQ(res->Header("connection"), "close");
  // A body at the limit is fine; the client reconnects after the close.
  std::string fits = "{\"x\":\"" + std::string(1024 - 8, 'a') + "\"}";
  ASSERT_EQ(fits.size(), 1024u);
  res = client.Send("POST", "/api/v1/items", fits);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 201);
}

TEST_F(HttpServerTest, HeaderTooLargeIs431) {
  ServerOptions o;
  o.max_header_bytes = 2048;
  StartServer(o);
  Client client = NewClient();
  auto res = client.Send("GET", "/api/v1/echo/x", "", {{"X-Big", std::string(4096, 'h')}});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 431);
  EXPECT_EQ(Body(*res)["error"]["code"], "header_too_large");
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
  StartServer();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Write("GARBAGE\r\n\r\n"));
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));
  EXPECT_EQ(out.rfind("HTTP/1.1 400 ", 0), 0u) << out;

  RawConnection d(server_->port());
  ASSERT_TRUE(d.Write("GET /api/v1/items/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  out.clear();
  EXPECT_TRUE(d.ReadToEof(&out));
  EXPECT_EQ(out.rfind("HTTP/1.1 400 ", 0), 0u) << out;
  EXPECT_NE(out.find("\"path\""), std::string::npos) << out;
}

TEST_F(HttpServerTest, KeepAliveReusesOneConnection) {
  StartServer();
  Client client = NewClient();
  uint64_t last_id = 0;
  for (int i = 0; i < 200; ++i) {
    auto res = client.Send("GET", "/api/v1/echo/w" + std::to_string(i));
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    ASSERT_EQ(res->body, "w" + std::to_string(i));
    uint64_t id = std::stoull(res->Header("x-request-id").value());
    EXPECT_GT(id, last_id);
    last_id = id;
  }
  EXPECT_EQ(server_->connection_count(), 1u);
}

TEST_F(HttpServerTest, PipelinedRequestsAnsweredInOrder) {
  StartServer();
  RawConnection c(server_->port());
  // The slow request comes first: its answer must still come first.
  ASSERT_TRUE(
      c.Write("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /api/v1/echo/second HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /api/v1/echo/third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string out;
  ASSERT_TRUE(c.ReadToEof(&out));
  size_t first = out.find("{\"slow\":true}");
  size_t second = out.find("\r\n\r\nsecond");
  size_t third = out.find("\r\n\r\nthird");
  ASSERT_NE(first, std::string::npos) << out;
  ASSERT_NE(second, std::string::npos) << out;
  ASSERT_NE(third, std::string::npos) << out;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST_F(HttpServerTest, ConnectionCloseHonoured) {
  StartServer();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Write("GET /api/v1/echo/bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos) << out;
  // HTTP/1.0 closes by default.
  RawConnection d(server_->port());
  ASSERT_TRUE(d.Write("GET /api/v1/echo/old HTTP/1.0\r\n\r\n"));
  out.clear();
  EXPECT_TRUE(d.ReadToEof(&out));
  EXPECT_NE(out.find("\r\n\r\nold"), std::string::npos) << out;
}

TEST_F(HttpServerTest, ThrowingHandlerIs500AndServerKeepsServing) {
  StartServer();
  Client client = NewClient();
  for (int i = 0; i < 3; ++i) {
    auto res = client.Send("GET", "/api/v1/throw");
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    EXPECT_EQ(res->status, 500);
    EXPECT_EQ(Body(*res)["error"]["code"], "internal");
    res = client.Send("GET", "/api/v1/echo/alive");
    ASSERT_TRUE(res.ok());
    EXPECT_EQ(res->body, "alive");
  }
}

TEST_F(HttpServerTest, HeaderTimeoutClosesHalfHeader) {
  ServerOptions o;
  o.header_timeout = std::chrono::seconds(1);
  StartServer(o);
  RawConnection c(server_->port());
  auto start = steady_clock::now();
  ASSERT_TRUE(c.Write("GET /api/v1/echo/x HTTP/1.1\r\nHost: x\r\n"));
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));  // closed by the server, not our 5 s read timeout
  auto waited = steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(900));
  EXPECT_LT(waited, milliseconds(3000));
  EXPECT_EQ(out, "");
}

TEST_F(HttpServerTest, IdleConnectionsOutliveHeaderTimeout) {
  ServerOptions o;
  o.header_timeout = std::chrono::seconds(1);
  o.idle_timeout = std::chrono::seconds(2);
  StartServer(o);
  Client client = NewClient();
  ASSERT_TRUE(client.Send("GET", "/api/v1/echo/a").ok());
  std::this_thread::sleep_for(milliseconds(1300));  // idle longer than header_timeout
  EXPECT_EQ(server_->connection_count(), 1u);
  std::this_thread::sleep_for(milliseconds(1500));  // now past idle_timeout
  EXPECT_EQ(server_->connection_count(), 0u);
  // The client notices the close and reconnects transparently.
  auto res = client.Send("GET", "/api/v1/echo/b");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, "b");
}

TEST_F(HttpServerTest, PerIpConnectionCap) {
  ServerOptions o;
  o.max_connections_per_ip = 2;
  StartServer(o);
  Client a = NewClient();
  Client b = NewClient();
  ASSERT_TRUE(a.Send("GET", "/api/v1/echo/a").ok());
  ASSERT_TRUE(b.Send("GET", "/api/v1/echo/b").ok());
  RawConnection c(server_->port());
  ASSERT_TRUE(c.connected());
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));  // refused: closed at once
  EXPECT_EQ(out, "");
  EXPECT_EQ(server_->connection_count(), 2u);
  b.Close();
  for (int i = 0; i < 100 && server_->connection_count() > 1; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  Client d = NewClient();
  auto res = d.Send("GET", "/api/v1/echo/d");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, "d");
}

TEST_F(HttpServerTest, AddressInUseIsClearIoError) {
  StartServer();
  ServerOptions o;
  o.port = server_->port();
  Server second(o, router_);
  Status st = second.Start();
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_NE(st.message().find("address already in use"), std::string::npos) << st.ToString();
}

TEST_F(HttpServerTest, StopReturnsPromptlyWithIdleConnections) {
  StartServer();
  std::vector<Client> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(NewClient());
    ASSERT_TRUE(clients.back().Send("GET", "/api/v1/echo/x").ok());
  }
  auto start = steady_clock::now();
  server_->Stop();
  thread_.join();
  EXPECT_TRUE(run_returned_);
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000));
  server_.reset();
}

TEST_F(HttpServerTest, StopLetsRequestInProgressFinish) {
  StartServer();
  Result<Response> slow = Status::Internal("not run");
  std::thread t([&] {
    Client c = NewClient();
    slow = c.Send("GET", "/api/v1/slow");
  });
  std::this_thread::sleep_for(milliseconds(100));
  server_->Stop();
  t.join();
  thread_.join();
  ASSERT_TRUE(slow.ok()) << slow.status().ToString();
  EXPECT_EQ(slow->status, 200);
  EXPECT_EQ(slow->Header("connection"), "close");
  server_.reset();
}

TEST_F(HttpServerTest, ExpectContinue) {
  StartServer();
  RawConnection c(server_->port());
  ASSERT_TRUE(
      c.Write("POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              "Content-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(100));
  ASSERT_TRUE(c.Write("{}"));
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));
  EXPECT_EQ(out.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 ", 0), 0u) << out;
}

// TLS: the same server behind a handshake.

TEST_F(HttpServerTest, TlsServesKeepAliveWithVerifiedCertificate) {
  StartServer(TlsOptions());
  EXPECT_TRUE(server_->tls());
  Client client = NewTlsClient();
  uint64_t last_id = 0;
  for (int i = 0; i < 50; ++i) {
    auto res = client.Send("GET", "/api/v1/echo/t" + std::to_string(i));
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    ASSERT_EQ(res->body, "t" + std::to_string(i));
    EXPECT_EQ(res->Header("server"), "yilian");
    uint64_t id = std::stoull(res->Header("x-request-id").value());
    EXPECT_GT(id, last_id);
    last_id = id;
  }
  auto res = client.Send("POST", "/api/v1/items", R"({"name":"王五"})");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(Body(*res)["name"], "王五");
  auto head = client.Send("HEAD", "/api/v1/echo/abc");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->Header("content-length"), "3");
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(server_->connection_count(), 1u);  // all of it on one connection
}

TEST_F(HttpServerTest, TlsClientChecksTheCertificate) {
  StartServer(TlsOptions());
  // Trusting another certificate: the handshake fails.
  std::string other_cert = TmpDir() + "/other.pem";
  std::string other_key = TmpDir() + "/other.key";
  ASSERT_TRUE(WriteSelfSignedCert(other_cert, other_key, 2));
  ClientTlsOptions tls;
  tls.ca_file = other_cert;
  Client untrusting("127.0.0.1", server_->port(), tls);
  auto res = untrusting.Send("GET", "/api/v1/echo/x");
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.status().message().find("TLS handshake failed"), std::string::npos)
      << res.status().ToString();
  // Without verification (tests only) it goes through.
  tls.verify = false;
  Client unverified("127.0.0.1", server_->port(), tls);
  res = unverified.Send("GET", "/api/v1/echo/x");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, "x");
  // A plain client gets no answer from the TLS port.
  Client plain = NewClient();
  plain.set_timeout(milliseconds(3000));
  EXPECT_FALSE(plain.Send("GET", "/api/v1/echo/x").ok());
}

TEST_F(HttpServerTest, TlsLimitsAnsweredThenClosed) {
  ServerOptions o = TlsOptions();
  o.max_body_bytes = 1024;
  o.max_header_bytes = 2048;
  StartServer(o);
  Client client = NewTlsClient();
  std::string big = "{\"x\":\"" + std::string(4000, 'a') + "\"}";
  auto res = client.Send("POST", "/api/v1/items", big);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->Header("connection"), "close");
  res = client.Send("GET", "/api/v1/echo/x", "", {{"X-Big", std::string(4096, 'h')}});
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 431);
  res = client.Send("POST", "/api/v1/items", "{}");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 201);

  RawConnection c(server_->port(), RawTlsContext());
  ASSERT_TRUE(c.handshaken());
  ASSERT_TRUE(c.Write("GARBAGE\r\n\r\n"));
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));
  EXPECT_EQ(out.rfind("HTTP/1.1 400 ", 0), 0u) << out;
}

TEST_F(HttpServerTest, TlsPipelinedRequestsAnsweredInOrder) {
  StartServer(TlsOptions());
  RawConnection c(server_->port(), RawTlsContext());
  ASSERT_TRUE(c.handshaken());
  ASSERT_TRUE(
      c.Write("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /api/v1/echo/second HTTP/1.1\r\nHost: x\r\n\r\n"
              "GET /api/v1/echo/third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::string out;
  ASSERT_TRUE(c.ReadToEof(&out));  // the server's close_notify after the third answer
  size_t first = out.find("{\"slow\":true}");
  size_t second = out.find("\r\n\r\nsecond");
  size_t third = out.find("\r\n\r\nthird");
  ASSERT_NE(first, std::string::npos) << out;
  ASSERT_NE(second, std::string::npos) << out;
  ASSERT_NE(third, std::string::npos) << out;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST_F(HttpServerTest, PlainHttpToTlsPortIsClosedWithoutAnswer) {
  StartServer(TlsOptions());
  for (int i = 0; i < 3; ++i) {
    RawConnection c(server_->port());
    ASSERT_TRUE(c.Write("GET /api/v1/echo/x HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string out;
    EXPECT_TRUE(c.ReadToEof(&out));  // closed by the server, not our read timeout
    EXPECT_EQ(out.find("HTTP/"), std::string::npos) << out;
  }
  EXPECT_TRUE(WaitForConnections(0));
  // The server is fine.
  Client client = NewTlsClient();
  auto res = client.Send("GET", "/api/v1/echo/still");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, "still");
}

TEST_F(HttpServerTest, TlsHandshakeBoundedByHeaderTimeout) {
  ServerOptions o = TlsOptions();
  o.header_timeout = std::chrono::seconds(1);
  StartServer(o);
  RawConnection c(server_->port());  // connects, never says a word
  ASSERT_TRUE(c.connected());
  auto start = steady_clock::now();
  ASSERT_TRUE(WaitForConnections(1));
  std::string out;
  EXPECT_TRUE(c.ReadToEof(&out));  // closed by the server, not our 5 s read timeout
  auto waited = steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(900));
  EXPECT_LT(waited, milliseconds(3000));
  EXPECT_EQ(out, "");
  EXPECT_TRUE(WaitForConnections(0));
}

TEST_F(HttpServerTest, TlsPerIpConnectionCapCountsHandshakes) {
  ServerOptions o = TlsOptions();
  o.max_connections_per_ip = 2;
  StartServer(o);
  Client a = NewTlsClient();
  ASSERT_TRUE(a.Send("GET", "/api/v1/echo/a").ok());
  RawConnection silent(server_->port());  // holds a slot while not handshaking
  ASSERT_TRUE(WaitForConnections(2));
  Client b = NewTlsClient();
  b.set_timeout(milliseconds(3000));
  EXPECT_FALSE(b.Send("GET", "/api/v1/echo/b").ok());  // refused at accept
  EXPECT_EQ(server_->connection_count(), 2u);
  a.Close();
  ASSERT_TRUE(WaitForConnections(1));
  auto res = b.Send("GET", "/api/v1/echo/b");
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, "b");
}

TEST_F(HttpServerTest, TlsStopFinishesRequestAndClosesTheRest) {
  StartServer(TlsOptions());
  std::vector<Client> idle;
  for (int i = 0; i < 5; ++i) {
    idle.push_back(NewTlsClient());
    ASSERT_TRUE(idle.back().Send("GET", "/api/v1/echo/x").ok());
  }
  RawConnection silent(server_->port());  // mid-handshake
  Result<Response> slow = Status::Internal("not run");
  std::thread t([&] {
    Client c = NewTlsClient();
    slow = c.Send("GET", "/api/v1/slow");
  });
  std::this_thread::sleep_for(milliseconds(150));
  auto start = steady_clock::now();
  server_->Stop();
  t.join();
  thread_.join();
  EXPECT_TRUE(run_returned_);
  EXPECT_LT(steady_clock::now() - start, milliseconds(1500));
  ASSERT_TRUE(slow.ok()) << slow.status().ToString();
  EXPECT_EQ(slow->status, 200);
  EXPECT_EQ(slow->Header("connection"), "close");
  server_.reset();
}

TEST_F(HttpServerTest, TlsConfigurationErrorsNameTheFile) {
  ServerOptions good = TlsOptions();
  auto start = [&](const std::string& cert, const std::string& key) {
    ServerOptions o;
    o.port = 0;
    o.tls_cert_file = cert;
    o.tls_key_file = key;
    Server server(o, router_);
    Status st = server.Start();
    EXPECT_EQ(server.port(), 0) << "listening despite " << st.ToString();
    return st;
  };
  // Exactly one of the two.
  Status st = start(good.tls_cert_file, "");
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("TLS key file not set"), std::string::npos) << st.ToString();
  st = start("", good.tls_key_file);
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(st.message().find("TLS certificate file not set"), std::string::npos) << st.ToString();

  // Missing files.
  std::string missing = TmpDir() + "/missing.pem";
  st = start(missing, good.tls_key_file);
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_NE(st.message().find("certificate file '" + missing + "'"), std::string::npos)
      << st.ToString();
  EXPECT_NE(st.message().find("No such file"), std::string::npos) << st.ToString();
  st = start(good.tls_cert_file, missing);
  EXPECT_NE(st.message().find("key file '" + missing + "'"), std::string::npos) << st.ToString();

  // Not PEM, and the files the wrong way round.
  std::string junk = TmpDir() + "/junk.pem";
  std::ofstream(junk) << "not a certificate\n";
  st = start(junk, good.tls_key_file);
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_NE(st.message().find("certificate file '" + junk + "'"), std::string::npos)
      << st.ToString();
  st = start(good.tls_cert_file, junk);
  EXPECT_NE(st.message().find("key file '" + junk + "'"), std::string::npos) << st.ToString();
  st = start(good.tls_key_file, good.tls_cert_file);
  EXPECT_NE(st.message().find("certificate file '" + good.tls_key_file + "'"), std::string::npos)
      << st.ToString();

  // A key that is not the certificate's.
  std::string other_cert = TmpDir() + "/other.pem";
  std::string other_key = TmpDir() + "/other.key";
  ASSERT_TRUE(WriteSelfSignedCert(other_cert, other_key, 2));
  st = start(good.tls_cert_file, other_key);
  EXPECT_EQ(st.code(), Status::Code::kIoError);
  EXPECT_NE(st.message().find("key file '" + other_key + "' does not match certificate file '" +
                              good.tls_cert_file + "'"),
            std::string::npos)
      << st.ToString();
  std::cerr << "for example: " << st.ToString() << "\n";

  // And the good pair works.
  StartServer(good);
  EXPECT_TRUE(server_->tls());
}

}  // namespace
}  // namespace yilian::http
