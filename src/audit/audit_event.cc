#include "audit/audit_event.h"

#include <algorithm>

namespace yilian::audit {

nlohmann::json AuditEventToJson(const AuditEvent& e) {
  nlohmann::json j = {{"id", e.id},
                      {"at", e.at},
                      {"user_id", e.actor.user_id ? nlohmann::json(*e.actor.user_id) : nullptr},
                      {"username", e.actor.username},
                      {"role", e.actor.role},
                      {"ip", e.actor.ip},
                      {"action", e.action},
                      {"resource", e.resource},
                      {"resource_id", e.resource_id},
                      {"resident_id", e.resident_id ? nlohmann::json(*e.resident_id) : nullptr},
                      {"org_unit_code", e.org_unit_code},
                      {"changes", e.changes},
                      {"reason", e.reason},
                      {"detail", e.detail},
                      {"request_id", e.actor.request_id}};
  return j;
}

nlohmann::json FieldChanges(const nlohmann::json& before, const nlohmann::json& after,
                            std::initializer_list<const char*> ignore) {
  nlohmann::json out = nlohmann::json::object();
  auto ignored = [&](const std::string& k) {
    return std::any_of(ignore.begin(), ignore.end(), [&](const char* i) { return k == i; });
  };
  static const nlohmann::json kNull;
  auto at = [](const nlohmann::json& o, const std::string& k) -> const nlohmann::json& {
    if (!o.is_object()) return kNull;
    auto it = o.find(k);
    return it == o.end() ? kNull : *it;
  };
  if (before.is_object()) {
    for (const auto& [k, v] : before.items()) {
      if (!ignored(k) && v != at(after, k)) out[k] = nlohmann::json::array({v, at(after, k)});
    }
  }
  if (after.is_object()) {
    for (const auto& [k, v] : after.items()) {
      if (!ignored(k) && !out.contains(k) && v != at(before, k))
        out[k] = nlohmann::json::array({at(before, k), v});
    }
  }
  return out;
}

}  // namespace yilian::audit
