#include "generate/generator.h"

#include "generate/care_plan.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generate/names.h"
#include "generate/random.h"
#include "identity/citizen_id.h"

namespace yilian::generate {
namespace {

constexpr int kMaxAge = 104;
constexpr int kAges = kMaxAge + 1;

// ---------------------------------------------------------------------------
// Population tables (independent of the options, built once).

struct Knot {
  double x, y;
};

// Piecewise-linear interpolation through knots sorted by x; flat outside.
template <size_t N>
double Interpolate(const Knot (&knots)[N], double x) {
  if (x <= knots[0].x) return knots[0].y;
  for (size_t i = 1; i < N; ++i) {
    if (x <= knots[i].x) {
      const double t = (x - knots[i - 1].x) / (knots[i].x - knots[i - 1].x);
      return knots[i - 1].y + t * (knots[i].y - knots[i - 1].y);
    }
  }
  return knots[N - 1].y;
}

// Share of each single year of age, in percent, after the rural population of
// the 7th census (2020): 0-6 ~7%, 0-14 ~17.5%, 15-59 ~58%, 60+ ~24.5%,
// 65+ ~18.5%; births falling after 2017, the large 1962-75 cohorts, young
// adults thinned by migration to the cities.
constexpr Knot kAgeShare[] = {{0, 0.75},  {1, 0.85},   {2, 0.95},    {3, 1.0},     {4, 1.05},
                              {5, 1.15},  {6, 1.2},    {7, 1.2},     {9, 1.25},    {12, 1.36},
                              {17, 1.04}, {22, 0.96},  {27, 1.08},   {32, 1.28},   {37, 1.16},
                              {42, 1.16}, {47, 1.56},  {52, 1.8},    {57, 1.56},   {62, 1.24},
                              {67, 1.4},  {72, 1.0},   {77, 0.64},   {82, 0.4},    {87, 0.18},
                              {92, 0.06}, {97, 0.012}, {102, 0.002}, {104, 0.0005}};
// Males per 100 females by age: boys outnumber girls, women outlive men.
constexpr Knot kSexRatio[] = {{0, 113},  {14, 113}, {20, 108}, {40, 105}, {59, 104},
                              {65, 101}, {75, 93},  {85, 72},  {95, 50},  {104, 40}};

// Chronic conditions (既往史): share of residents of each age who have been
// diagnosed, after rural surveys (CHARLS, China Hypertension Survey, CKB).
constexpr Knot kHypertension[] = {{30, 0},    {32, 0.02}, {35, 0.05}, {45, 0.15},
                                  {55, 0.29}, {65, 0.44}, {75, 0.53}, {85, 0.56}};
constexpr Knot kDiabetes[] = {{30, 0},    {35, 0.03}, {45, 0.06}, {55, 0.11},
                              {65, 0.15}, {75, 0.14}, {85, 0.11}, {104, 0.1}};
constexpr Knot kCoronary[] = {{40, 0},     {45, 0.008}, {55, 0.025},
                              {65, 0.055}, {75, 0.085}, {85, 0.1}};
constexpr Knot kCopd[] = {{40, 0}, {45, 0.008}, {55, 0.02}, {65, 0.045}, {75, 0.075}, {85, 0.09}};
constexpr Knot kStroke[] = {{40, 0},     {45, 0.005}, {55, 0.014},
                            {65, 0.032}, {75, 0.055}, {85, 0.065}};
constexpr Knot kCancer[] = {{30, 0},     {40, 0.002}, {55, 0.006},
                            {65, 0.012}, {75, 0.018}, {85, 0.02}};
constexpr Knot kMental[] = {{17, 0}, {18, 0.0065}, {80, 0.0065}, {90, 0.003}};
constexpr Knot kTuberculosis[] = {{17, 0}, {18, 0.0005}, {60, 0.0006}, {80, 0.0009}};
constexpr Knot kHepatitis[] = {{19, 0}, {20, 0.004}, {60, 0.005}, {104, 0.004}};

enum Disease { kHtn, kDm, kChd, kCopdD, kStrokeD, kCancerD, kSmd, kTb, kHep, kDiseases };
constexpr const char* kDiseaseCode[kDiseases] = {"2", "3", "4", "5", "7", "6", "8", "9", "10"};

struct PopulationTables {
  std::array<std::array<double, kAges>, kDiseases> prevalence;
  std::array<double, kAges> disability;
  std::array<double, kAges> deceased;   // share already recorded as dead
  std::array<double, kAges> moved_out;  // share recorded as moved away
};

const PopulationTables& Tables() {
  static const PopulationTables t = [] {
    PopulationTables p;
    for (int a = 0; a < kAges; ++a) {
      p.prevalence[kHtn][a] = Interpolate(kHypertension, a);
      p.prevalence[kDm][a] = Interpolate(kDiabetes, a);
      p.prevalence[kChd][a] = Interpolate(kCoronary, a);
      p.prevalence[kCopdD][a] = Interpolate(kCopd, a);
      p.prevalence[kStrokeD][a] = Interpolate(kStroke, a);
      p.prevalence[kCancerD][a] = Interpolate(kCancer, a);
      p.prevalence[kSmd][a] = Interpolate(kMental, a);
      p.prevalence[kTb][a] = Interpolate(kTuberculosis, a);
      p.prevalence[kHep][a] = Interpolate(kHepatitis, a);
      p.disability[a] = a < 15 ? 0.01 : a < 60 ? 0.045 : a < 80 ? 0.11 : 0.22;
      p.deceased[a] = a < 60 ? 0.002 : a < 80 ? 0.015 : 0.06;
      p.moved_out[a] = (a >= 18 && a <= 45) ? 0.005 : 0.001;
    }
    return p;
  }();
  return t;
}

// A code drawn from a weighted list.
struct CodeTable {
  std::vector<const char*> codes;
  WeightedIndex index;
  CodeTable(std::initializer_list<std::pair<const char*, int>> entries) {
    for (const auto& [code, weight] : entries) {
      codes.push_back(code);
      index.Add(static_cast<uint64_t>(weight));
    }
  }
  const char* Pick(Rng& rng) const { return codes[index.Pick(rng)]; }
};

// Education (GB/T 4658) of adults by birth cohort, rural; permille.
const CodeTable kEducation[] = {
    {{"90", 450}, {"80", 380}, {"70", 120}, {"60", 40}, {"99", 10}},  // before 1950
    {{"90", 150}, {"80", 380}, {"70", 350}, {"60", 100}, {"40", 10}, {"99", 10}},
    {{"90", 40},
     {"80", 250},
     {"70", 520},
     {"60", 120},
     {"40", 30},
     {"30", 20},
     {"20", 10},
     {"99", 10}},  // 1965-79
    {{"90", 10},
     {"80", 100},
     {"70", 480},
     {"60", 150},
     {"40", 80},
     {"50", 40},
     {"30", 80},
     {"20", 50},
     {"10", 3},
     {"99", 7}},  // 1980-94
    {{"80", 30},
     {"70", 320},
     {"60", 200},
     {"40", 100},
     {"50", 50},
     {"30", 170},
     {"20", 120},
     {"10", 5},
     {"99", 5}},  // 1995 on
};
// Occupation (GB/T 6565 major groups); permille.
const CodeTable kOccupationRuralAdult{{"5", 580}, {"6", 100}, {"4", 100}, {"Y", 70}, {"8", 80},
                                      {"1", 30},  {"3", 25},  {"0", 8},   {"X", 2}};
const CodeTable kOccupationUrbanAdult{{"5", 120}, {"6", 180}, {"4", 240}, {"Y", 120}, {"8", 120},
                                      {"1", 100}, {"3", 80},  {"0", 30},  {"X", 5}};
const CodeTable kOccupationRuralOld{{"5", 700}, {"8", 250}, {"4", 30}, {"Y", 20}};
const CodeTable kOccupationUrbanOld{{"8", 700}, {"5", 150}, {"4", 80}, {"Y", 70}};
const CodeTable kOccupationRuralVeryOld{{"8", 700}, {"5", 300}};
const CodeTable kOccupationUrbanVeryOld{{"8", 950}, {"5", 50}};
// Blood groups of those whose group is known (north China).
const CodeTable kBloodAbo{{"1", 28}, {"2", 31}, {"3", 31}, {"4", 10}};
const CodeTable kDisabilityType{{"5", 30}, {"3", 25}, {"2", 15}, {"8", 13},
                                {"7", 8},  {"6", 7},  {"4", 2}};
// Ethnic minorities found in north China, for the ~1.5% of non-Han households.
const CodeTable kMinority{{"03", 40}, {"11", 25}, {"02", 15}, {"08", 4}, {"06", 4},
                          {"15", 4},  {"10", 3},  {"04", 2},  {"07", 2}, {"05", 1}};

constexpr const char* kMobilePrefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199"};

void AssignMobile(Rng& rng, std::string* out) {
  char buf[11];
  const char* prefix = kMobilePrefixes[rng.Below(std::size(kMobilePrefixes))];
  buf[0] = prefix[0];
  buf[1] = prefix[1];
  buf[2] = prefix[2];
  uint64_t rest = rng.Below(uint64_t{100000000});
  for (int i = 10; i >= 3; --i, rest /= 10) buf[i] = static_cast<char>('0' + rest % 10);
  out->assign(buf, 11);
}

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

std::string Padded(int64_t v, int width) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

constexpr const char* kOrdinals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// Real names of the provinces and of the default city (长治市) and its
// counties; other cities and counties get generated names.
const char* KnownName(std::string_view code) {
  static constexpr std::pair<const char*, const char*> kNames[] = {
      {"11", "北京市"},           {"12", "天津市"},         {"13", "河北省"},
      {"14", "山西省"},           {"15", "内蒙古自治区"},   {"21", "辽宁省"},
      {"22", "吉林省"},           {"23", "黑龙江省"},       {"31", "上海市"},
      {"32", "江苏省"},           {"33", "浙江省"},         {"34", "安徽省"},
      {"35", "福建省"},           {"36", "江西省"},         {"37", "山东省"},
      {"41", "河南省"},           {"42", "湖北省"},         {"43", "湖南省"},
      {"44", "广东省"},           {"45", "广西壮族自治区"}, {"46", "海南省"},
      {"50", "重庆市"},           {"51", "四川省"},         {"52", "贵州省"},
      {"53", "云南省"},           {"54", "西藏自治区"},     {"61", "陕西省"},
      {"62", "甘肃省"},           {"63", "青海省"},         {"64", "宁夏回族自治区"},
      {"65", "新疆维吾尔自治区"}, {"1404", "长治市"},       {"140403", "潞州区"},
      {"140404", "上党区"},       {"140405", "屯留区"},     {"140406", "潞城区"},
      {"140423", "襄垣县"},       {"140425", "平顺县"},     {"140426", "黎城县"},
      {"140427", "壶关县"},       {"140428", "长子县"},     {"140429", "武乡县"},
      {"140430", "沁县"},         {"140431", "沁源县"}};
  for (const auto& [c, name] : kNames)
    if (code == c) return name;
  return nullptr;
}

// ---------------------------------------------------------------------------
// The plan: divisions and facilities, built before anything is emitted.

enum class TownshipKind { kStreet, kTown, kXiang };

struct VillagePlan {
  std::string code;
  std::string name;
  bool community = false;  // 居委会 (社区), with town life: fewer farmers
  int64_t residents = 0;
  int township = 0;
  int clinic = -1;  // facility index
  std::string address_prefix;
  std::array<int, 3> clans{};  // the village's common surnames
  double poverty_rate = 0;
};

struct TownshipPlan {
  std::string code;
  std::string name;
  TownshipKind kind = TownshipKind::kTown;
  int county = 0;
  int64_t residents = 0;
  std::vector<int> villages;
  int center = -1;  // facility index
  int teams = 0;
};

// Issues ID numbers from one address code, unique per (birth date, sex).
class IdIssuer {
 public:
  IdIssuer(std::string address, Date today)
      : address_(std::move(address)),
        min_days_(today.AddMonths(-12 * (kMaxAge + 2)).days()),
        counts_(static_cast<size_t>(today.days() - min_days_ + 1) * 2, 0) {}

