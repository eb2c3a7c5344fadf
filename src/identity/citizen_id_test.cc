#include "identity/citizen_id.h"

#include <string>

#include <gtest/gtest.h>

namespace yilian {
namespace {

Date Ymd(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

const Date kToday = Ymd(2024, 6, 30);

// The reason of a refused number, or "" when it was accepted.
std::string Reason(std::string_view input, Date today = kToday) {
  Result<CitizenId> r = ParseCitizenId(input, today);
  if (r.ok()) return "";
  const Status& st = r.status();
  EXPECT_EQ(st.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(st.fields().size(), 1u);
  if (st.fields().empty()) return "?";
  EXPECT_EQ(st.fields()[0].field, "id_number");
  return st.fields()[0].reason;
}

TEST(CitizenIdTest, CheckCharOfStandardExample) {
  EXPECT_EQ(CitizenIdCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(CitizenIdCheckChar("14042319850615123"), '0');
  EXPECT_EQ(CitizenIdCheckChar("44030620240101001"), '8');
  EXPECT_EQ(CitizenIdCheckChar("65010119991231567"), '5');
}

TEST(CitizenIdTest, CheckCharRefusesBadInput) {
  EXPECT_EQ(CitizenIdCheckChar(""), '\0');
  EXPECT_EQ(CitizenIdCheckChar("1101051949123100"), '\0');
  EXPECT_EQ(CitizenIdCheckChar("110105194912310021"), '\0');
  EXPECT_EQ(CitizenIdCheckChar("1101051949123100a"), '\0');
}

TEST(CitizenIdTest, ParsesStandardExample) {
  Result<CitizenId> r = ParseCitizenId("11010519491231002X", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->number, "11010519491231002X");
  EXPECT_EQ(r->address_code, "110105");
  EXPECT_EQ(r->birth_date, Ymd(1949, 12, 31));
  EXPECT_EQ(r->sequence, 2);
  EXPECT_EQ(r->sex, "2");
  EXPECT_FALSE(r->converted_from_15);
}

TEST(CitizenIdTest, LowercaseXIsNormalised) {
  Result<CitizenId> r = ParseCitizenId("11010519491231002x", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->number, "11010519491231002X");
}

TEST(CitizenIdTest, TrimsSurroundingWhitespace) {
  Result<CitizenId> r = ParseCitizenId(" \t11010519491231002X\r\n", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->number, "11010519491231002X");
}

TEST(CitizenIdTest, ParsesOtherValidNumbers) {
  Result<CitizenId> r = ParseCitizenId("140423198506151230", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->birth_date, Ymd(1985, 6, 15));
  EXPECT_EQ(r->sequence, 123);
  EXPECT_EQ(r->sex, "1");

  r = ParseCitizenId("650101199912315675", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sequence, 567);
  EXPECT_EQ(r->sex, "1");

  r = ParseCitizenId("820000197001010011", kToday);  // Macao
  ASSERT_TRUE(r.ok()) << r.status().ToString();
}

TEST(CitizenIdTest, SequenceZeroIsAllowed) {
  Result<CitizenId> r = ParseCitizenId("330502198001010001", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sequence, 0);
  EXPECT_EQ(r->sex, "2");
}

TEST(CitizenIdTest, ConvertsLegacy15Digits) {
  Result<CitizenId> r = ParseCitizenId("110105491231002", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->number, "11010519491231002X");
  EXPECT_EQ(r->birth_date, Ymd(1949, 12, 31));
  EXPECT_EQ(r->sex, "2");
  EXPECT_TRUE(r->converted_from_15);

  r = ParseCitizenId("140423850615123", kToday);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->number, "140423198506151230");
  EXPECT_EQ(r->sex, "1");
}

TEST(CitizenIdTest, LegacyNumberWithImpossibleDate) {
  EXPECT_EQ(Reason("110105490231002"), "impossible birth date 19490231");
  EXPECT_EQ(Reason("110105491301002"), "impossible birth date 19491301");
}

TEST(CitizenIdTest, RefusesWrongLength) {
  EXPECT_EQ(Reason(""), "is empty");
  EXPECT_EQ(Reason("   "), "is empty");
  EXPECT_EQ(Reason("1101051949123100"),
            "must be 18 characters (or a legacy 15-digit number), got 16");
  EXPECT_EQ(Reason("11010519491231002X1"),
            "must be 18 characters (or a legacy 15-digit number), got 19");
  EXPECT_EQ(Reason("11010549123100"),
            "must be 18 characters (or a legacy 15-digit number), got 14");
  // Inner spaces are not trimmed.
  EXPECT_EQ(Reason("110105 19491231002X"),
            "must be 18 characters (or a legacy 15-digit number), got 19");
}

TEST(CitizenIdTest, RefusesNonDigits) {
  EXPECT_EQ(Reason("1101051949123100AX"), "character 17 ('A') is not a digit");
  EXPECT_EQ(Reason("X1010519491231002X"), "character 1 ('X') is not a digit");
  EXPECT_EQ(Reason("110105 9491231002X"), "character 7 (0x20) is not a digit");
  EXPECT_EQ(Reason("11010549123100X"), "character 15 ('X') is not a digit");
  EXPECT_EQ(Reason("110105194912310021"), "bad check character '1', expected 'X'");
  EXPECT_EQ(Reason("11010519491231002Y"), "character 18 ('Y') must be a digit or X");
  // Full-width digits are UTF-8 bytes, not ASCII digits.
  EXPECT_EQ(Reason("\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x95"),
            "character 1 (0xEF) is not a digit");
}

TEST(CitizenIdTest, RefusesBadCheckCharacter) {
  EXPECT_EQ(Reason("110105194912310020"), "bad check character '0', expected 'X'");
  EXPECT_EQ(Reason("14042319850615123X"), "bad check character 'X', expected '0'");
  EXPECT_EQ(Reason("14042319850615123x"), "bad check character 'X', expected '0'");
  // A single-digit typo is always caught.
  EXPECT_EQ(Reason("11010519491231003X"), "bad check character 'X', expected '8'");
}

TEST(CitizenIdTest, RefusesImpossibleBirthDate) {
  std::string first17 = "11010519490231002";
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)), "impossible birth date 19490231");
  first17 = "11010519491300002";
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)), "impossible birth date 19491300");
  first17 = "11010519490100002";
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)), "impossible birth date 19490100");
  first17 = "11010519490431002";
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)), "impossible birth date 19490431");
  first17 = "11010500000101002";
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)),
            "birth date 00000101 is before 1880-01-01");
}

