#include "workpoint/fund_allocation.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "catalogue/service_catalogue.h"

namespace yilian {
namespace {

std::string Grouped(int64_t v) {
  std::string digits = std::to_string(std::llabs(v));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

}  // namespace

std::string FormatYuan(int64_t cents) {
  int64_t a = std::llabs(cents);
  return fmt::format("{}{}.{:02}", cents < 0 ? "-" : "", Grouped(a / 100), a % 100);
}

std::string FormatQuality(int64_t milli) {
  return fmt::format("{}.{:03}", milli / 1000, milli % 1000);
}

Allocation Allocate(int64_t pool_cents, std::vector<FacilityWeight> facilities) {
  std::sort(facilities.begin(), facilities.end(),
            [](const FacilityWeight& a, const FacilityWeight& b) {
              return a.facility_id < b.facility_id;
            });
  Allocation out;
  out.pool_cents = pool_cents;
  __int128 total = 0;
  for (const auto& f : facilities) {
    out.total_points_centi += f.points_centi;
    if (f.points_centi > 0 && f.quality_milli > 0) {
      total += static_cast<__int128>(f.points_centi) * f.quality_milli;
    }
  }
  struct Rem {
    __int128 remainder;
    size_t index;
  };
  std::vector<Rem> rems;
  int64_t given = 0;
  for (size_t i = 0; i < facilities.size(); ++i) {
    const auto& f = facilities[i];
    AllocationLine line;
    line.facility_id = f.facility_id;
    line.name = f.name;
    line.points_centi = f.points_centi;
    line.quality_milli = f.quality_milli;
    line.prepaid_cents = f.prepaid_cents;
    __int128 weight = f.points_centi > 0 && f.quality_milli > 0
                          ? static_cast<__int128>(f.points_centi) * f.quality_milli
                          : 0;
    if (total > 0 && weight > 0) {
      __int128 num = static_cast<__int128>(pool_cents) * weight;
      line.share_cents = static_cast<int64_t>(num / total);
      rems.push_back({num % total, i});
      given += line.share_cents;
    }
    out.lines.push_back(std::move(line));
  }
  // The leftover cents, one each, to the largest remainders.
  std::stable_sort(rems.begin(), rems.end(),
                   [](const Rem& a, const Rem& b) { return a.remainder > b.remainder; });
  int64_t left = total > 0 ? pool_cents - given : 0;
  for (size_t k = 0; k < rems.size() && left > 0; ++k, --left)
    ++out.lines[rems[k].index].share_cents;

  double total_weight = static_cast<double>(total) / 100000.0;  // points × quality
  for (auto& line : out.lines) {
    line.payable_cents = line.share_cents - line.prepaid_cents;
    double w =
        static_cast<double>(line.points_centi) * static_cast<double>(line.quality_milli) / 100000.0;
    if (total == 0 || line.points_centi <= 0 || line.quality_milli <= 0) {
      line.working = "工分 " + FormatPoints(line.points_centi) + "，无可分配权重，分配 0.00 元";
    } else {
      line.working = fmt::format(
          "工分 {} × 质量系数 {} = {:.2f}；占全部加权工分 {:.2f} 的 {:.4f}%；{} × {:.2f} ÷ {:.2f} "
          "= {} 元（按最大余数法取整到分）",
          FormatPoints(line.points_centi), FormatQuality(line.quality_milli), w, total_weight,
          100.0 * w / total_weight, FormatYuan(out.pool_cents), w, total_weight,
          FormatYuan(line.share_cents));
    }
    if (line.prepaid_cents != 0) {
      line.working += fmt::format("；减已预拨 {} 元，应拨 {} 元", FormatYuan(line.prepaid_cents),
                                  FormatYuan(line.payable_cents));
    }
  }
  return out;
}

}  // namespace yilian
