// Where the generator puts what it makes (a database writer, a CSV writer, a
// test collector). The generator does no I/O itself.
//
// Calls come in dependency order: every OrgUnit (parents before children),
// every Alliance, every Facility (AllianceLead right after each alliance's
// lead hospital), every Practitioner, every Team; then, village by village,
// each Household followed by its members (the head first, household_relation
// "02"), and after each household the care of its active members:
// Enrolments, then a Contract, then Services by date. A non-OK Status from
// any call stops generation and is returned.
#pragma once

#include "contract/contract.h"
#include "core/status.h"
#include "facility/facility.h"
#include "orgunit/org_unit.h"
#include "practitioner/practitioner.h"
#include "program/enrolment.h"
#include "resident/resident.h"
#include "service/service_record.h"
#include "team/team.h"

namespace yilian::generate {

class Sink {
 public:
  virtual ~Sink() = default;

  virtual Status OrgUnit(const yilian::OrgUnit& unit) = 0;
  // Sets alliance.id. lead_facility_id is not known yet (the facilities come
  // later and refer to the alliance); see AllianceLead.
  virtual Status Alliance(MedicalAlliance& alliance) = 0;
  // The alliance's lead hospital now exists: alliance.id and
  // alliance.lead_facility_id are set; record the lead.
  virtual Status AllianceLead(const MedicalAlliance& alliance) = 0;
  // Sets facility.id.
  virtual Status Facility(yilian::Facility& facility) = 0;
  // Sets practitioner.id.
  virtual Status Practitioner(yilian::Practitioner& practitioner) = 0;
  // Sets team.id.
  virtual Status Team(yilian::Team& team) = 0;
  // Sets household.id. head_resident_id is left unset: the head is the member
  // with household_relation "02".
  virtual Status Household(yilian::Household& household) = 0;
  // Sets resident.id and resident.record_no. The generator reuses the object
  // for the next resident, so the sink may move from it.
  virtual Status Resident(yilian::Resident& resident) = 0;
  // Set the record's id.
  virtual Status Enrolment(yilian::Enrolment& enrolment) = 0;
  virtual Status Contract(yilian::Contract& contract) = 0;
  virtual Status Service(yilian::ServiceRecord& service) = 0;
  // After everything: each village's statistical population for a year, and
  // the commission's annual targets (indicator id, org unit, year, target).
  virtual Status Population(const std::string& org_unit_code, int year, int64_t population) = 0;
  virtual Status Target(const std::string& indicator, const std::string& org_unit_code, int year,
                        double target) = 0;
};

}  // namespace yilian::generate
