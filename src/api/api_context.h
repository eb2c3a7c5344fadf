// What the HTTP handlers share: the database, the registries built on it,
// who is calling (auth) and where reads are audited. Owned by `yilian serve`
// (cli/serve_command.cc), created once at start-up.
#pragma once

#include "audit/audit_trail.h"
#include "auth/authenticator.h"
#include "auth/user_registry.h"
#include "codes/code_set.h"
#include "orgunit/org_unit_registry.h"
#include "resident/resident_registry.h"
#include "storage/database.h"

namespace yilian {
class EnrolmentRegistry;
class ContractRegistry;
class ServiceRegistry;
class FundRunRegistry;
class ServiceCatalogue;
class FollowUpRules;
namespace live {
class LiveState;
}
}  // namespace yilian

namespace yilian::api {

// The daily work: programs, contracts, services, worklists and work points,
// over the live state.
struct CareServices {
  EnrolmentRegistry& enrolments;
  ContractRegistry& contracts;
  ServiceRegistry& services;
  FundRunRegistry& funds;
  live::LiveState& live;
  const ServiceCatalogue& catalogue;
  const FollowUpRules& rules;
};

struct ApiContext {
  storage::Database& db;
  const CodeSets& codes;
  OrgUnitRegistry& org_units;
  ResidentRegistry& residents;
  auth::Authenticator& auth;
  auth::UserRegistry& users;
  audit::AuditTrail& audit;
  // Session cookies get the Secure attribute (serving over TLS).
  bool secure_cookies = false;
  // Set by `yilian serve`; its routes are registered only when present.
  const CareServices* care = nullptr;
};

}  // namespace yilian::api
