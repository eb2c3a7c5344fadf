// The service-record registry: record a service (validated by
// service_rules.h, with its work points), preview one (what would be stored
// and what the resident is due for next), void one, read and list them.
// Every write runs in one transaction with its audit event and is applied to
// the live state (work points, worklists) before it returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "core/status.h"
#include "followup/followup_rules.h"
#include "followup/schedule.h"
#include "resident/resident_registry.h"
#include "service/service_record.h"
#include "service/service_store.h"
#include "storage/database.h"

namespace yilian {

struct ServicePreview {
  ServiceRecord record;      // as it would be stored (id 0)
  std::vector<DueItem> due;  // what the resident is due for after it
};

class ServiceRegistry {
 public:
  ServiceRegistry(storage::Database& db, const ServiceCatalogue& catalogue,
                  const FollowUpRules& rules, const CodeSets& codes, live::LiveState* live)
      : db_(db), catalogue_(catalogue), rules_(rules), codes_(codes), live_(live) {}

  Result<ServiceRecord> Record(ServiceRecord s, const nlohmann::json& data,
                               const ResidentWriter* by);
  // Inside a caller's write transaction (bulk import).
  static Result<ServiceRecord> RecordIn(storage::Connection& c, ServiceRecord s,
                                        const nlohmann::json& data,
                                        const ServiceCatalogue& catalogue,
                                        const FollowUpRules& rules, const CodeSets& codes,
                                        Date today, const ResidentWriter* by = nullptr);
  // Validates as Record would, writes nothing.
  Result<ServicePreview> Preview(ServiceRecord s, const nlohmann::json& data,
                                 const ResidentWriter* by);
  Result<ServiceRecord> Void(int64_t id, const std::string& reason, int64_t expected_version,
                             const ResidentWriter* by);

  Result<std::pair<ServiceRecord, Resident>> Get(int64_t id);
  Result<std::vector<ServiceRecord>> ForResident(int64_t resident_id);
  Result<service_store::Page> List(const service_store::Query& q);

  const ServiceCatalogue& catalogue() const { return catalogue_; }
  const FollowUpRules& rules() const { return rules_; }

 private:
  storage::Database& db_;
  const ServiceCatalogue& catalogue_;
  const FollowUpRules& rules_;
  const CodeSets& codes_;
  live::LiveState* live_;
};

}  // namespace yilian
