// Feeds arbitrary bytes to ParsePeriod (the `pe` of every analytics and work-
// point request) and checks what an accepted period must satisfy; any
// violation traps so libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/period.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto p = yilian::ParsePeriod(input);
  if (!p.ok()) {
    if (p.status().fields().size() != 1 || p.status().fields()[0].field != "pe") __builtin_trap();
    return 0;
  }
  if (p->end < p->start || p->days() < 1 || p->days() > 366 * 20 + 1) __builtin_trap();
  // The normalised code names the same days.
  auto again = yilian::ParsePeriod(p->code);
  if (!again.ok() || again->start != p->start || again->end != p->end) __builtin_trap();
  yilian::Period last = p->YearBefore();
  if (last.end < last.start || last.start >= p->start) __builtin_trap();
  yilian::Period through = p->Through(p->start);
  if (through.end < through.start || through.end > p->end) __builtin_trap();
  return 0;
}
