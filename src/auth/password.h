// Passwords: Argon2id hashing (libsodium) and the password policy.
//
// Hashes are libsodium's self-describing strings ("$argon2id$v=19$m=…"), so
// the cost can be raised later and old hashes still verify. The cost is
// OWASP's minimum for Argon2id (19 MiB, 2 passes): a verification takes tens
// of milliseconds, which login throttling keeps from becoming a lever for
// denial of service.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace yilian::auth {

// Fails only when the system cannot allocate the hashing memory.
Result<std::string> HashPassword(std::string_view password);
// Constant-time with respect to the password; false for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// The policy (names the field "password" on failure): 10 to 128 characters,
// at least three of lowercase, uppercase, digits and other characters, not
// containing the username, and not one of the passwords everybody tries.
Status CheckPasswordPolicy(std::string_view password, std::string_view username);

// A random password that satisfies the policy (one-time passwords).
std::string GeneratePassword();

}  // namespace yilian::auth