  // A number for someone of the given sex born in [lo, hi] (days), near
  // `*birth`; moves *birth to a neighbouring day in the rare case the day's
  // 499 sequences of that sex are used up.
  std::string Issue(bool male, int32_t lo, int32_t hi, Date* birth) {
    int32_t d = birth->days();
    for (int step = 0; step <= 2 * (hi - lo) + 2; ++step) {
      const int32_t candidate = step % 2 ? d + (step + 1) / 2 : d - step / 2;
      if (candidate < lo || candidate > hi || candidate < min_days_) continue;
      uint16_t& used = counts_[static_cast<size_t>(candidate - min_days_) * 2 + (male ? 1 : 0)];
      if (used >= kPerDay) continue;
      const int k = used++;
      // Spread the sequences over 1..499 instead of counting 1, 2, 3... so
      // numbers look like real ones; 193 is coprime to 499, so the k-th
      // issue never repeats an earlier one.
      const int base = static_cast<int>(static_cast<uint32_t>(candidate) * 2654435761u % kPerDay);
      const int half = 1 + (base + k * 193) % kPerDay;
      *birth = Date::FromDays(candidate);
      return MakeCitizenId(address_, *birth, male ? 2 * half - 1 : 2 * half);
    }
    return {};  // unreachable for any realistic county
  }

 private:
  static constexpr int kPerDay = 499;
  std::string address_;
  int32_t min_days_;
  std::vector<uint16_t> counts_;
};

struct CountyPlan {
  std::string code6;
  std::string name;
  bool district = false;
  int64_t residents = 0;
  std::vector<int> townships;
  int hospital = -1;  // facility index of the county general hospital
  int alliance = -1;
  std::unique_ptr<IdIssuer> ids;
  int licence_seq = 0;
};

struct StaffRef {
  int64_t id;
  std::string_view role;
};

struct FacilityPlan {
  yilian::Facility f;
  int county = 0;
  std::vector<StaffRef> staff;
};

// One member of a household being planned.
struct Member {
  int age = 0;
  bool male = false;
  const char* relation = "02";
  int surname = 0;
  const char* marital = "10";
  bool in_law = false;  // married in: may differ in ethnicity
  int contact = -1;     // a parent or grown child in the household
};

enum HouseholdType {
  kSingleElderly,
  kSingleAdult,
  kElderlyCouple,
  kEmptyNest,
  kNuclear,
  kThreeGenerations,
  kSkippedGeneration,
  kAdultChildren,
  kHouseholdTypes
};
// Shares of household types, permille: rural China has many old people living
// alone or as couples, and children left with grandparents (留守儿童).
constexpr int kHouseholdTypeWeights[kHouseholdTypes] = {120, 100, 145, 95, 240, 160, 55, 85};

// Plans households: who lives together, their ages, sexes and relations.
// Each member's age is drawn from per-sex age weights restricted to the
// window the family allows (a child is 20-40 years younger than its mother).
// The weights are calibrated once so that, over all households, the members'
// ages reproduce the census table (see CalibratedPlanner).
class HouseholdPlanner {
 public:
  HouseholdPlanner(const std::array<double, kAges>& male, const std::array<double, kAges>& female)
      : types_(
            std::vector<int>(std::begin(kHouseholdTypeWeights), std::end(kHouseholdTypeWeights))) {
    for (int a = 0; a < kAges; ++a) {
      // Integer weights (parts per 10^12 of the population) keep the draws exact.
      male_.Add(static_cast<uint64_t>(male[a] * 1e12));
      female_.Add(static_cast<uint64_t>(female[a] * 1e12));
    }
  }

  int AgeIn(Rng& rng, bool male, int lo, int hi) const {
    lo = std::clamp(lo, 0, kMaxAge);
    hi = std::clamp(hi, lo, kMaxAge);
    return (male ? male_ : female_).PickIn(rng, lo, hi);
  }

  int VillageSurname(Rng& rng, const std::array<int, 3>& clans) const {
    // North-China villages are often dominated by a few clans (王家庄).
    const int roll = rng.Below(100);
    if (roll < 12) return clans[0];
    if (roll < 19) return clans[1];
    if (roll < 24) return clans[2];
    return PickSurname(rng);
  }

