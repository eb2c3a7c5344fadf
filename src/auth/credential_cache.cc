#include "auth/credential_cache.h"

#include <algorithm>

namespace yilian::auth {

std::optional<CachedCredential> CredentialCache::FindCredential(const std::string& token_hash,
                                                                int64_t now) {
  std::lock_guard lock(mu_);
  auto it = credentials_.find(token_hash);
  // An expired entry stays until PutCredential replaces it, so that activity
  // not yet persisted (see Touch) carries over to the reloaded copy.
  if (it == credentials_.end() || now - it->second.cached_at > ttl_) return std::nullopt;
  return it->second;
}

CachedCredential CredentialCache::PutCredential(const std::string& token_hash, CachedCredential c) {
  std::lock_guard lock(mu_);
  if (credentials_.size() > 200000) credentials_.clear();  // bound memory under token floods
  auto it = credentials_.find(token_hash);
  if (it != credentials_.end() && it->second.id == c.id && it->second.is_session == c.is_session) {
    c.last_seen_at = std::max(c.last_seen_at, it->second.last_seen_at);
  }
  return credentials_[token_hash] = std::move(c);
}

bool CredentialCache::Touch(const std::string& token_hash, int64_t now, int64_t persist_every) {
  std::lock_guard lock(mu_);
  auto it = credentials_.find(token_hash);
  if (it == credentials_.end()) return false;
  it->second.last_seen_at = now;
  if (now - it->second.persisted_seen_at < persist_every) return false;
  it->second.persisted_seen_at = now;
  return true;
}

void CredentialCache::DropCredential(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  credentials_.erase(token_hash);
}

std::shared_ptr<const User> CredentialCache::FindUser(int64_t id, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = users_.find(id);
  if (it == users_.end() || now - it->second.cached_at > ttl_) return nullptr;
  return it->second.user;
}

void CredentialCache::PutUser(User u, int64_t now) {
  std::lock_guard lock(mu_);
  int64_t id = u.id;
  users_[id] = {std::make_shared<const User>(std::move(u)), now};
}

void CredentialCache::InvalidateUser(int64_t id) {
  std::lock_guard lock(mu_);
  users_.erase(id);
  for (auto it = credentials_.begin(); it != credentials_.end();) {
    it = it->second.user_id == id ? credentials_.erase(it) : std::next(it);
  }
}

}  // namespace yilian::auth
