#include "auth/login_throttle.h"

#include <algorithm>
#include <cmath>

namespace yilian::auth {

int64_t LoginThrottle::Take(const std::string& client, double now) {
  std::lock_guard lock(mu_);
  if (buckets_.size() >= max_clients_) {
    // Drop buckets that have refilled completely: they hold no information.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double full_at = it->second.updated + (burst_ - it->second.tokens) / rate_per_sec_;
      it = full_at <= now ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, now - b.updated) * rate_per_sec_);
  b.updated = std::max(b.updated, now);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return static_cast<int64_t>(std::ceil((1 - b.tokens) / rate_per_sec_));
}

}  // namespace yilian::auth