  // Plans one household into m[]; returns its size (1..6).
  int Plan(Rng& rng, const std::array<int, 3>& clans, Member* m, int* type_out) const {
    const int type = types_.Pick(rng);
    *type_out = type;
    int n = 0;
    auto add = [&](int age, bool male, const char* relation, int surname,
                   const char* marital) -> Member& {
      Member& x = m[n++];
      x = Member{};
      x.age = age;
      x.male = male;
      x.relation = relation;
      x.surname = surname;
      x.marital = marital;
      return x;
    };
    auto widowed = [&](bool male) {
      const int r = rng.Below(100);
      if (male) return r < 22 ? "10" : r < 28 ? "40" : "30";
      return r < 3 ? "10" : r < 6 ? "40" : "30";
    };
    auto child_sex = [&] { return rng.Chance(0.53); };
    const int family = VillageSurname(rng, clans);
    switch (type) {
      case kSingleElderly: {
        const bool male = rng.Chance(0.38);
        const int age = AgeIn(rng, male, 60, kMaxAge);
        add(age, male, "02", family, widowed(male));
        break;
      }
      case kSingleAdult: {
        const bool male = rng.Chance(0.75);
        const int age = AgeIn(rng, male, 20, 59);
        const int r = rng.Below(100);
        const char* marital = age < 30 ? (r < 85 ? "10" : "40")
                                       : (r < 50   ? "10"
                                          : r < 92 ? "40"
                                                   : "30");
        add(age, male, "02", family, marital);
        break;
      }
      case kElderlyCouple:
      case kEmptyNest: {
        const int h =
            type == kElderlyCouple ? AgeIn(rng, true, 60, kMaxAge) : AgeIn(rng, true, 45, 64);
        add(h, true, "02", family, "20");
        const int w = AgeIn(rng, false, std::max(h - 8, type == kElderlyCouple ? 55 : 40), h + 3);
        add(w, false, "10", PickSurname(rng), "20").in_law = true;
        break;
      }
      case kNuclear:
      case kAdultChildren: {
        const bool adult = type == kAdultChildren;
        const int w = adult ? AgeIn(rng, false, 42, 72) : AgeIn(rng, false, 21, 48);
        const int h = AgeIn(rng, true, std::max(w - 3, 22), w + 8);
        // Sometimes the wife is registered as head.
        const bool wife_head = rng.Chance(0.08);
        const int wife_surname = PickSurname(rng);
        if (wife_head) {
          add(w, false, "02", wife_surname, "20");
          add(h, true, "10", family, "20").in_law = true;
        } else {
          add(h, true, "02", family, "20");
          add(w, false, "10", wife_surname, "20").in_law = true;
        }
        const int mother = wife_head ? 0 : 1;
        int kids = 1;
        if (rng.Chance(adult ? 0.3 : 0.5)) ++kids;
        if (!adult && rng.Chance(0.08)) ++kids;
        for (int k = 0; k < kids; ++k) {
          const bool male = adult ? rng.Chance(0.65) : child_sex();
          const int age = adult ? AgeIn(rng, male, std::max(18, w - 40), std::min(w - 20, 38))
                                : AgeIn(rng, male, std::max(0, w - 40), std::min(w - 20, 22));
          const char* marital = adult && rng.Chance(0.1) ? "40" : "10";
          Member& c = add(age, male, male ? "20" : "30",
                          rng.Chance(0.04) ? m[mother].surname : family, marital);
          c.contact = age < 18 ? (rng.Chance(0.6) ? mother : 1 - mother) : -1;
        }
        if (adult) {
          // Ageing parents are looked after by a grown child.
          if (m[0].age >= 70) m[0].contact = 2;
          if (m[1].age >= 70) m[1].contact = 2;
        }
        break;
      }
      case kThreeGenerations: {
        const int w = AgeIn(rng, false, 23, 50);
        const int h = AgeIn(rng, true, std::max(w - 3, 23), w + 8);
        const int gf = AgeIn(rng, true, h + 20, h + 38);
        const int gm = AgeIn(rng, false, std::max(gf - 7, h + 18), gf + 2);
        const int r = rng.Below(100);
        const bool has_gf = r >= 32, has_gm = r < 87;
        // The old man heads the household while he still works the land;
        // otherwise the son does. 1 in 7 old couples live with a daughter
        // and son-in-law instead (入赘).
        const bool old_head = has_gf && gf < 70 && rng.Chance(0.6);
        const bool daughter_line = old_head && rng.Chance(0.15);
        const int husband_surname = daughter_line ? PickSurname(rng) : family;
        const int wife_surname = daughter_line ? family : PickSurname(rng);
        if (old_head) {
          add(gf, true, "02", family, "20");
          if (has_gm) add(gm, false, "10", PickSurname(rng), "20").in_law = true;
          Member& hm = add(h, true, daughter_line ? "28" : "20", husband_surname, "20");
          hm.in_law = daughter_line;
          Member& wm = add(w, false, daughter_line ? "30" : "38", wife_surname, "20");
          wm.in_law = !daughter_line;
        } else {
          add(h, true, "02", husband_surname, "20");
          add(w, false, "10", wife_surname, "20").in_law = true;
          if (has_gf) add(gf, true, "50", family, has_gm ? "20" : "30");
          if (has_gm) {
            add(gm, false, "50", PickSurname(rng), has_gf ? "20" : "30").in_law = true;
          }
        }
        const int middle = old_head ? (has_gm ? 2 : 1) : 0;  // index of the middle man
        if (old_head && !has_gm) m[0].marital = "30";
        int kids = 1;
        if (rng.Chance(0.45)) ++kids;
        if (rng.Chance(0.08)) ++kids;
        for (int k = 0; k < kids && n < 6; ++k) {
          const bool male = child_sex();
          const int age = AgeIn(rng, male, std::max(0, w - 40), std::min(w - 20, 22));
          Member& c = add(age, male, old_head ? "40" : (male ? "20" : "30"), husband_surname, "10");
          c.contact = age < 18 ? middle + (rng.Chance(0.6) ? 1 : 0) : -1;
        }
        // Grandparents of 70+ name the middle generation as contact.
        for (int i = 0; i < n; ++i) {
          if (m[i].age >= 70 && i != middle && i != middle + 1) m[i].contact = middle;
        }
        break;
      }
      case kSkippedGeneration: {
        const int r = rng.Below(100);
        const bool has_gf = r < 78, has_gm = r >= 8;
        const int gf = AgeIn(rng, true, 50, 80);
        const int gm =
            has_gf ? AgeIn(rng, false, std::max(gf - 7, 48), gf + 2) : AgeIn(rng, false, 48, 80);
        if (has_gf) add(gf, true, "02", family, has_gm ? "20" : "30");
        if (has_gm) {
          add(gm, false, has_gf ? "10" : "02", has_gf ? PickSurname(rng) : family,
              has_gf ? "20" : "30")
              .in_law = has_gf;
        }
        const int youngest = has_gm ? gm : gf;
        const int kids = rng.Chance(0.4) ? 2 : 1;
        for (int k = 0; k < kids; ++k) {
          const bool male = child_sex();
          add(AgeIn(rng, male, 0, std::min(16, youngest - 38)), male, "40", family, "10").contact =
              0;
        }
        break;
      }
    }
    return n;
  }

 private:
  WeightedIndex types_;
  WeightedIndex male_, female_;
};

// The planner whose age weights make the planned population match the
// target shares by sex and age: start from the targets, plan a sample of
// households with a fixed seed, and scale each weight by target / realised
// (pooled over five years at old ages, where the sample is thin) until they agree. The
// family windows keep the household structure intact. Deterministic; runs
// once per process, in well under a second.
const HouseholdPlanner& CalibratedPlanner() {
  static const HouseholdPlanner planner = [] {
    std::array<double, kAges> target_m{}, target_f{};
    double sum = 0;
    for (int a = 0; a < kAges; ++a) {
      const double share = Interpolate(kAgeShare, a);
      const double ratio = Interpolate(kSexRatio, a);
      target_m[a] = share * ratio / (100 + ratio);
      target_f[a] = share * 100 / (100 + ratio);
      sum += share;
    }
    for (int a = 0; a < kAges; ++a) {
      target_m[a] /= sum;
      target_f[a] /= sum;
    }
    std::array<double, kAges> w_m = target_m, w_f = target_f;
    constexpr int kRounds = 12;
    constexpr int kSample = 150000;  // people planned per round
    const std::array<int, 3> clans = {0, 1, 2};
    std::array<Member, 6> m;
    for (int round = 0; round < kRounds; ++round) {
      HouseholdPlanner p(w_m, w_f);
      std::array<double, kAges> got_m{}, got_f{};
      Rng rng(0x5EED5EED);
      int people = 0, type;
      while (people < kSample) {
        const int n = p.Plan(rng, clans, m.data(), &type);
        for (int i = 0; i < n; ++i) (m[i].male ? got_m : got_f)[m[i].age] += 1;
        people += n;
      }
      auto adjust = [&](const std::array<double, kAges>& target,
                        const std::array<double, kAges>& got, std::array<double, kAges>& w) {
        for (int a = 0; a < kAges; ++a) {
          double t = 0, g = 0;
          // Single years where the sample is large; household windows have
          // sharp edges (husbands of old couples are 60+) that pooling would blur.
          const int r = a < 80 ? 0 : 2;
          for (int b = std::max(0, a - r); b <= std::min(kMaxAge, a + r); ++b) {
            t += target[b];
            g += got[b] / people;
          }
          const double f = g > 0 ? t / g : 2.0;
          w[a] *= std::clamp(f, 0.5, 2.0);
        }
      };
      adjust(target_m, got_m, w_m);
      adjust(target_f, got_f, w_f);
    }
    return HouseholdPlanner(w_m, w_f);
  }();
  return planner;
}

class Generator {
 public:
  Generator(const Options& o, Sink& sink, const std::function<void(int64_t, int64_t)>& progress)
      : o_(o),
        sink_(sink),
        progress_(progress),
        root_(o.seed),
        tables_(Tables()),
        planner_(CalibratedPlanner()) {
    for (int a = 0; a < kAges; ++a) {
      birth_hi_[a] = o.today.AddMonths(-12 * a).days();
      birth_lo_[a] = o.today.AddMonths(-12 * (a + 1)).days() + 1;
    }
  }

