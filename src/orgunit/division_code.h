// NBS statistical division codes (统计用区划代码): 12 digits,
// province 2 + city 2 + county 2 + township 3 + village 3.
// Township 001-099 街道, 100-199 镇, 200-399 乡; village 001-199 居委会, 200-399 村委会.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace yilian {

// The level (1 province … 5 village) a well-formed code denotes, or nullopt
// when the code is not 12 digits or has a non-zero segment below a zero one.
std::optional<int> LevelOfDivisionCode(std::string_view code);

// The code of the level-`level` ancestor: the code with lower segments zeroed.
std::string AncestorDivisionCode(std::string_view code, int level);

// Number of leading digits that identify a unit of `level` (2, 4, 6, 9, 12).
int DivisionPrefixLength(int level);

// "街道" / "镇" / "乡" for a township code, "居委会" / "村委会" for a village code,
// empty when the segment is outside the NBS ranges.
std::string DivisionKind(std::string_view code);

}  // namespace yilian
