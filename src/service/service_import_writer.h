// The database half of a services import (TransferKind::make_writer): each
// prepared line is checked by the same rules as POST /services
// (CheckServiceRecord) and inserted, but what the rules look at is cached:
// practitioners and their teams for the run, and the current resident's
// record, enrolments, contracts and already recorded services while lines
// name the same resident (exports list a resident's services together).
// Refused lines leave the caches as they were.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "contract/contract.h"
#include "followup/followup_rules.h"
#include "practitioner/practitioner.h"
#include "program/enrolment.h"
#include "resident/resident.h"
#include "service/service_record.h"
#include "transfer/transfer_kind.h"

namespace yilian {

// One line, read and prepared off the database thread.
struct PreparedService {
  ServiceRecord record;
  nlohmann::json data;
  std::string record_no;  // or resident_id in the record
  std::string void_reason;
};

class ServiceImportWriter final : public RecordWriter {
 public:
  ServiceImportWriter(const ServiceCatalogue& catalogue, const FollowUpRules& rules,
                      const CodeSets& codes, Date today)
      : catalogue_(catalogue), rules_(rules), codes_(codes), today_(today) {}

  Result<std::string> Write(storage::Connection& c, std::any& prepared) override;
  Status Finish(storage::Connection&) override { return Status::Ok(); }

 private:
  struct ResidentContext {
    Resident resident;
    std::vector<Enrolment> enrolments;
    std::vector<Contract> contracts;
    std::map<std::pair<std::string, int32_t>, int64_t> same_day;  // (item, day) -> record id
  };
  struct PractitionerContext {
    std::optional<Practitioner> practitioner;
    std::vector<int64_t> teams;
  };
  Result<int64_t> ResidentId(storage::Connection& c, const PreparedService& p);
  Status LoadResident(storage::Connection& c, int64_t id);
  Result<const PractitionerContext*> PractitionerOf(storage::Connection& c, int64_t id);

  const ServiceCatalogue& catalogue_;
  const FollowUpRules& rules_;
  const CodeSets& codes_;
  Date today_;
  std::optional<ResidentContext> current_;
  std::map<std::string, int64_t> ids_by_record_no_;  // for the current resident only
  std::map<int64_t, PractitionerContext> practitioners_;
};

}  // namespace yilian