  Result<Summary> Run() {
    PlanDivisions();
    YILIAN_RETURN_IF_ERROR(EmitOrgUnits());
    YILIAN_RETURN_IF_ERROR(EmitAlliances());
    YILIAN_RETURN_IF_ERROR(EmitFacilities());
    YILIAN_RETURN_IF_ERROR(EmitPractitioners());
    YILIAN_RETURN_IF_ERROR(EmitTeams());
    YILIAN_RETURN_IF_ERROR(EmitResidents());
    return summary_;
  }

 private:
  // ---- divisions --------------------------------------------------------

  void PlanDivisions() {
    Rng rng = root_.Fork(HashKey("divisions"));
    std::string city_code = o_.kind == "city" ? o_.city_code : o_.county_code.substr(0, 4);
    province_name_ = KnownName(o_.province_code);
    city_code4_ = city_code;
    city_name_ = NameOr(city_code, [&] {
      std::set<std::string> taken;
      return NewPlaceName(rng, "市", &taken);
    });

    std::set<std::string> county_names;
    if (o_.kind == "city") {
      const int n = rng.Range(8, 12);
      const int districts = rng.Range(2, 4);
      std::vector<double> weights;
      for (int i = 0; i < n; ++i) {
        CountyPlan c;
        c.district = i < districts;
        c.code6 = city_code + Padded(c.district ? 2 + i : 21 + (i - districts), 2);
        weights.push_back(c.district ? rng.Uniform(1.6, 2.6) : rng.Uniform(0.6, 1.4));
        counties_.push_back(std::move(c));
      }
      for (auto& c : counties_)
        if (const char* known = KnownName(c.code6)) county_names.insert(known);
      const std::vector<int64_t> split = Split(o_.residents, weights);
      for (int i = 0; i < n; ++i) {
        CountyPlan& c = counties_[i];
        c.residents = split[i];
        const char* known = KnownName(c.code6);
        c.name = known ? known : NewPlaceName(rng, c.district ? "区" : "县", &county_names);
      }
    } else {
      CountyPlan c;
      c.code6 = o_.county_code;
      c.district = o_.county_code[4] == '0';
      c.residents = o_.residents;
      const char* known = KnownName(c.code6);
      c.name = known ? known : NewPlaceName(rng, c.district ? "区" : "县", &county_names);
      counties_.push_back(std::move(c));
    }
    for (size_t i = 0; i < counties_.size(); ++i) {
      counties_[i].ids = std::make_unique<IdIssuer>(counties_[i].code6, o_.today);
      Rng crng = root_.Fork(HashKey(counties_[i].code6));
      PlanCounty(static_cast<int>(i), crng);
    }
  }

  template <typename Make>
  std::string NameOr(std::string_view code, Make make) {
    const char* known = KnownName(code);
    return known ? std::string(known) : make();
  }

  // Splits `total` in proportion to `weights` (largest part first for the
  // remainder, so the split is exact and deterministic).
  static std::vector<int64_t> Split(int64_t total, const std::vector<double>& weights) {
    double sum = 0;
    for (double w : weights) sum += w;
    std::vector<int64_t> parts(weights.size(), 0);
    int64_t given = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      parts[i] = static_cast<int64_t>(static_cast<double>(total) * weights[i] / sum);
      given += parts[i];
    }
    for (size_t i = 0; given < total; i = (i + 1) % parts.size(), ++given) ++parts[i];
    return parts;
  }

  void PlanCounty(int county_index, Rng& rng) {
    CountyPlan& c = counties_[county_index];
    const double n = static_cast<double>(c.residents);
    int streets, towns, xiangs;
    if (c.district) {
      const int t = std::clamp(static_cast<int>(n / rng.Uniform(35000, 50000) + 0.5), 3, 60);
      streets = std::max(2, static_cast<int>(t * rng.Uniform(0.6, 0.8) + 0.5));
      towns = std::max(1, t - streets);
      xiangs = 0;
    } else {
      const int t = std::clamp(static_cast<int>(n / rng.Uniform(21000, 28000) + 0.5), 2, 60);
      streets = c.residents >= 150000  ? rng.Range(1, 3)
                : c.residents >= 80000 ? rng.Range(0, 1)
                                       : 0;
      streets = std::min(streets, t - 1);
      const int rest = t - streets;
      towns = std::max(1, static_cast<int>(rest * rng.Uniform(0.5, 0.7) + 0.5));
      xiangs = rest - towns;
    }
    streets = std::min(streets, 99);
    towns = std::min(towns, 100);
    xiangs = std::min(xiangs, 200);

    std::vector<double> weights;
    std::set<std::string> names;
    const int first = static_cast<int>(townships_.size());
    auto add = [&](TownshipKind kind, int seq, double weight) {
      TownshipPlan t;
      t.kind = kind;
      t.county = county_index;
      const int segment = kind == TownshipKind::kStreet ? 1 + seq
                          : kind == TownshipKind::kTown ? 100 + seq
                                                        : 200 + seq;
      t.code = c.code6 + Padded(segment, 3) + "000";
      t.name = kind == TownshipKind::kStreet ? NewStreetName(rng, &names)
               : kind == TownshipKind::kTown ? NewPlaceName(rng, "镇", &names)
                                             : NewPlaceName(rng, "乡", &names);
      weights.push_back(weight);
      c.townships.push_back(static_cast<int>(townships_.size()));
      townships_.push_back(std::move(t));
    };
    for (int i = 0; i < streets; ++i) add(TownshipKind::kStreet, i, rng.Uniform(1.2, 2.0));
    for (int i = 0; i < towns; ++i) add(TownshipKind::kTown, i, rng.Uniform(0.8, 1.4));
    for (int i = 0; i < xiangs; ++i) add(TownshipKind::kXiang, i, rng.Uniform(0.5, 1.0));
    const std::vector<int64_t> split = Split(c.residents, weights);
    for (size_t i = 0; i < split.size(); ++i) {
      townships_[first + i].residents = split[i];
      PlanTownship(first + static_cast<int>(i), rng);
    }
  }

