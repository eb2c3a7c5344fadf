// LoginThrottle: per-address rate limit on login attempts.
//
// A token bucket per client address: `burst` failed attempts at once,
// refilled at `per_minute`. Only failures take a token, so a township's
// staff logging in at eight behind one address are not held up; the check
// runs before any password is hashed, so once a flood of bad logins has
// used the bucket up it costs a map lookup, not an Argon2 computation, and
// other users' requests keep their latency. The per-account lockout (authenticator.h)
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

  // Whether `client` may try at time `now` (seconds, monotonic): 0 when
  // allowed, else the whole seconds to wait before the next attempt.
  int64_t Check(const std::string& client, double now);
  // Records a failed attempt (takes a token).
  void Fail(const std::string& client, double now);

 private:
  struct Bucket {
    double tokens;
    double updated;
  };
  // Refills b up to `now`.
  void Refill(Bucket& b, double now) const;

  double rate_per_sec_;
  double burst_;
  size_t max_clients_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace yilian::auth
