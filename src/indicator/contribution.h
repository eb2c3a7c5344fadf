// What one resident contributes to the indicator data elements: intervals of
// days (stock elements) and events (flow elements), each in the element's
// slots (total, sex, age group). Pure: a function of the resident's facts.
//
// The live cube subtracts a resident's old contributions and adds the new
// ones whenever a write changes their facts, and a full recompute is the sum
// of everyone's; that equality is the property test's subject.
//
// Definitions (dates are the resident's own; "present" runs from the record
// date to the day they died, moved out or were merged):
//  * residents: from birth while present in the area; records: from the
//    record date (建档日期) while present;
//  * elderly 65+, children 0-6: by age while a record; programs: while an
//    enrolment is open; disabled, poor, 计生特殊家庭: while a record (flags
//    are not dated); key population: the union of these;
//  * contracted: while a contract is in force; per key population: both;
//    contracts_fulfilled: from the day its promise was met to its end;
//  * htn/dm/smi_standard: the follow-ups so far this year reach the number
//    of the current quarter (1 in Q1 … 4 in Q4; at year end, the national
//    "at least four a year"), while managed;
//  * htn/dm_controlled: the latest follow-up with a reading was controlled,
//    while managed;
//  * elderly_served, children_served, records_used: from the first such
//    service of a calendar year to its end (elderly check; child visits; any
//    service), while in the group;
//  * flows: a new record on its record date, a contract on its signing day,
//    a delivery on its date (early registration: enrolled before week 13;
//    postpartum visited: a postpartum visit within 28 days), each valid
//    service by its category, and verified work points.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "followup/followup_rules.h"
#include "indicator/data_element.h"
#include "live/resident_facts.h"

namespace yilian::indicator {

// The first day the cube counts: figures are for 2010 on (electronic health
// records date from the 2009 reform). Earlier days fold into this one, which
// keeps each series to the days that matter: a 1950 birth is one entry, not
// one per birthday.
inline const int32_t kHorizon = Date::FromYmd(2010, 1, 1)->days();

struct Contribution {
  int slot = 0;
  int32_t start = 0;  // first day counted
  int32_t end = 0;    // first day no longer counted; kForever for flows and open stocks
  int64_t weight = 1;
  auto operator<=>(const Contribution&) const = default;
};

// Computes residents' contributions under one set of definitions. The
// element names and each service code's roles (which rule's follow-up, which
// category) are resolved once here, so a resident costs one hash lookup per
// service record rather than string comparisons per rule and per element.
// The catalogues must outlive it. Const: safe to share between threads.
class Contributor {
 public:
  Contributor(const ServiceCatalogue& catalogue, const FollowUpRules& rules,
              const ElementCatalogue& elements);

  // What `f` contributes, in no particular order (sort before CancelCommon).
  std::vector<Contribution> Of(const live::ResidentFacts& f) const;

  // The elements this computes, by name (indices into ids_; see the .cc).
  enum Element : int;

 private:
  // What a service code counts as: bit i for chronic rule i's follow-ups,
  // then the bits below; and its category's element (-1: none).
  struct Role {
    uint32_t mask = 0;
    int category = -1;
  };
  static constexpr uint32_t kMentalVisit = 1u << 16, kElderlyCheck = 1u << 17,
                            kChildVisit = 1u << 18, kPostpartumVisit = 1u << 19;
  struct Chronic {
    bool hypertension = false;  // else diabetes
    int standard = 0, controlled = 0;
  };

  int Id(Element e) const { return ids_[static_cast<size_t>(e)]; }
  const Role* RoleOf(const std::string& code) const;

  const ServiceCatalogue& catalogue_;
  const FollowUpRules& rules_;
  const ElementCatalogue& elements_;
  std::vector<int> ids_;
  std::vector<Chronic> chronic_;  // parallel to rules.chronic()
  std::unordered_map<std::string, Role> roles_;
};

// Removes what `a` and `b` have in common (both sorted), leaving what only
// `a` has in *a and only `b` has in *b: what an update must take away and add.
void CancelCommon(std::vector<Contribution>* a, std::vector<Contribution>* b);

}  // namespace yilian::indicator