  void PlanTownship(int township_index, Rng& rng) {
    TownshipPlan& t = townships_[township_index];
    const CountyPlan& c = counties_[t.county];
    const double n = static_cast<double>(t.residents);
    int communities = 0, villages = 0;
    double community_share = 0;
    switch (t.kind) {
      case TownshipKind::kStreet:
        communities = static_cast<int>(
            n / (c.district ? rng.Uniform(4000, 7000) : rng.Uniform(2500, 4500)) + 0.5);
        communities = std::max(communities, 3);
        community_share = 1;
        break;
      case TownshipKind::kTown:
        communities = t.residents > 12000 ? rng.Range(1, 3) : 1;
        community_share = rng.Uniform(0.12, 0.25);
        villages = static_cast<int>(n * (1 - community_share) / rng.Uniform(800, 1200) + 0.5);
        villages = std::max(villages, 3 - communities);
        break;
      case TownshipKind::kXiang:
        villages = std::max(3, static_cast<int>(n / rng.Uniform(650, 1050) + 0.5));
        break;
    }
    // Never more places than people, nor more than the code ranges hold.
    communities = std::clamp(communities, 0, 199);
    villages = std::clamp(villages, 0, 200);
    while (communities + villages > std::max<int64_t>(1, t.residents / 20)) {
      if (villages > 1 || communities == 0) {
        --villages;
      } else {
        --communities;
      }
    }
    if (communities + villages == 0) villages = 1;

    std::vector<double> weights;
    std::set<std::string> names;
    for (int i = 0; i < communities + villages; ++i) {
      VillagePlan v;
      v.community = i < communities;
      v.township = township_index;
      const int segment = v.community ? 1 + i : 200 + (i - communities);
      v.code = t.code.substr(0, 9) + Padded(segment, 3);
      v.name = v.community ? NewCommunityName(rng, &names) : NewVillageName(rng, &names);
      // Village sizes from a few hundred to a few thousand (max/min ~ 7).
      const double u = rng.Unit();
      double w = 0.35 + 2.0 * u * u;
      if (v.community && t.kind != TownshipKind::kStreet) {
        w *= communities == 0 ? 1 : community_share * (villages + communities) / communities;
      }
      weights.push_back(w);
      v.address_prefix = c.name + t.name + v.name;
      for (int& clan : v.clans) clan = PickSurname(rng);
      const double p = rng.Unit();
      v.poverty_rate = (0.015 + 0.09 * p * p) * (v.community ? 0.4 : 1.0);
      t.villages.push_back(static_cast<int>(villages_.size()));
      villages_.push_back(std::move(v));
    }
    const std::vector<int64_t> split = Split(t.residents, weights);
    for (size_t i = 0; i < split.size(); ++i) villages_[t.villages[i]].residents = split[i];
    const int nv = static_cast<int>(t.villages.size());
    t.teams = std::min(nv, std::clamp(static_cast<int>(nv / rng.Uniform(3, 5) + 0.5), 3, 8));
  }

  Status EmitOrgUnits() {
    auto emit = [&](std::string code, std::string name, int level, std::string parent) {
      yilian::OrgUnit u;
      u.code = std::move(code);
      u.name = std::move(name);
      u.level = level;
      u.parent_code = std::move(parent);
      ++summary_.org_units;
      return sink_.OrgUnit(u);
    };
    const std::string province = o_.province_code + "0000000000";
    const std::string city = city_code4_ + "00000000";
    YILIAN_RETURN_IF_ERROR(emit(province, province_name_, 1, ""));
    YILIAN_RETURN_IF_ERROR(emit(city, city_name_, 2, province));
    for (const CountyPlan& c : counties_) {
      const std::string county = c.code6 + "000000";
      YILIAN_RETURN_IF_ERROR(emit(county, c.name, 3, city));
      for (int ti : c.townships) {
        const TownshipPlan& t = townships_[ti];
        YILIAN_RETURN_IF_ERROR(emit(t.code, t.name, 4, county));
        for (int vi : t.villages) {
          YILIAN_RETURN_IF_ERROR(emit(villages_[vi].code, villages_[vi].name, 5, t.code));
        }
      }
    }
    return Status::Ok();
  }

  // ---- alliances and facilities ------------------------------------------

  Status EmitAlliances() {
    for (CountyPlan& c : counties_) {
      MedicalAlliance a;
      // Shanxi calls its county alliances 县域医疗集团.
      a.name = c.name + (o_.province_code == "14" ? "医疗集团" : "医共体");
      a.org_unit_code = c.code6 + "000000";
      YILIAN_RETURN_IF_ERROR(sink_.Alliance(a));
      c.alliance = static_cast<int>(alliances_.size());
      alliances_.push_back(std::move(a));
      ++summary_.alliances;
    }
    return Status::Ok();
  }

  std::string AreaCode() const {
    if (city_code4_ == "1404") return "0355";
    return "0" + std::to_string(310 + HashKey(city_code4_) % 600);
  }

  Status AddFacility(Rng& rng, int county, std::string code, std::string name,
                     std::string_view type, std::string org_unit, bool member, int beds) {
    FacilityPlan p;
    p.county = county;
    p.f.code = std::move(code);
    p.f.name = std::move(name);
    p.f.type = std::string(type);
    p.f.org_unit_code = std::move(org_unit);
    if (member) p.f.alliance_id = alliances_[counties_[county].alliance].id;
    p.f.beds = beds;
    p.f.phone = AreaCode() + "-" + std::to_string(rng.Range(2000000, 8999999));
    YILIAN_RETURN_IF_ERROR(sink_.Facility(p.f));
    facilities_.push_back(std::move(p));
    ++summary_.facilities;
    return Status::Ok();
  }

  static std::string FacilityCode(std::string_view code6, std::string_view type2, int seq) {
    return std::string(code6) + std::string(type2) + Padded(seq, 4);
  }

  Status EmitFacilities() {
    Rng rng = root_.Fork(HashKey("facilities"));
    if (o_.kind == "city") {
      const int n = rng.Range(1, 2);
      static constexpr const char* kNames[] = {"人民医院", "第二人民医院"};
      for (int i = 0; i < n; ++i) {
        YILIAN_RETURN_IF_ERROR(AddFacility(rng, 0, FacilityCode(city_code4_ + "00", "01", i + 1),
                                           city_name_ + kNames[i], "city_hospital",
                                           city_code4_ + "00000000", false, rng.Range(800, 2000)));
      }
    }
    for (size_t ci = 0; ci < counties_.size(); ++ci) {
      const int county = static_cast<int>(ci);
      CountyPlan& c = counties_[ci];
      const std::string ou = c.code6 + "000000";
      const double scale = std::clamp(static_cast<double>(c.residents) / 300000.0, 0.3, 3.0);
      c.hospital = static_cast<int>(facilities_.size());
      YILIAN_RETURN_IF_ERROR(AddFacility(
          rng, county, FacilityCode(c.code6, "11", 1), c.name + "人民医院", "county_hospital", ou,
          true, std::clamp(static_cast<int>(rng.Range(350, 600) * scale), 300, 800)));
      MedicalAlliance& a = alliances_[c.alliance];
      a.lead_facility_id = facilities_[c.hospital].f.id;
      YILIAN_RETURN_IF_ERROR(sink_.AllianceLead(a));
      YILIAN_RETURN_IF_ERROR(AddFacility(
          rng, county, FacilityCode(c.code6, "12", 1), c.name + "中医医院", "tcm_hospital", ou,
          false, std::clamp(static_cast<int>(rng.Range(120, 250) * scale), 60, 400)));
      YILIAN_RETURN_IF_ERROR(AddFacility(
          rng, county, FacilityCode(c.code6, "13", 1), c.name + "妇幼保健院", "mch_center", ou,
          false, std::clamp(static_cast<int>(rng.Range(40, 100) * scale), 20, 200)));
      YILIAN_RETURN_IF_ERROR(AddFacility(rng, county, FacilityCode(c.code6, "14", 1),
                                         c.name + "疾病预防控制中心", "cdc", ou, false, 0));
      int centers = 0, stations = 0, clinics = 0;
      for (int ti : c.townships) {
        TownshipPlan& t = townships_[ti];
        t.center = static_cast<int>(facilities_.size());
        if (t.kind == TownshipKind::kStreet) {
          YILIAN_RETURN_IF_ERROR(AddFacility(rng, county, FacilityCode(c.code6, "22", ++centers),
                                             t.name + "社区卫生服务中心", "community_health_center",
                                             t.code, true, rng.Range(0, 30)));
        } else {
          YILIAN_RETURN_IF_ERROR(AddFacility(rng, county, FacilityCode(c.code6, "21", ++centers),
                                             t.name + "卫生院", "township_health_center", t.code,
                                             true, rng.Range(10, 60)));
        }
        for (int vi : t.villages) {
          VillagePlan& v = villages_[vi];
          v.clinic = static_cast<int>(facilities_.size());
          if (t.kind == TownshipKind::kStreet) {
            YILIAN_RETURN_IF_ERROR(AddFacility(rng, county, FacilityCode(c.code6, "31", ++stations),
                                               v.name + "卫生服务站", "community_health_station",
                                               v.code, true, 0));
          } else {
            YILIAN_RETURN_IF_ERROR(AddFacility(rng, county, FacilityCode(c.code6, "32", ++clinics),
                                               t.name + v.name + "卫生室", "village_clinic", v.code,
                                               true, 0));
          }
        }
      }
    }
    return Status::Ok();
  }

  // ---- practitioners -----------------------------------------------------

