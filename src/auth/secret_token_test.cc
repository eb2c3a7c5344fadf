#include "auth/secret_token.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace yilian::auth {
namespace {

TEST(SecretTokenTest, PrefixAndLength) {
  for (const char* prefix : {"yls_", "ylt_", "ylc_", ""}) {
    std::string t = NewSecretToken(prefix);
    EXPECT_EQ(t.rfind(prefix, 0), 0u) << t;
    // 32 random bytes in unpadded base64url: 43 characters.
    ASSERT_EQ(t.size(), std::string(prefix).size() + 43) << t;
    for (char c : t.substr(std::string(prefix).size())) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
          << "not base64url: " << t;
    }
  }
}

TEST(SecretTokenTest, TokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewSecretToken("yls_"));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(SecretTokenTest, HashIsStableHex) {
  std::string t = NewSecretToken("ylt_");
  std::string h = HashSecretToken(t);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos) << h;
  EXPECT_EQ(HashSecretToken(t), h);
  EXPECT_NE(HashSecretToken(t + "x"), h);
  EXPECT_NE(HashSecretToken(NewSecretToken("ylt_")), h);
  EXPECT_EQ(HashSecretToken("").size(), 64u);
  // BLAKE2b-256 of the empty string (RFC 7693 parameters, no key).
  EXPECT_EQ(HashSecretToken(""),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(SecretTokenTest, SecretEquals) {
  std::string a = NewSecretToken("ylc_");
  EXPECT_TRUE(SecretEquals(a, a));
  EXPECT_TRUE(SecretEquals(a, std::string(a)));
  EXPECT_TRUE(SecretEquals("", ""));
  std::string b = a;
  b.back() = b.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(SecretEquals(a, b));
  std::string c = a;
  c[0] = 'x';
  EXPECT_FALSE(SecretEquals(a, c));
  EXPECT_FALSE(SecretEquals(a, a.substr(0, a.size() - 1)));
  EXPECT_FALSE(SecretEquals(a, a + "x"));
  EXPECT_FALSE(SecretEquals("", "x"));
}

}  // namespace
}  // namespace yilian::auth
