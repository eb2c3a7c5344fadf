// Secret tokens for sessions, CSRF and API access.
//
// Tokens carry 256 random bits, base64url-encoded behind a prefix that says
// what they are ("yls_" session, "ylt_" API token, "ylc_" CSRF). Only a
// BLAKE2b hash of a session or API token is stored, so a copy of the database
// does not let anyone sign in; the hash is a lookup key, not a password hash,
// because the tokens are random and long.
#pragma once

#include <string>
#include <string_view>

namespace yilian::auth {

std::string NewSecretToken(std::string_view prefix);
// Hex BLAKE2b-256 of the token.
std::string HashSecretToken(std::string_view token);
// Compares in time independent of where the strings differ.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace yilian::auth
