#include "identity/citizen_id.h"

#include <cstdio>
#include <vector>

namespace yilian {
namespace {

constexpr char kField[] = "id_number";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Provinces of GB/T 2260 plus Taiwan (71), Hong Kong (81), Macao (82) and
// 83, which the Ministry of Public Security uses for residence permits of
// Taiwan residents.
bool IsProvinceCode(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
         p == 81 || p == 82 || p == 83;
}

// A byte for an error message: printable ASCII as is, anything else as hex,
// so a reason never carries a broken UTF-8 fragment.
std::string DescribeByte(char c) {
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(c));
  return buf;
}

Status Invalid(const std::string& reason) { return Status::InvalidField(kField, reason); }

// Splits UTF-8 text into characters; an invalid byte counts as one character.
std::vector<std::string_view> Utf8Chars(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > s.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        len = 1;
        break;
      }
    }
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// Keeps the first `head` and last `tail` characters and stars the rest.
std::string MaskMiddle(std::string_view s, size_t head, size_t tail) {
  std::vector<std::string_view> chars = Utf8Chars(s);
  if (chars.size() <= head + tail) {
    head = 0;
    tail = 0;
  }
  std::string out;
  for (size_t i = 0; i < chars.size(); ++i) {
    if (i < head || i >= chars.size() - tail) {
      out.append(chars[i]);
    } else {
      out.push_back('*');
    }
  }
  return out;
}

}  // namespace

char CitizenIdCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChecks[] = "10X98765432";
  if (first17.size() != 17 || !AllDigits(first17)) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

Result<CitizenId> ParseCitizenId(std::string_view input, Date today) {
  std::string_view s = TrimAscii(input);
  if (s.empty()) return Invalid("is empty");
  if (s.size() != 18 && s.size() != 15) {
    return Invalid("must be 18 characters (or a legacy 15-digit number), got " +
                   std::to_string(s.size()));
  }
  const bool legacy = s.size() == 15;
  const size_t digits = legacy ? 15 : 17;
  for (size_t i = 0; i < digits; ++i) {
    if (!IsDigit(s[i])) {
      return Invalid("character " + std::to_string(i + 1) + " (" + DescribeByte(s[i]) +
                     ") is not a digit");
    }
  }

  CitizenId id;
  id.converted_from_15 = legacy;
  std::string first17;
  if (legacy) {
    // Every 15-digit number was issued to someone born in the 1900s.
    first17 = std::string(s.substr(0, 6)) + "19" + std::string(s.substr(6, 9));
  } else {
    first17 = std::string(s.substr(0, 17));
    char last = s[17];
    if (last == 'x') last = 'X';
    if (!IsDigit(last) && last != 'X') {
      return Invalid("character 18 (" + DescribeByte(s[17]) + ") must be a digit or X");
    }
    const char expected = CitizenIdCheckChar(first17);
    if (last != expected) {
      return Invalid(std::string("bad check character '") + last + "', expected '" + expected +
                     "'");
    }
  }

  const std::string_view ymd = std::string_view(first17).substr(6, 8);
  const int y = ToInt(ymd.substr(0, 4)), m = ToInt(ymd.substr(4, 2)), d = ToInt(ymd.substr(6, 2));
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return Invalid("impossible birth date " + std::string(ymd));
  }
  if (y < 1880) {
    return Invalid("birth date " + std::string(ymd) + " is before 1880-01-01");
  }
  // y is 1880..9999 and the day is real, so FromYmd cannot fail.
  id.birth_date = *Date::FromYmd(y, m, d);
  if (id.birth_date > today) {
    return Invalid("birth date " + id.birth_date.ToIso() + " is in the future (today is " +
                   today.ToIso() + ")");
  }

  id.address_code = first17.substr(0, 6);
  if (!IsProvinceCode(ToInt(id.address_code.substr(0, 2)))) {
    return Invalid("address code " + id.address_code + " does not start with a province code");
  }

  id.sequence = ToInt(std::string_view(first17).substr(14, 3));
  id.sex = id.sequence % 2 == 1 ? "1" : "2";
  id.number = first17 + CitizenIdCheckChar(first17);
  return id;
}

std::string MakeCitizenId(std::string_view address_code6, Date birth, int sequence) {
  sequence %= 1000;
  if (sequence < 0) sequence += 1000;
  char seq[4];
  std::snprintf(seq, sizeof seq, "%03d", sequence);
  std::string first17 = std::string(address_code6) + birth.ToCompact() + seq;
  return first17 + CitizenIdCheckChar(first17);
}

std::string MaskIdNumber(std::string_view id) {
  // Counted in characters: 18 bytes of multi-byte text is not an ID number.
  if (Utf8Chars(id).size() == 18) return MaskMiddle(id, 6, 4);
  return MaskMiddle(id, 2, 2);
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() == 11 && AllDigits(phone)) return MaskMiddle(phone, 3, 4);
  return MaskMiddle(phone, 0, 4);
}

Status ValidatePhone(std::string_view phone, const std::string& field) {
  if (phone.empty()) return Status::Ok();
  int digits = 0, dashes = 0;
  for (char c : phone) {
    if (IsDigit(c)) {
      ++digits;
    } else if (c == '-') {
      ++dashes;
    } else {
      return Status::InvalidField(field,
                                  "may contain only digits and one '-', found " + DescribeByte(c));
    }
  }
  if (phone.front() == '1') {
    // Landline local numbers never start with 1 and area codes start with 0,
    // so a leading 1 means a mobile number.
    if (dashes > 0 || digits != 11) {
      return Status::InvalidField(field, "a mobile number must be 11 digits without '-'");
    }
    if (phone[1] < '3') return Status::InvalidField(field, "a mobile number must start with 13-19");
    return Status::Ok();
  }
  if (dashes > 1) return Status::InvalidField(field, "may contain at most one '-'");
  if (phone.front() == '-' || phone.back() == '-') {
    return Status::InvalidField(field, "'-' must stand between digits");
  }
  if (digits < 7 || digits > 13) {
    return Status::InvalidField(
        field, "a landline number must have 7-13 digits, got " + std::to_string(digits));
  }
  return Status::Ok();
}

}  // namespace yilian
