// The family-doctor contract registry: sign (one resident or a whole
// household), renew, change team, terminate, read with fulfilment, list.
// Every write validates first (contract_rules.h), runs in one transaction
// with its audit events, and is applied to the live state before it returns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalogue/service_catalogue.h"
#include "codes/code_set.h"
#include "contract/contract.h"
#include "contract/contract_store.h"
#include "contract/fulfilment.h"
#include "core/status.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian {

struct HouseholdSigning {
  int64_t household_id = 0;
  Contract terms;  // team, doctor, packages, signing method, dates; resident ignored
  // Each member also gets the packages of the key populations they are in.
  bool add_key_packages = true;
  // Sign the members that can be signed and report the others, instead of
  // all or nothing.
  bool valid_only = false;
};

struct MemberOutcome {
  int64_t resident_id = 0;
  std::string name;
  std::optional<Contract> contract;  // signed
  Status status;                     // why not, when not signed
  bool skipped = false;              // already had a contract in force
};

struct TeamChange {
  Date date;  // the new team's first day
  int64_t team_id = 0;
  int64_t doctor_id = 0;
  int64_t expected_version = 0;
};

struct Termination {
  Date date;  // the first day no longer in force
  std::string reason;
  std::string note;
  int64_t expected_version = 0;
};

struct Renewal {
  Date signed_on;
  std::string signing_method;
  std::vector<std::string> packages;  // empty = the previous contract's
  std::optional<int64_t> doctor_id;   // default: the previous doctor
};

struct ContractView {
  Contract contract;
  Resident resident;
  Fulfilment fulfilment;
};

class ContractRegistry {
 public:
  ContractRegistry(storage::Database& db, const ServiceCatalogue& catalogue, const CodeSets& codes,
                   live::LiveState* live)
      : db_(db), catalogue_(catalogue), codes_(codes), live_(live) {}

  Result<Contract> Sign(Contract c, const ResidentWriter* by);
  // Inside a caller's write transaction (bulk import).
  static Result<Contract> SignIn(storage::Connection& c, Contract k,
                                 const ServiceCatalogue& catalogue, const CodeSets& codes,
                                 Date today, const ResidentWriter* by = nullptr);
  Result<std::vector<MemberOutcome>> SignHousehold(const HouseholdSigning& h,
                                                   const ResidentWriter* by);
  Result<Contract> Renew(int64_t id, const Renewal& r, const ResidentWriter* by);
  // Ends contract `id` (reason team_change) and signs its resident with
  // another team for the rest of its term; returns the new contract.
  Result<Contract> ChangeTeam(int64_t id, const TeamChange& t, const ResidentWriter* by);
  Result<Contract> Terminate(int64_t id, const Termination& t, const ResidentWriter* by);

  // The contract, its resident and its fulfilment as of `on`.
  Result<ContractView> Get(int64_t id, Date on);
  Result<std::vector<ContractView>> ForResident(int64_t resident_id, Date on);
  // A page of contracts, each with its fulfilment as of `on`.
  Result<std::pair<std::vector<ContractView>, bool>> List(const contract_store::Query& q, Date on);

  const ServiceCatalogue& catalogue() const { return catalogue_; }

 private:
  storage::Database& db_;
  const ServiceCatalogue& catalogue_;
  const CodeSets& codes_;
  live::LiveState* live_;
};

}  // namespace yilian
