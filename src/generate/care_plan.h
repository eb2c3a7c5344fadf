// CarePlanner: two believable years of care for one generated resident —
// program enrolments for their conditions (and pregnancies), a family-doctor
// contract (about 90% of key populations, about half of everyone else, so
// 60-70% overall; most renew last year's), and the services of the two years
// before `today`: chronic
// follow-ups mostly on time with a share late or missed and an uncontrolled
// reading brought back within two weeks, yearly checks, child visits by age,
// prenatal and postpartum visits, mental and tuberculosis follow-ups, a little
// health education. Every record it makes passes the rules the API applies
// (service_rules.h, contract_rules.h, enrolment_rules.h). Pure: records go to
// the Sink.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "core/status.h"
#include "followup/followup_rules.h"
#include "generate/random.h"
#include "generate/sink.h"
#include "resident/resident.h"

namespace yilian::generate {

// The family-doctor team serving a village, as the planner needs it.
struct TeamRef {
  int64_t id = 0;
  std::vector<int64_t> doctors;            // leader and doctors (sign contracts)
  std::vector<int64_t> village_doctors;    // do most of the visits
  std::map<int64_t, int64_t> facility_of;  // member practitioner -> facility
};

struct CareSummary {
  std::map<std::string, int64_t> enrolments;  // by program
  int64_t contracts = 0;
  int64_t services = 0;
  int64_t points_centi = 0;
};

class CarePlanner {
 public:
  CarePlanner(Date today, const ServiceCatalogue& catalogue, const FollowUpRules& rules)
      : today_(today), catalogue_(catalogue), rules_(rules) {}

  // Plans and emits the care of `r` (an active resident whose id is set).
  Status Plan(Rng& rng, const yilian::Resident& r, const TeamRef& team, Sink& sink,
              CareSummary* summary);

 private:
  Date today_;
  const ServiceCatalogue& catalogue_;
  const FollowUpRules& rules_;
};

}  // namespace yilian::generate