TEST(CitizenIdTest, February29OnlyInLeapYears) {
  EXPECT_EQ(Reason("140423200002290042"), "");  // 2000: divisible by 400
  EXPECT_EQ(Reason(MakeCitizenId("140423", Ymd(2024, 2, 29), 4)), "");
  std::string first17 = "14042319000229001";  // 1900: divisible by 100, not 400
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)), "impossible birth date 19000229");
  first17 = "14042320230229001";
  EXPECT_EQ(Reason(first17 + CitizenIdCheckChar(first17)), "impossible birth date 20230229");
  EXPECT_EQ(Reason("140423000229001"), "impossible birth date 19000229");  // legacy
  EXPECT_EQ(Reason("140423960229001"), "");
}

TEST(CitizenIdTest, RefusesFutureBirthDate) {
  EXPECT_EQ(Reason(MakeCitizenId("140423", kToday, 1)), "");  // born today
  EXPECT_EQ(Reason(MakeCitizenId("140423", kToday.AddDays(1), 1)),
            "birth date 2024-07-01 is in the future (today is 2024-06-30)");
  EXPECT_EQ(Reason(MakeCitizenId("140423", Ymd(2100, 1, 1), 1)),
            "birth date 2100-01-01 is in the future (today is 2024-06-30)");
}

TEST(CitizenIdTest, RefusesBirthBefore1880) {
  EXPECT_EQ(Reason("110105188001010033"), "");
  EXPECT_EQ(Reason("110105187912310032"), "birth date 18791231 is before 1880-01-01");
}

TEST(CitizenIdTest, RefusesUnknownProvince) {
  for (const char* code : {"000000", "100105", "160105", "240105", "380105", "470105", "550105",
                           "660105", "700105", "720105", "840105", "910105", "990105"}) {
    std::string number = MakeCitizenId(code, Ymd(1980, 1, 1), 11);
    EXPECT_EQ(Reason(number),
              std::string("address code ") + code + " does not start with a province code")
        << number;
  }
  for (const char* code :
       {"110000", "150000", "210000", "230000", "310000", "370000", "410000", "460000", "500000",
        "540000", "610000", "650000", "710000", "810000", "820000", "830000"}) {
    EXPECT_EQ(Reason(MakeCitizenId(code, Ymd(1980, 1, 1), 11)), "") << code;
  }
}

