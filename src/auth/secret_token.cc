#include "auth/secret_token.h"

#include <sodium.h>

#include <array>

namespace yilian::auth {

std::string NewSecretToken(std::string_view prefix) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 64> b64{};
  sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + b64.data();
}

std::string HashSecretToken(std::string_view token) {
  std::array<unsigned char, 32> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  return hex.data();
}

bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace yilian::auth