  Status AddPractitioner(Rng& rng, int facility, std::string_view role) {
    FacilityPlan& fp = facilities_[facility];
    CountyPlan& c = counties_[fp.county];
    int age;
    double male_share;
    int licence_year_offset;
    if (role == "physician") {
      age = rng.Range(27, 60);
      male_share = fp.f.type == "township_health_center" ? 0.65 : 0.55;
      licence_year_offset = rng.Range(25, 29);
    } else if (role == "assistant_physician") {
      age = rng.Range(24, 58);
      male_share = 0.55;
      licence_year_offset = rng.Range(22, 26);
    } else if (role == "nurse") {
      age = rng.Range(21, 55);
      male_share = 0.03;
      licence_year_offset = rng.Range(20, 22);
    } else if (role == "village_doctor") {
      // The village-doctor workforce is old: many are in their fifties and sixties.
      age = 30 + std::max(rng.Below(43), rng.Below(43));
      male_share = 0.78;
      licence_year_offset = rng.Range(22, 35);
    } else {  // public_health
      age = rng.Range(23, 58);
      male_share = 0.45;
      licence_year_offset = 0;
    }
    const bool male = rng.Chance(male_share);
    yilian::Practitioner p;
    Date birth = Date::FromDays(birth_lo_[age] + rng.Range(0, birth_hi_[age] - birth_lo_[age]));
    p.id_number = c.ids->Issue(male, birth_lo_[age], birth_hi_[age], &birth);
    p.birth_date = birth;
    p.sex = male ? "1" : "2";
    p.name = Surname(PickSurname(rng));
    AppendGivenName(rng, birth.year(), male, &p.name);
    p.role = std::string(role);
    p.facility_id = fp.f.id;
    if (licence_year_offset > 0) {
      // 执业证书编号-like: kind, county, year of registration, sequence.
      const char kind = role == "physician"             ? '1'
                        : role == "assistant_physician" ? '2'
                        : role == "nurse"               ? '3'
                                                        : '4';
      const int year = std::clamp(birth.year() + licence_year_offset, 1999, o_.today.year());
      p.licence_no =
          std::string(1, kind) + c.code6 + std::to_string(year) + Padded(++c.licence_seq, 5);
    }
    do {
      AssignMobile(rng, &p.phone);
    } while (!practitioner_phones_.insert(p.phone).second);
    YILIAN_RETURN_IF_ERROR(sink_.Practitioner(p));
    fp.staff.push_back({p.id, role});
    ++summary_.practitioners;
    return Status::Ok();
  }

