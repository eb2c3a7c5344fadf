// Chinese personal and place names for synthetic data.
//
// Surnames are drawn by their real national frequency; given names from
// pools that depend on sex and birth cohort (建国 and 秀英 for the 1950s,
// 子涵 and 欣怡 for the 2010s), mixing popular whole names with names
// composed from cohort-typical characters, so full-name duplicates within a
// village happen about as often as they do in life.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "generate/random.h"

namespace yilian::generate {

// Number of surnames in the frequency table (at least 100).
int SurnameCount();
std::string_view Surname(int index);
// An index drawn by national surname frequency.
int PickSurname(Rng& rng);

// Appends a 1- or 2-character given name typical of `birth_year` and sex.
void AppendGivenName(Rng& rng, int birth_year, bool male, std::string* out);

// Place names. Each returns a name not yet in `taken` and inserts it.
// A county, district, city or township name: a two-character root such as
// "古韩", "王桥" followed by `suffix` (县/区/市/镇/乡/街道).
std::string NewPlaceName(Rng& rng, std::string_view suffix, std::set<std::string>* taken);
// A township of the county seat: sometimes "城关", "东城"..., else a generated root.
std::string NewStreetName(Rng& rng, std::set<std::string>* taken);
// A village: "北关村", "王家庄村", "柳树沟村", "三里湾村", "永丰村"...
std::string NewVillageName(Rng& rng, std::set<std::string>* taken);
// A residents' committee: "东关社区", "新华社区", "滨河苑社区"...
std::string NewCommunityName(Rng& rng, std::set<std::string>* taken);

}  // namespace yilian::generate
