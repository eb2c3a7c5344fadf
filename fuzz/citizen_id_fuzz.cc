// Feeds arbitrary bytes to ParseCitizenId and checks what an accepted number
// must satisfy; any violation traps so libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "identity/citizen_id.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using yilian::CitizenId;
  // Fixed, so a crash reproduces on any day.
  static const yilian::Date kToday = *yilian::Date::FromYmd(2024, 6, 30);
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // The maskers and the phone check take any bytes and must not crash.
  (void)yilian::MaskIdNumber(input);
  (void)yilian::MaskPhone(input);
  (void)yilian::ValidatePhone(input, "phone");

  yilian::Result<CitizenId> r = yilian::ParseCitizenId(input, kToday);
  if (!r.ok()) {
    if (r.status().fields().size() != 1) __builtin_trap();
    return 0;
  }
  const CitizenId& id = *r;
  if (id.number.size() != 18) __builtin_trap();
  if (yilian::CitizenIdCheckChar(std::string_view(id.number).substr(0, 17)) != id.number[17]) {
    __builtin_trap();
  }
  if (id.birth_date > kToday) __builtin_trap();
  if (id.birth_date < *yilian::Date::FromYmd(1880, 1, 1)) __builtin_trap();
  if (id.number.compare(6, 8, id.birth_date.ToCompact()) != 0) __builtin_trap();
  if (id.address_code != id.number.substr(0, 6)) __builtin_trap();
  if (id.sequence < 0 || id.sequence > 999) __builtin_trap();
  if (id.sex != (id.sequence % 2 == 1 ? "1" : "2")) __builtin_trap();
  if (yilian::MaskIdNumber(id.number).size() != 18) __builtin_trap();

  // A normalised number is a fixed point of parsing.
  yilian::Result<CitizenId> again = yilian::ParseCitizenId(id.number, kToday);
  if (!again.ok() || again->number != id.number || again->birth_date != id.birth_date ||
      again->sequence != id.sequence || again->converted_from_15) {
    __builtin_trap();
  }
  if (yilian::MakeCitizenId(id.address_code, id.birth_date, id.sequence) != id.number) {
    __builtin_trap();
  }
  return 0;
}
