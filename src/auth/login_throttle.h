// LoginThrottle: per-address rate limit on login attempts.
//
// A token bucket per client address: `burst` attempts at once, refilled at
// `per_minute`. Checked before any password is hashed, so a flood of bad
// logins costs a map lookup, not an Argon2 computation, and other users'
// requests keep their latency. The per-account lockout (authenticator.h)
// covers slow guessing spread over many addresses.
//
// Thread-safe. Memory is bounded: idle buckets are dropped when the table
// grows past `max_clients`.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace yilian::auth {

class LoginThrottle {
 public:
  LoginThrottle(double per_minute = 10, double burst = 10, size_t max_clients = 100000)
      : rate_per_sec_(per_minute / 60.0), burst_(burst), max_clients_(max_clients) {}

  // Takes one attempt for `client` at time `now` (seconds, monotonic). Returns
  // 0 when allowed, else the whole seconds to wait before the next attempt.
  int64_t Take(const std::string& client, double now);

 private:
  struct Bucket {
    double tokens;
    double updated;
  };
  double rate_per_sec_;
  double burst_;
  size_t max_clients_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace yilian::auth
