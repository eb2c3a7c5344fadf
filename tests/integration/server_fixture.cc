#include "server_fixture.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>

#ifndef YILIAN_BINARY
#error "YILIAN_BINARY must name the yilian executable (set by CMake)"
#endif

namespace yilian {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kStartTimeout{30};
constexpr std::chrono::seconds kStopTimeout{5};
// "http://" or, with --tls-cert, "https://".
constexpr std::string_view kListening = "://127.0.0.1:";

// Waits for pid to exit for at most timeout; true if it was reaped.
bool WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Kill(pid_t pid) {
  ::kill(pid, SIGTERM);
  if (!WaitFor(pid, kStopTimeout)) {
    ::kill(pid, SIGKILL);
    WaitFor(pid, std::chrono::seconds(5));
  }
}

void WriteAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    data += w;
    n -= static_cast<size_t>(w);
  }
}

}  // namespace

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::string& db_path,
                                                    std::vector<std::string> extra_args) {
  std::vector<std::string> args = {YILIAN_BINARY, "serve",    "--db",
                                   db_path,       "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
    return nullptr;
  }
  std::fflush(nullptr);  // or the child could repeat our buffered output
  pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return nullptr;
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // no orphan servers if the test dies
    ::dup2(pipe_fds[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the copy
    ::execv(argv[0], argv.data());
    static constexpr char kMsg[] = "server_fixture: exec of " YILIAN_BINARY " failed\n";
    [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  int fd = pipe_fds[0];

  // Read stdout line by line until the listening line, passing it through.
  std::string pending;
  auto deadline = Clock::now() + kStartTimeout;
  for (;;) {
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      WriteAll(STDOUT_FILENO, line.data(), line.size());
      WriteAll(STDOUT_FILENO, "\n", 1);
      size_t at = line.find(kListening);
      if (line.find("listening on http") == std::string::npos || at == std::string::npos) continue;
      int port = std::atoi(line.c_str() + at + kListening.size());
      if (port <= 0 || port > 65535) {
        ADD_FAILURE() << "cannot read the port from: " << line;
        Kill(pid);
        ::close(fd);
        return nullptr;
      }
      if (!pending.empty()) WriteAll(STDOUT_FILENO, pending.data(), pending.size());
      return std::unique_ptr<ServerProcess>(
          new ServerProcess(pid, fd, static_cast<uint16_t>(port)));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      ADD_FAILURE() << YILIAN_BINARY << " did not print '" << kListening << "PORT' within "
                    << kStartTimeout.count() << " s";
      break;
    }
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;  // timeout is handled above
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ADD_FAILURE() << YILIAN_BINARY << " exited (or closed stdout) before listening";
      break;
    }
    pending.append(buf, static_cast<size_t>(n));
  }
  Kill(pid);
  ::close(fd);
  return nullptr;
}

ServerProcess::ServerProcess(pid_t pid, int stdout_fd, uint16_t port)
    : pid_(pid), stdout_fd_(stdout_fd), port_(port) {
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  stdout_copier_ = std::thread([fd = stdout_fd_] {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      WriteAll(STDOUT_FILENO, buf, static_cast<size_t>(n));
    }
  });
}

ServerProcess::~ServerProcess() {
  Kill(pid_);
  if (stdout_copier_.joinable()) stdout_copier_.join();  // EOF once the child is gone
  ::close(stdout_fd_);
}

http::Client ServerProcess::Client() const { return http::Client("127.0.0.1", port_); }

std::string TempDir() {
  std::string tmpl = "/tmp/yilian-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    return {};
  }
  return tmpl;
}

}  // namespace yilian
