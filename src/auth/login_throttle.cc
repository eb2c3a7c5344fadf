#include "auth/login_throttle.h"

#include <algorithm>
#include <cmath>

namespace yilian::auth {

void LoginThrottle::Refill(Bucket& b, double now) const {
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, now - b.updated) * rate_per_sec_);
  b.updated = std::max(b.updated, now);
}

int64_t LoginThrottle::Check(const std::string& client, double now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) return 0;
  Refill(it->second, now);
  if (it->second.tokens >= 1) return 0;
  return static_cast<int64_t>(std::ceil((1 - it->second.tokens) / rate_per_sec_));
}

void LoginThrottle::Fail(const std::string& client, double now) {
  std::lock_guard lock(mu_);
  if (buckets_.size() >= max_clients_) {
    // Drop buckets that have refilled completely: they hold no information.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double full_at = it->second.updated + (burst_ - it->second.tokens) / rate_per_sec_;
      it = full_at <= now ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now});
  Refill(it->second, now);
  it->second.tokens = std::max(0.0, it->second.tokens - 1);
}

}  // namespace yilian::auth