  // `n` staff of a facility, shares in percent per role (physician,
  // assistant, nurse, public health), with at least `min_physicians`
  // physicians and `min_support` nurses plus public-health staff.
  Status AddStaff(Rng& rng, int facility, int n, int physician, int assistant, int nurse,
                  int min_physicians = 0, int min_support = 0) {
    int np = std::max(min_physicians, n * physician / 100);
    int na = n * assistant / 100;
    int nn = n * nurse / 100;
    int nh = std::max(0, n - np - na - nn);
    if (nn + nh < min_support) nn += min_support - nn - nh;
    for (int i = 0; i < np; ++i)
      YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, facility, "physician"));
    for (int i = 0; i < na; ++i) {
      YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, facility, "assistant_physician"));
    }
    for (int i = 0; i < nn; ++i) YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, facility, "nurse"));
    for (int i = 0; i < nh; ++i) {
      YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, facility, "public_health"));
    }
    return Status::Ok();
  }

  Status EmitPractitioners() {
    Rng rng = root_.Fork(HashKey("practitioners"));
    for (size_t fi = 0; fi < facilities_.size(); ++fi) {
      const int f = static_cast<int>(fi);
      const FacilityPlan& fp = facilities_[fi];
      const std::string& type = fp.f.type;
      const double residents = static_cast<double>(counties_[fp.county].residents);
      auto sized = [&](double per_resident, int lo, int hi) {
        return std::clamp(static_cast<int>(residents * per_resident * rng.Uniform(0.85, 1.2)), lo,
                          hi);
      };
      if (type == "city_hospital") {
        YILIAN_RETURN_IF_ERROR(AddStaff(rng, f, rng.Range(500, 900), 42, 0, 58));
      } else if (type == "county_hospital") {
        YILIAN_RETURN_IF_ERROR(AddStaff(rng, f, sized(0.0009, 150, 400), 42, 0, 58));
      } else if (type == "tcm_hospital") {
        YILIAN_RETURN_IF_ERROR(AddStaff(rng, f, sized(0.0003, 50, 150), 45, 5, 50));
      } else if (type == "mch_center") {
        YILIAN_RETURN_IF_ERROR(AddStaff(rng, f, sized(0.00025, 40, 120), 40, 5, 50));
      } else if (type == "cdc") {
        YILIAN_RETURN_IF_ERROR(AddStaff(rng, f, sized(0.00015, 25, 80), 25, 0, 5));
      } else if (type == "township_health_center" || type == "community_health_center") {
        const TownshipPlan& t = townships_[TownshipOfCenter(f)];
        const int n =
            std::clamp(15 + static_cast<int>(t.residents / 2500) + rng.Range(-3, 3), 15, 40);
        YILIAN_RETURN_IF_ERROR(AddStaff(rng, f, n, 30, 12, 33, t.teams + 1, t.teams));
      } else if (type == "community_health_station") {
        const int physicians = rng.Range(1, 2), nurses = rng.Range(1, 2);
        for (int i = 0; i < physicians; ++i) {
          YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, f, "physician"));
        }
        for (int i = 0; i < nurses; ++i) YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, f, "nurse"));
      } else if (type == "village_clinic") {
        const int64_t people = villages_[VillageOfClinic(f)].residents;
        int n = 1;
        if (rng.Chance(people > 800 ? 0.6 : 0.3)) ++n;
        if (people > 1500 && rng.Chance(0.5)) ++n;
        for (int i = 0; i < n; ++i) {
          YILIAN_RETURN_IF_ERROR(AddPractitioner(rng, f, "village_doctor"));
        }
      }
    }
    return Status::Ok();
  }

  int TownshipOfCenter(int facility) {
    if (center_township_.empty()) {
      center_township_.assign(facilities_.size(), -1);
      for (size_t t = 0; t < townships_.size(); ++t) {
        center_township_[townships_[t].center] = static_cast<int>(t);
      }
    }
    return center_township_[facility];
  }

  int VillageOfClinic(int facility) {
    if (clinic_village_.empty()) {
      clinic_village_.assign(facilities_.size(), -1);
      for (size_t v = 0; v < villages_.size(); ++v) {
        clinic_village_[villages_[v].clinic] = static_cast<int>(v);
      }
    }
    return clinic_village_[facility];
  }

  // ---- teams ---------------------------------------------------------------

  Status EmitTeams() {
    Rng rng = root_.Fork(HashKey("teams"));
    for (const TownshipPlan& t : townships_) {
      const FacilityPlan& center = facilities_[t.center];
      std::vector<int64_t> physicians, assistants, support;
      std::vector<std::string_view> support_roles;
      for (const StaffRef& s : center.staff) {
        if (s.role == "physician") physicians.push_back(s.id);
        if (s.role == "assistant_physician") assistants.push_back(s.id);
        if (s.role == "nurse" || s.role == "public_health") {
          support.push_back(s.id);
          support_roles.push_back(s.role);
        }
      }
      const FacilityPlan& hospital = facilities_[counties_[t.county].hospital];
      std::vector<int64_t> specialists;
      for (const StaffRef& s : hospital.staff)
        if (s.role == "physician") specialists.push_back(s.id);

      // Contiguous runs of villages, as even as possible: neighbouring
      // villages share a team.
      const int nv = static_cast<int>(t.villages.size());
      int next_village = 0;
      for (int i = 0; i < t.teams; ++i) {
        yilian::Team team;
        team.name = center.f.name + "第" + kOrdinals[i % 10] + "家庭医生团队";
        team.facility_id = center.f.id;
        team.members.push_back({physicians[i % physicians.size()], "leader"});
        if (!support.empty()) {
          const size_t s = i % support.size();
          team.members.push_back({support[s], std::string(support_roles[s])});
        }
        if (!assistants.empty() && rng.Chance(0.5)) {
          team.members.push_back({assistants[i % assistants.size()], "doctor"});
        }
        const int count = nv / t.teams + (i < nv % t.teams ? 1 : 0);
        for (int k = 0; k < count; ++k, ++next_village) {
          const VillagePlan& v = villages_[t.villages[next_village]];
          team.village_codes.push_back(v.code);
          for (const StaffRef& s : facilities_[v.clinic].staff) {
            const char* role = s.role == "village_doctor" ? "village_doctor"
                               : s.role == "nurse"        ? "nurse"
                                                          : "doctor";
            team.members.push_back({s.id, role});
          }
        }
        if (!specialists.empty() && rng.Chance(1.0 / 3)) {
          team.members.push_back({specialists[rng.Below(specialists.size())], "specialist"});
        }
        YILIAN_RETURN_IF_ERROR(sink_.Team(team));
        ++summary_.teams;
        // Who the care planner may pick for this team's villages.
        TeamRef ref;
        ref.id = team.id;
        for (const auto& m : team.members) {
          if (m.team_role == "leader" || m.team_role == "doctor")
            ref.doctors.push_back(m.practitioner_id);
          if (m.team_role == "village_doctor") ref.village_doctors.push_back(m.practitioner_id);
        }
        for (const StaffRef& st : center.staff) ref.facility_of[st.id] = center.f.id;
        for (const StaffRef& st : hospital.staff) ref.facility_of[st.id] = hospital.f.id;
        for (const auto& code : team.village_codes) {
          for (const VillagePlan& v : villages_) {
            if (v.code != code) continue;
            for (const StaffRef& st : facilities_[v.clinic].staff)
              ref.facility_of[st.id] = facilities_[v.clinic].f.id;
          }
        }
        for (const auto& code : team.village_codes) village_team_[code] = ref;
      }
    }
    return Status::Ok();
  }

  // ---- residents -------------------------------------------------------------

  const char* Education(Rng& rng, int age, int birth_year, bool urban) const {
    if (age < 6) return "";
    if (age < 12) return "80";
    if (age < 15) return "70";
    if (age < 18) return rng.Chance(0.75) ? "60" : rng.Chance(0.6) ? "40" : "70";
    int cohort = birth_year < 1950   ? 0
                 : birth_year < 1965 ? 1
                 : birth_year < 1980 ? 2
                 : birth_year < 1995 ? 3
                                     : 4;
    if (urban) cohort = std::min(cohort + 1, 4);
    return kEducation[cohort].Pick(rng);
  }

  const char* Occupation(Rng& rng, int age, bool urban) const {
    if (age < 18) return "";
    if (age < 60) return (urban ? kOccupationUrbanAdult : kOccupationRuralAdult).Pick(rng);
    if (age < 75) return (urban ? kOccupationUrbanOld : kOccupationRuralOld).Pick(rng);
    return (urban ? kOccupationUrbanVeryOld : kOccupationRuralVeryOld).Pick(rng);
  }

  void Conditions(Rng& rng, int age, bool male, Date birth, yilian::Resident& r) {
    const auto& p = tables_.prevalence;
    bool htn = false;
    for (int d = 0; d < kDiseases; ++d) {
      double q = p[d][age];
      if (q <= 0) continue;
      switch (d) {
        case kDm:
          q *= htn ? 1.6 : 0.75;
          break;
        case kChd:
          q *= htn ? 1.6 : 0.7;
          break;
        case kCopdD:
          q *= male ? 1.5 : 0.55;
          break;
        case kStrokeD:
          q *= (htn ? 2.0 : 0.5) * (male ? 1.2 : 0.85);
          break;
        default:
          break;
      }
      if (!rng.Chance(q)) continue;
      if (d == kHtn) htn = true;
      // Diagnosed some time in the past: chronic diseases from 30 on, within
      // the last 15 years; mental illness, TB and hepatitis at any adult age.
      const int earliest = d == kSmd   ? std::max(18, age - 25)
                           : d == kTb  ? std::max(18, age - 10)
                           : d == kHep ? std::max(18, age - 20)
                                       : std::max(30, age - 15);
      const int at = rng.Range(std::min(earliest, age), age);
      int32_t day = birth.days() + at * 36525 / 100 + rng.Range(0, 364);
      day = std::min(day, o_.today.days() - 1);
      day = std::max(day, birth.days());
      r.conditions.push_back({kDiseaseCode[d], Date::FromDays(day)});
      ++condition_counts_[d];
    }
  }

  void ResetResident(yilian::Resident& r) {
    r.id = 0;
    r.record_no.clear();
    r.id_type = "01";
    r.marital_status.clear();
    r.payment_types.clear();
    r.household_id.reset();
    r.phone.clear();
    r.contact_name.clear();
    r.contact_phone.clear();
    r.work_unit.clear();
    r.conditions.clear();
    r.disabilities.clear();
    r.status = "active";
    r.status_date.reset();
    r.merged_into.reset();
    r.created_at.clear();
    r.updated_at.clear();
    r.record_date.reset();
    r.version = 1;
  }

  Status EmitResidents() {
    const int64_t total = o_.residents;
    int64_t next_report = 10000;
    std::array<Member, 6> plan;
    std::array<yilian::Resident, 6> people;
    std::string address;
    for (const VillagePlan& v : villages_) {
      Rng rng = root_.Fork(HashKey(v.code));
      // Care draws from a stream of its own, so residents are the same with or without it.
      Rng care_rng = root_.Fork(HashKey(v.code + "/care"));
      const TownshipPlan& t = townships_[v.township];
      CountyPlan& county = counties_[t.county];
      const int64_t creator = facilities_[t.center].f.id;
      const bool urban = v.community;
      int64_t remaining = v.residents;
      int house_no = 0;
      const int groups = std::max<int>(1, static_cast<int>(v.residents / 150));
      while (remaining > 0) {
        int type;
        int n = planner_.Plan(rng, v.clans, plan.data(), &type);
        if (n > remaining) {
          // The village's last household, cut to fit: keep someone as head.
          n = static_cast<int>(remaining);
          bool has_head = false;
          for (int i = 0; i < n; ++i) has_head |= std::string_view(plan[i].relation) == "02";
          if (!has_head) plan[0].relation = "02";
        }
        remaining -= n;

        // Household-level facts.
        yilian::Household h;
        h.village_code = v.code;
        address = v.address_prefix;
        ++house_no;
        if (urban) {
          AppendInt(&address, rng.Range(1, 40));
          address += "号楼";
          AppendInt(&address, rng.Range(1, 4));
          address += "单元";
          const int floor = rng.Range(1, 6);
          AppendInt(&address, floor * 100 + rng.Range(1, 4));
          address += "室";
        } else {
          AppendInt(&address, 1 + (house_no - 1) * groups / std::max<int64_t>(1, v.residents / 3));
          address += "组";
          AppendInt(&address, house_no);
          address += "号";
        }
        h.address = address;
        YILIAN_RETURN_IF_ERROR(sink_.Household(h));
        ++summary_.households;

        const bool elderly_only = type == kSingleElderly || type == kElderlyCouple;
        const bool poor = rng.Chance(v.poverty_rate * (elderly_only ? 1.6 : 1.0));
        const bool special =
            (type == kSingleElderly || type == kElderlyCouple || type == kEmptyNest) &&
            plan[0].age >= 49 && rng.Chance(0.014);
        const int rt = rng.Below(1000);
        const char* residence = rt < (urban ? 850 : 950)   ? "1"
                                : rt < (urban ? 930 : 980) ? "2"
                                                           : "3";
        const char* ethnicity = rng.Chance(0.985) ? "01" : kMinority.Pick(rng);

        for (int i = 0; i < n; ++i) {
          const Member& m = plan[i];
          yilian::Resident& r = people[i];
          ResetResident(r);
          const int age = m.age;
          Date birth =
              Date::FromDays(birth_lo_[age] + rng.Range(0, birth_hi_[age] - birth_lo_[age]));
          r.id_number = county.ids->Issue(m.male, birth_lo_[age], birth_hi_[age], &birth);
          r.birth_date = birth;
          const int birth_year = birth.year();
          r.sex = m.male ? "1" : "2";
          r.name.assign(Surname(m.surname));
          AppendGivenName(rng, birth_year, m.male, &r.name);
          r.ethnicity = m.in_law && ethnicity[1] != '1' && rng.Chance(0.5) ? "01" : ethnicity;
          r.marital_status = m.marital;
          if (rng.Chance(0.4)) {
            r.blood_abo = "5";
            r.blood_rh = "3";
          } else {
            r.blood_abo = kBloodAbo.Pick(rng);
            r.blood_rh = rng.Chance(0.004) ? "1" : "2";
          }
          r.education = Education(rng, age, birth_year, urban);
          r.occupation = Occupation(rng, age, urban);

          const std::string_view occ = r.occupation;
          const bool employee = (occ == "0" || occ == "1" || occ == "3") ? rng.Chance(0.7)
                                : occ == "6"                             ? rng.Chance(0.25)
                                : (urban && age >= 60 && occ == "8")     ? rng.Chance(0.2)
                                                                         : false;
          if (residence[0] == '3' && rng.Chance(0.2)) {
            r.payment_types.emplace_back("06");
          } else if (employee) {
            r.payment_types.emplace_back(occ == "0" && rng.Chance(0.1) ? "05" : "01");
          } else {
            r.payment_types.emplace_back("02");
          }
          if (poor && rng.Chance(0.8)) r.payment_types.emplace_back("03");
          if (age >= 18 && rng.Chance(0.03)) r.payment_types.emplace_back("04");

          r.village_code = v.code;
          r.household_id = h.id;
          r.household_relation = m.relation;
          r.residence_type = residence;
          r.address = address;
          if (age >= 18 && rng.Chance(age < 75 ? 0.92 : 0.55)) AssignMobile(rng, &r.phone);

          Conditions(rng, age, m.male, birth, r);
          if (rng.Chance(tables_.disability[age])) {
            r.disabilities.emplace_back(kDisabilityType.Pick(rng));
            if (rng.Chance(0.05)) {
              const char* second = kDisabilityType.Pick(rng);
              if (r.disabilities[0] != second) r.disabilities.emplace_back(second);
            }
          }
          if (r.HasCondition("8") && !r.has_disability() && rng.Chance(0.5)) {
            r.disabilities.emplace_back("7");
          }
          r.poverty = poor;
          r.family_planning_special = special;

          if (rng.Chance(tables_.deceased[age])) {
            r.status = "deceased";
          } else if (rng.Chance(tables_.moved_out[age])) {
            r.status = "moved_out";
          }
          if (r.status != "active") {
            r.status_date =
                Date::FromDays(std::max(birth.days(), o_.today.days() - rng.Range(1, 900)));
          }
          r.created_by_facility = creator;
          // 建档日期: electronic records date from the 2009 reform on, a
          // newborn's within two months of birth. Drawn from the ID number so
          // the other draws of the village stay as they were.
          {
            const uint64_t h = HashKey(r.id_number);
            const int32_t reform = Date::FromYmd(2009, 1, 1)->days();
            const int32_t last = o_.today.days();
            int32_t day =
                birth.days() >= reform
                    ? birth.days() + static_cast<int32_t>(h % 61)
                    : reform + static_cast<int32_t>(h % std::max<uint64_t>(1, last - reform - 365));
            if (r.status_date) day = std::min(day, r.status_date->days());
            r.record_date = Date::FromDays(std::max(birth.days(), std::min(day, last)));
          }
        }
        // Contacts: children and the very old name a parent or grown child;
        // some children carry a parent's phone as their own.
        for (int i = 0; i < n; ++i) {
          yilian::Resident& r = people[i];
          const int c = plan[i].contact;
          if (c < 0 || c >= n || c == i) continue;
          const yilian::Resident& who = people[c];
          r.contact_name = who.name;
          r.contact_phone = who.phone;
          if (r.phone.empty() && !who.phone.empty() && rng.Chance(0.3)) r.phone = who.phone;
        }
        for (int i = 0; i < n; ++i) {
          YILIAN_RETURN_IF_ERROR(sink_.Resident(people[i]));
          ++summary_.residents;
          if (people[i].status == "active") ++active_in_village_[v.code];
        }
        if (o_.care) {
          auto team = village_team_.find(v.code);
          for (int i = 0; i < n && team != village_team_.end(); ++i) {
            YILIAN_RETURN_IF_ERROR(
                care_.Plan(care_rng, people[i], team->second, sink_, &care_summary_));
          }
        }
        if (progress_ && summary_.residents >= next_report) {
          progress_(summary_.residents, total);
          next_report += 10000;
        }
      }
    }
    for (int d = 0; d < kDiseases; ++d) {
      if (condition_counts_[d] > 0) summary_.conditions[kDiseaseCode[d]] = condition_counts_[d];
    }
    // Statistical populations: a little more than the residents on file (建档率
    // about 92-99%), this year and last; and the demo commission's targets.
    for (const VillagePlan& v : villages_) {
      Rng rng = root_.Fork(HashKey(v.code + "/population"));
      int64_t on_file = active_in_village_[v.code];
      for (int year : {o_.today.year() - 1, o_.today.year()}) {
        double coverage = rng.Uniform(0.92, 0.99);
        YILIAN_RETURN_IF_ERROR(sink_.Population(
            v.code, year, static_cast<int64_t>(static_cast<double>(on_file) / coverage + 0.5)));
      }
    }
    for (const auto& county : counties_) {
      for (auto [indicator, target] : {std::pair{"record_rate", 95.0},
                                       {"contract_rate", 70.0},
                                       {"key_contract_rate", 90.0},
                                       {"fulfilment_rate", 80.0},
                                       {"htn_standard_rate", 70.0},
                                       {"htn_control_rate", 60.0},
                                       {"dm_standard_rate", 70.0},
                                       {"dm_control_rate", 55.0},
                                       {"elderly_management_rate", 70.0},
                                       {"child_management_rate", 90.0},
                                       {"smi_standard_rate", 80.0},
                                       {"early_registration_rate", 90.0},
                                       {"postpartum_visit_rate", 90.0}}) {
        YILIAN_RETURN_IF_ERROR(
            sink_.Target(indicator, county.code6 + "000000", o_.today.year(), target));
      }
    }
    summary_.enrolments = care_summary_.enrolments;
    summary_.contracts = care_summary_.contracts;
    summary_.services = care_summary_.services;
    summary_.points_centi = care_summary_.points_centi;
    if (progress_) progress_(summary_.residents, total);
    return Status::Ok();
  }

  const Options& o_;
  Sink& sink_;
  const std::function<void(int64_t, int64_t)>& progress_;
  Rng root_;
  const PopulationTables& tables_;
  const HouseholdPlanner& planner_;
  std::array<int32_t, kAges> birth_lo_{}, birth_hi_{};

  std::string province_name_, city_name_, city_code4_;
  std::vector<CountyPlan> counties_;
  std::vector<TownshipPlan> townships_;
  std::vector<VillagePlan> villages_;
  std::vector<MedicalAlliance> alliances_;
  std::vector<FacilityPlan> facilities_;
  std::vector<int> center_township_, clinic_village_;
  std::set<std::string> practitioner_phones_;
  std::array<int64_t, kDiseases> condition_counts_{};
  Summary summary_;
  std::map<std::string, TeamRef> village_team_;
  std::map<std::string, int64_t> active_in_village_;
  CarePlanner care_{o_.today, ServiceCatalogue::Default(), FollowUpRules::Default()};
  CareSummary care_summary_;
};

