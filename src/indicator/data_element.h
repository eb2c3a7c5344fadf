// Data elements (数据元): what the live state counts for the indicators, per
// org unit and day. The set is closed (each element is derived from
// residents' facts by code, see contribution.h); which indicators combine
// them, and how, is data (data/indicators/indicators.json).
//
// A stock element counts residents in a state on a day (records, contracted,
// hypertension patients controlled): its value for a period is its value on
// the period's last day. A flow element counts events (services, deliveries,
// work points): its value for a period is the sum over the period's days.
// Every element is kept in total and by sex; some also by age group.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yilian::indicator {

struct DataElement {
  std::string id;    // "contracted"
  std::string name;  // "签约人数"
  bool flow = false;
  bool by_age = false;  // also kept by age group
  double scale = 1.0;   // stored value × scale = reported value (points are stored in hundredths)
};

// Age groups of the age disaggregation: [0,7), [7,18), [18,35), [35,65), 65+.
inline constexpr std::array<int, 5> kAgeGroupStart = {0, 7, 18, 35, 65};
inline constexpr std::array<const char*, 5> kAgeGroupName = {"0-6", "7-17", "18-34", "35-64",
                                                             "65+"};

// A disaggregation of an element: total, by sex ("1", "2") or by age group.
// Totals are not stored: they are the sum of the sex slots (male, female,
// and residents whose sex is unknown or unstated).
struct Category {
  enum class Kind { kTotal, kSex, kAge } kind = Kind::kTotal;
  int index = 0;  // sex: 0 male, 1 female; age: the group
  bool operator==(const Category&) const = default;
};

class ElementCatalogue {
 public:
  static const ElementCatalogue& Default();

  const std::vector<DataElement>& elements() const { return elements_; }
  // The element's index, or nullopt.
  std::optional<int> Find(std::string_view id) const;
  // The slots whose sum is an element's category in an org unit (empty when
  // the element is not kept by that category).
  std::vector<int> Slots(int element, Category c) const;
  // The slot of a resident of sex index 0 (male), 1 (female) or 2 (other).
  int SexSlot(int element, int sex) const { return first_slot_[element] + sex; }
  // The slot of an age group (the element must be kept by age).
  int AgeSlot(int element, int group) const { return first_slot_[element] + 3 + group; }
  int slots() const { return slots_; }
  // Slots of elements whose values may exceed 32 bits (work points).
  bool Wide(int slot) const { return wide_[slot]; }

 private:
  ElementCatalogue();
  std::vector<DataElement> elements_;
  std::vector<int> first_slot_;  // per element
  std::vector<bool> wide_;       // per slot
  int slots_ = 0;
};

}  // namespace yilian::indicator
