#include "auth/password.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace yilian::auth {
namespace {

constexpr const char* kGood = "Qz#2026-check";

void ExpectRefused(const std::string& password, const std::string& username,
                   const std::string& why) {
  Status s = CheckPasswordPolicy(password, username);
  ASSERT_FALSE(s.ok()) << password << " should be refused (" << why << ")";
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << why;
  ASSERT_EQ(s.fields().size(), 1u) << why;
  EXPECT_EQ(s.fields()[0].field, "password") << why;
}

TEST(PasswordTest, HashVerifyRoundTrip) {
  auto h = HashPassword(kGood);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, kGood));
  // Salted: the same password hashes differently each time, and both verify.
  auto h2 = HashPassword(kGood);
  ASSERT_TRUE(h2.ok());
  EXPECT_NE(*h, *h2);
  EXPECT_TRUE(VerifyPassword(*h2, kGood));
}

TEST(PasswordTest, WrongPasswordFails) {
  auto h = HashPassword(kGood);
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(VerifyPassword(*h, "Qz#2026-checK"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
  EXPECT_FALSE(VerifyPassword(*h, std::string(kGood) + " "));
}

TEST(PasswordTest, MalformedHashFails) {
  auto h = HashPassword(kGood);
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(VerifyPassword("", kGood));
  EXPECT_FALSE(VerifyPassword("not a hash", kGood));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=19456,t=2,p=1$", kGood));
  EXPECT_FALSE(VerifyPassword(h->substr(0, h->size() - 5), kGood));
  EXPECT_FALSE(VerifyPassword(std::string(4096, 'x'), kGood));
  // Hash of something else entirely.
  std::string tampered = *h;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(tampered, kGood));
}

TEST(PasswordTest, PolicyAcceptsGoodPasswords) {
  for (const char* p : {kGood, "correct-horse-7", "CORRECT HORSE 7", "Abcdefghi1", "zhang.san.2026",
                        "村医王建国Aa1xy", "Aa1Aa1Aa1Aa1"}) {
    EXPECT_TRUE(CheckPasswordPolicy(p, "wangjg").ok())
        << p << ": " << CheckPasswordPolicy(p, "wangjg").ToString();
  }
  EXPECT_TRUE(CheckPasswordPolicy(std::string(128, 'a').replace(0, 2, "A1"), "bob").ok());
  EXPECT_TRUE(CheckPasswordPolicy("Abcdefgh1j", "").ok());
}

TEST(PasswordTest, PolicyRefusesEachRule) {
  ExpectRefused("Ab1#xyz", "u", "too short");
  ExpectRefused("Ab1#xyzab", "u", "9 characters");
  ExpectRefused("A1#" + std::string(126, 'x'), "u", "129 characters");
  ExpectRefused("abcdefghijkl", "u", "one class");
  ExpectRefused("abcdefghij12", "u", "two classes");
  ExpectRefused("ABCDEFGH-#-#", "u", "two classes, upper and other");
  ExpectRefused("Xx1-wangjg-22", "wangjg", "contains the username");
  ExpectRefused("Xx1-WangJG-22", "wangjg", "contains the username, other case");
  ExpectRefused("Xx1-wangjg-22", "WANGJG", "username given upper case");
  ExpectRefused("MyPassword1!", "u", "common word password");
  ExpectRefused("Xq-QWERTY-99", "u", "common word qwerty, upper case");
  ExpectRefused("Admin-2026-Z", "u", "common word admin");
  ExpectRefused("Yilian#2026", "u", "common word yilian");
  ExpectRefused("Zz-123456-zz", "u", "common digits");
  ExpectRefused("Abcdefg1\nhij", "u", "newline");
  ExpectRefused(std::string("Abcdefg1\x01hij"), "u", "control character");
  ExpectRefused(std::string("Abcdefg1\x7fhij"), "u", "DEL");
  ExpectRefused(std::string("Abcdefg1\xff\xfehij"), "u", "invalid UTF-8");
}

TEST(PasswordTest, PolicyCountsCharactersNotBytes) {
  // Nine CJK characters plus nothing else: 27 bytes but 9 characters.
  ExpectRefused("王建国王建国A1x", "u", "9 characters of which 6 are CJK");
  EXPECT_TRUE(CheckPasswordPolicy("王建国王建国A1xy", "u").ok());
}

TEST(PasswordTest, ShortUsernameIsNotMatched) {
  // A username under three characters would forbid too many passwords.
  EXPECT_TRUE(CheckPasswordPolicy("Ab1-ab-cdefg", "ab").ok());
}

TEST(PasswordTest, GeneratedPasswordsSatisfyThePolicy) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string p = GeneratePassword();
    EXPECT_TRUE(CheckPasswordPolicy(p, "").ok())
        << p << ": " << CheckPasswordPolicy(p, "").ToString();
    EXPECT_GE(p.size(), 10u);
    for (char c : p) {
      EXPECT_EQ(std::string("0O1lIo").find(c), std::string::npos)
          << "look-alike " << c << " in " << p;
      EXPECT_TRUE(c > 0x20 && c < 0x7f) << p;
    }
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 200u);
}

}  // namespace
}  // namespace yilian::auth
