#include "orgunit/division_code.h"

namespace yilian {
namespace {
bool AllZero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }
int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

int DivisionPrefixLength(int level) {
  static const int kLen[] = {0, 2, 4, 6, 9, 12};
  return level >= 1 && level <= 5 ? kLen[level] : 0;
}

std::optional<int> LevelOfDivisionCode(std::string_view code) {
  if (code.size() != 12) return std::nullopt;
  for (char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  if (AllZero(code.substr(0, 2))) return std::nullopt;
  int level = 1;
  for (int l = 2; l <= 5; ++l) {
    int from = DivisionPrefixLength(l - 1), len = DivisionPrefixLength(l) - from;
    if (!AllZero(code.substr(from, len))) {
      if (level != l - 1) return std::nullopt;  // a gap: non-zero below a zero segment
      level = l;
    }
  }
  return level;
}

std::string AncestorDivisionCode(std::string_view code, int level) {
  std::string out(code);
  for (size_t i = DivisionPrefixLength(level); i < out.size(); ++i) out[i] = '0';
  return out;
}

std::string DivisionKind(std::string_view code) {
  auto level = LevelOfDivisionCode(code);
  if (level == 4) {
    int t = ToInt(code.substr(6, 3));
    if (t >= 1 && t <= 99) return "街道";
    if (t >= 100 && t <= 199) return "镇";
    if (t >= 200 && t <= 399) return "乡";
  } else if (level == 5) {
    int v = ToInt(code.substr(9, 3));
    if (v >= 1 && v <= 199) return "居委会";
    if (v >= 200 && v <= 399) return "村委会";
  }
  return "";
}

}  // namespace yilian
