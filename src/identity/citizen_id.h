// Citizen ID numbers (公民身份号码, GB 11643-1999) and the masking and phone
// checks that go with personal identifiers.
//
// An 18-character number is address code (6 digits, GB/T 2260) + birth date
// (YYYYMMDD) + sequence (3 digits, odd = male, even = female) + check
// character. Legacy 15-digit numbers (address + YYMMDD + sequence, all born
// in the 1900s) are still found on old cards and paper records; they are
// accepted and converted, so one person always has one normalised number.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace yilian {

struct CitizenId {
  std::string number;        // normalised: 18 characters, check character 'X' upper case
  std::string address_code;  // 6 digits: the county of first registration
  Date birth_date;
  int sequence = 0;  // 0..999
  std::string sex;   // code set "sex": "1" male (odd sequence), "2" female
  bool converted_from_15 = false;
};

// Parses and validates a citizen ID number. Surrounding ASCII whitespace is
// ignored; a lower-case 'x' is the same as 'X'. A birth date after `today`
// or before 1880-01-01 is refused, as is an address code whose first two
// digits are not a province code. Errors are Status::InvalidField("id_number",
// reason) with one precise reason.
Result<CitizenId> ParseCitizenId(std::string_view input, Date today);

// The check character ('0'..'9' or 'X') for the first 17 digits of a number.
// Returns '\0' unless `first17` is exactly 17 ASCII digits.
char CitizenIdCheckChar(std::string_view first17);

// A valid 18-character number. Requires a 6-digit `address_code6` and a
// birth year 1000..9999; `sequence` is taken modulo 1000. Used to make
// synthetic data, so it never fails.
std::string MakeCitizenId(std::string_view address_code6, Date birth, int sequence);

// For display and logs. An 18-character number keeps its first 6 and last 4
// characters ("110105********002X"); any other non-empty value keeps its
// first 2 and last 2 characters (all masked when 4 or fewer). Counts UTF-8
// characters, so the result stays valid UTF-8 when the input is.
std::string MaskIdNumber(std::string_view id);

// An 11-digit mobile number becomes "138****5678"; anything else is masked
// but for its last 4 characters (all masked when 4 or fewer).
std::string MaskPhone(std::string_view phone);

// Accepts an empty value (phones are optional), a mainland mobile number
// (11 digits, 1[3-9]...) or a landline (7-13 digits with at most one '-'
// between digits, e.g. "0355-5551234"). Errors name `field`.
Status ValidatePhone(std::string_view phone, const std::string& field);

}  // namespace yilian
