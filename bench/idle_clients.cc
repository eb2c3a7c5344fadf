// Opens N keep-alive connections to a yilian server on loopback, sends one
// request on each so the server holds a live session, then keeps them idle
// for the given seconds. Used by bench/run.sh to measure throughput while
// thousands of idle connections are held.
//   idle_clients 127.0.0.1 8080 5000 30 [PER_ADDRESS]
// yilian serve accepts at most 2,048 connections per client address (see
// docs/security.md), so with PER_ADDRESS the connections come from loopback
// source addresses 127.0.0.2, 127.0.0.3, … PER_ADDRESS each, as from many
// clinics behind different addresses. Everything stays on 127.0.0.0/8.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: idle_clients HOST PORT CONNECTIONS SECONDS [PER_ADDRESS]\n");
    return 2;
  }
  const char* host = argv[1];
  int port = std::atoi(argv[2]), n = std::atoi(argv[3]), secs = std::atoi(argv[4]);
  int per = argc == 6 ? std::atoi(argv[5]) : 0;
  if (n < 1 || n > 60000 || secs < 1 || secs > 600 || per < 0 || (per > 0 && n / per > 250))
    return 2;
  rlimit lim{static_cast<rlim_t>(n + 64), static_cast<rlim_t>(n + 64)};
  setrlimit(RLIMIT_NOFILE, &lim);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) return 2;
  std::string req = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<int> fds;
  int ok = 0;
  char buf[4096];
  for (int i = 0; i < n; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && per > 0) {
      sockaddr_in src{};
      src.sin_family = AF_INET;
      src.sin_addr.s_addr = htonl((127u << 24) | static_cast<uint32_t>(2 + i / per));
      if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
        close(fd);
        continue;
      }
    }
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (fd >= 0) close(fd);
      continue;
    }
    if (write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size()) &&
        read(fd, buf, sizeof buf) > 0) {
      ++ok;
    }
    fds.push_back(fd);
  }
  std::printf("idle_clients: %d of %d connections open and answered; holding %d s\n", ok, n, secs);
  std::fflush(stdout);
  sleep(static_cast<unsigned>(secs));
  int alive = 0;
  for (int fd : fds) {
    if (write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size()) &&
        read(fd, buf, sizeof buf) > 0) {
      ++alive;
    }
    close(fd);
  }
  std::printf("idle_clients: %d connections still served after %d s idle\n", alive, secs);
  return 0;
}
