#include "auth/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/json_fields.h"

namespace yilian::auth {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19u << 20;

bool SodiumReady() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return Status::Internal("libsodium failed to initialise");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::IoError("out of memory hashing a password");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);  // needs NUL termination
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordPolicy(std::string_view password, std::string_view username) {
  size_t n = Utf8Length(password);
  if (!IsCleanUtf8Text(password)) {
    return Status::InvalidField("password", "must be UTF-8 text without control characters");
  }
  if (n < 10) return Status::InvalidField("password", "must have at least 10 characters");
  if (n > 128) return Status::InvalidField("password", "must have at most 128 characters");
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (std::islower(c)) {
      lower = true;
    } else if (std::isupper(c)) {
      upper = true;
    } else if (std::isdigit(c)) {
      digit = true;
    } else {
      other = true;
    }
  }
  if (lower + upper + digit + other < 3) {
    return Status::InvalidField(
        "password", "must mix at least three of lowercase, uppercase, digits and other characters");
  }
  std::string lp = Lower(password);
  if (username.size() >= 3 && lp.find(Lower(username)) != std::string::npos) {
    return Status::InvalidField("password", "must not contain the username");
  }
  static constexpr std::array<std::string_view, 8> kCommon = {
      "password", "123456", "qwerty", "admin", "yilian", "abc123", "111111", "88888888"};
  for (auto w : kCommon) {
    if (lp.find(w) != std::string::npos) {
      return Status::InvalidField(
          "password", "must not contain a common word such as \"" + std::string(w) + "\"");
    }
  }
  return Status::Ok();
}

std::string GeneratePassword() {
  SodiumReady();
  // No look-alikes (0/O, 1/l/I) so it can be read out over the phone.
  static constexpr std::string_view kLower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view kDigit = "23456789";
  static constexpr std::string_view kOther = "-_@#%+";
  auto pick = [](std::string_view set) { return set[randombytes_uniform(set.size())]; };
  std::string p;
  do {  // rarely more than once: the letters can happen to spell a common word ("admin")
    p.clear();
    for (int i = 0; i < 4; ++i) p += pick(kLower);
    for (int i = 0; i < 3; ++i) p += pick(kUpper);
    for (int i = 0; i < 3; ++i) p += pick(kDigit);
    p += pick(kOther);
    p += pick(kLower);
    // Shuffle (Fisher–Yates with libsodium's uniform generator).
    for (size_t i = p.size() - 1; i > 0; --i) {
      std::swap(p[i], p[randombytes_uniform(static_cast<uint32_t>(i + 1))]);
    }
  } while (!CheckPasswordPolicy(p, "").ok());
  return p;
}

}  // namespace yilian::auth
