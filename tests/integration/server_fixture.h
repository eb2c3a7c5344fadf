// Runs the real `yilian serve` binary for integration tests.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "http/client.h"

namespace yilian {

// A `yilian serve` child process on an ephemeral port of 127.0.0.1.
class ServerProcess {
 public:
  // Starts YILIAN_BINARY as `serve --db <db_path> --listen 127.0.0.1:0 <extra_args>`
  // and waits (30 s at most) for its stdout line "listening on http://127.0.0.1:PORT".
  // Returns nullptr, after a gtest failure naming the reason, if it exits or
  // stays silent. The child's stderr is ours; its later stdout is copied to ours.
  // The child gets SIGTERM if the starting thread ends, so call this from the
  // test's own thread.
  static std::unique_ptr<ServerProcess> Start(const std::string& db_path,
                                              std::vector<std::string> extra_args = {});

  // SIGTERM, then SIGKILL if it has not exited within 5 s.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // A new client connected to the server.
  http::Client Client() const;

 private:
  ServerProcess(pid_t pid, int stdout_fd, uint16_t port);

  pid_t pid_;
  int stdout_fd_;
  uint16_t port_;
  std::thread stdout_copier_;
};

// A fresh, empty directory under /tmp; not removed afterwards.
std::string TempDir();

}  // namespace yilian
