// AuditEvent: one line of the append-only audit log.
//
// Who (user, role, address), when, what (action on a resource), whose data
// (resident and their village, so auditors can ask by org unit), which fields
// changed (old and new values) and why (the break-the-glass reason).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace yilian::audit {

// The party acting, as the audit log names it.
struct Actor {
  std::optional<int64_t> user_id;  // empty for local operations (CLI)
  std::string username;
  std::string role;
  std::string ip;  // "local" for the CLI
  uint64_t request_id = 0;
};

struct AuditEvent {
  int64_t id = 0;
  std::string at;  // ISO 8601 with milliseconds, China Standard Time; set on append
  Actor actor;
  // read, search, create, update, merge, export, import, break_glass, login,
  // login_failed, logout, password_change, token_create, token_revoke,
  // user_create, user_update, denied.
  std::string action;
  std::string resource;  // "resident", "household", "user", "session", "api_token", …
  std::string resource_id;
  std::optional<int64_t> resident_id;
  std::string org_unit_code;  // the resident's village (or the scope of a listing)
  nlohmann::json changes;     // {"phone": ["old", "new"], …} or null
  std::string reason;
  nlohmann::json detail;  // anything else worth keeping (query, counts), or null
};

// The JSON the API returns for an event.
nlohmann::json AuditEventToJson(const AuditEvent& e);

// {"field": [old, new]} for every top-level member that differs between two
// JSON objects (members only in one side are compared with null). `ignore`
// lists members that always change (version, updated_at).
nlohmann::json FieldChanges(const nlohmann::json& before, const nlohmann::json& after,
                            std::initializer_list<const char*> ignore = {"version", "updated_at"});

}  // namespace yilian::audit
