// `yilian generate`: a believable synthetic county or city, deterministic for
// a seed. Pure domain code: everything goes to a Sink (see sink.h for the
// order of calls).
//
// What it makes: the division tree (province, city, counties/districts,
// townships, villages) with NBS-style codes and generated Chinese names; per
// county a general, a TCM and an MCH hospital, a CDC and a 医共体 led by the
// general hospital with the township health centres and one clinic per
// village as members (plus one or two city hospitals for a city); staff with
// valid ID numbers and unique licence numbers; family-doctor teams that
// partition each township's villages; residents in households, with an age
// and sex structure like rural China in 2020 (7th census), valid unique ID
// numbers issued from the county code, consistent family relations, and
// chronic conditions at rural prevalence.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/status.h"
#include "generate/options.h"
#include "generate/sink.h"

namespace yilian::generate {

struct Summary {
  int64_t org_units = 0;
  int64_t alliances = 0;
  int64_t facilities = 0;
  int64_t practitioners = 0;
  int64_t teams = 0;
  int64_t households = 0;
  int64_t residents = 0;
  std::map<std::string, int64_t> conditions;  // disease_history code -> residents with it
  std::map<std::string, int64_t> enrolments;  // program -> enrolments
  int64_t contracts = 0;
  int64_t services = 0;
  int64_t points_centi = 0;  // verified services' work points
};

// Refuses bad Options with InvalidField (kind, residents, codes); otherwise
// returns what was emitted, or the first error a Sink call returned.
// `progress` (may be empty) is called about every 10,000 residents and once
// at the end with done == total.
Result<Summary> Generate(const Options& options, Sink& sink,
                         const std::function<void(int64_t done, int64_t total)>& progress);

}  // namespace yilian::generate
