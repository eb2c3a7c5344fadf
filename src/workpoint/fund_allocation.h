// Fund allocation by work points (按工分拨付): a pool of money split over
// facilities in proportion to their points, weighted by a quality
// coefficient, to the cent. Free of I/O.
//
// Each facility's weight is points × quality (quality in thousandths, so
// 0.95 is 950). Its share is floor(pool × weight / total weight); the cents
// this leaves over go one each to the largest remainders (ties to the lower
// facility id), so the shares add up to the pool exactly and the same inputs
// always give the same cents. A facility with no weight gets nothing.
//
// The yearly cycle (see FundRun): each quarter a pre-payment of
// budget × ratio ÷ 4 by that quarter's points (quality 1); after the year,
// the settlement splits the whole budget by the year's points × quality and
// pays each facility its share minus what it was pre-paid (negative: to be
// returned).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace yilian {

struct FacilityWeight {
  int64_t facility_id = 0;
  std::string name;
  int64_t points_centi = 0;
  int64_t quality_milli = 1000;  // 1.000
  int64_t prepaid_cents = 0;     // settlement: pre-paid this year
};

struct AllocationLine {
  int64_t facility_id = 0;
  std::string name;
  int64_t points_centi = 0;
  int64_t quality_milli = 1000;
  int64_t share_cents = 0;
  int64_t prepaid_cents = 0;
  int64_t payable_cents = 0;  // share − prepaid
  std::string working;        // how the share was computed, in words
};

struct Allocation {
  int64_t pool_cents = 0;
  int64_t total_points_centi = 0;
  std::vector<AllocationLine> lines;  // by facility id
};

// Splits `pool_cents` as above. Facilities are reported in id order.
Allocation Allocate(int64_t pool_cents, std::vector<FacilityWeight> facilities);

// "1,234,567.89" from cents; "12,345.5" style for points.
std::string FormatYuan(int64_t cents);
std::string FormatQuality(int64_t milli);

}  // namespace yilian
