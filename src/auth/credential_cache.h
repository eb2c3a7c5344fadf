// CredentialCache: the users and credentials recently seen, so that checking
// a session or API token costs a hash and a map lookup rather than a
// database read on every request.
//
// Every change to a user (role, scopes, status, password) and every
// revocation goes through this process and drops the affected entries at
// once; entries also expire after `ttl_seconds` so that a change made by
// another process sharing a PostgreSQL database takes effect within that
// time. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/user.h"

namespace yilian::auth {

struct CachedCredential {
  bool is_session = true;
  int64_t id = 0;  // session or token id
  int64_t user_id = 0;
  int64_t expires_at = 0;    // absolute, epoch seconds
  int64_t last_seen_at = 0;  // sessions: for the idle timeout
  int64_t persisted_seen_at = 0;
  std::string csrf_token;
  std::string permissions;  // tokens: comma-separated
  int64_t cached_at = 0;
};

class CredentialCache {
 public:
  explicit CredentialCache(int64_t ttl_seconds = 30) : ttl_(ttl_seconds) {}

  std::optional<CachedCredential> FindCredential(const std::string& token_hash, int64_t now);
  // Stores c and returns what was stored: activity not yet persisted by an
  // expired entry for the same credential (see Touch) is carried over.
  CachedCredential PutCredential(const std::string& token_hash, CachedCredential c);
  // Records activity; returns true when the last persisted time is older than
  // `persist_every` seconds (the caller then writes it and calls MarkPersisted).
  bool Touch(const std::string& token_hash, int64_t now, int64_t persist_every);
  void DropCredential(const std::string& token_hash);

  std::shared_ptr<const User> FindUser(int64_t id, int64_t now);
  void PutUser(User u, int64_t now);
  // Drops the user and every credential of theirs.
  void InvalidateUser(int64_t id);

 private:
  struct UserEntry {
    std::shared_ptr<const User> user;
    int64_t cached_at;
  };
  int64_t ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, CachedCredential> credentials_;
  std::unordered_map<int64_t, UserEntry> users_;
};

}  // namespace yilian::auth