Status Validate(const Options& o) {
  if (o.kind != "county" && o.kind != "city") {
    return Status::InvalidField("kind", "must be \"county\" or \"city\"");
  }
  if (o.residents < 1 || o.residents > 100000000) {
    return Status::InvalidField("residents", "must be between 1 and 100000000");
  }
  // ID numbers carry the province in their first two digits, so it must be a real one.
  if (o.province_code.size() != 2 || !AllDigits(o.province_code) ||
      KnownName(o.province_code) == nullptr) {
    return Status::InvalidField("province_code",
                                "must be a mainland province code (GB/T 2260), e.g. \"14\"");
  }
  if (o.city_code.size() != 4 || !AllDigits(o.city_code) ||
      o.city_code.compare(0, 2, o.province_code) != 0 || o.city_code.substr(2) == "00") {
    return Status::InvalidField("city_code",
                                "must be 4 digits starting with the province code, e.g. \"1404\"");
  }
  if (o.kind == "county" &&
      (o.county_code.size() != 6 || !AllDigits(o.county_code) ||
       o.county_code.compare(0, 4, o.city_code) != 0 || o.county_code.substr(4) == "00")) {
    return Status::InvalidField("county_code",
                                "must be 6 digits starting with the city code, e.g. \"140423\"");
  }
  if (o.today.year() < 1950 || o.today.year() > 9000) {
    return Status::InvalidField("today", "must be a date between 1950 and 9000");
  }
  return Status::Ok();
}

}  // namespace

Result<Summary> Generate(const Options& options, Sink& sink,
                         const std::function<void(int64_t done, int64_t total)>& progress) {
  YILIAN_RETURN_IF_ERROR(Validate(options));
  Generator g(options, sink, progress);
  return g.Run();
}

}  // namespace yilian::generate