TEST(CitizenIdTest, ErrorMessageNamesTheField) {
  Result<CitizenId> r = ParseCitizenId("123", kToday);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "id_number: must be 18 characters (or a legacy 15-digit number), got 3");
}

TEST(CitizenIdTest, MakeCitizenIdRoundTrips) {
  std::string n = MakeCitizenId("110105", Ymd(1949, 12, 31), 2);
  EXPECT_EQ(n, "11010519491231002X");
  EXPECT_EQ(MakeCitizenId("140423", Ymd(1985, 6, 15), 123), "140423198506151230");
  EXPECT_EQ(MakeCitizenId("140423", Ymd(1985, 6, 15), 1123), "140423198506151230");
  EXPECT_EQ(MakeCitizenId("330502", Ymd(1980, 1, 1), 0), "330502198001010001");
  for (int seq = 0; seq < 1000; seq += 37) {
    Date birth = Ymd(1990, 1, 1).AddDays(seq * 11);
    Result<CitizenId> r = ParseCitizenId(MakeCitizenId("140423", birth, seq), kToday);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->birth_date, birth);
    EXPECT_EQ(r->sequence, seq);
    EXPECT_EQ(r->sex, seq % 2 ? "1" : "2");
  }
}

TEST(CitizenIdTest, MaskIdNumber) {
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskIdNumber("110105491231002"), "11***********02");
  EXPECT_EQ(MaskIdNumber("E12345678"), "E1*****78");
  EXPECT_EQ(MaskIdNumber("12345"), "12*45");
  EXPECT_EQ(MaskIdNumber("1234"), "****");
  EXPECT_EQ(MaskIdNumber("1"), "*");
  EXPECT_EQ(MaskIdNumber(""), "");
  // Counted in characters: a multi-byte character is kept whole or starred once.
  EXPECT_EQ(MaskIdNumber("军字第123456号"), "军字******6号");
}

TEST(CitizenIdTest, MaskPhone) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("0355-5551234"), "********1234");
  EXPECT_EQ(MaskPhone("5551234"), "***1234");
  EXPECT_EQ(MaskPhone("1234"), "****");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(CitizenIdTest, ValidatePhoneAccepts) {
  for (const char* p : {"", "13812345678", "19900001111", "15000000000", "0355-5551234",
                        "03555551234", "5551234", "010-12345678", "0355-55512345"}) {
    EXPECT_TRUE(ValidatePhone(p, "phone").ok()) << p;
  }
}

TEST(CitizenIdTest, ValidatePhoneRefuses) {
  auto reason = [](std::string_view p) {
    Status st = ValidatePhone(p, "contact_phone");
    if (st.ok()) return std::string();
    EXPECT_EQ(st.fields().size(), 1u);
    EXPECT_EQ(st.fields()[0].field, "contact_phone");
    return st.fields()[0].reason;
  };
  EXPECT_EQ(reason("12812345678"), "a mobile number must start with 13-19");
  EXPECT_EQ(reason("10012345678"), "a mobile number must start with 13-19");
  EXPECT_EQ(reason("1381234567"), "a mobile number must be 11 digits without '-'");
  EXPECT_EQ(reason("138123456789"), "a mobile number must be 11 digits without '-'");
  EXPECT_EQ(reason("138-12345678"), "a mobile number must be 11 digits without '-'");
  EXPECT_EQ(reason("0355-555-1234"), "may contain at most one '-'");
  EXPECT_EQ(reason("-03555551234"), "'-' must stand between digits");
  EXPECT_EQ(reason("03555551234-"), "'-' must stand between digits");
  EXPECT_EQ(reason("555123"), "a landline number must have 7-13 digits, got 6");
  EXPECT_EQ(reason("03555551234567"), "a landline number must have 7-13 digits, got 14");
  EXPECT_EQ(reason("138 1234 5678"), "may contain only digits and one '-', found 0x20");
  EXPECT_EQ(reason("+8613812345678"), "may contain only digits and one '-', found '+'");
  EXPECT_EQ(reason("-"), "'-' must stand between digits");
}

}  // namespace
}  // namespace yilian
