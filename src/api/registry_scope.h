// Where a registry write lands, checked against the writer's capture scope:
// a township's staff manage their township's facilities, practitioners and
// teams, not the next township's. The permission is checked first by the
// guard; this adds the scope.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/api_context.h"
#include "auth/principal.h"
#include "http/message.h"

namespace yilian::api {

enum class RegistryKind { kFacility, kAlliance, kPractitioner, kTeam, kOrgUnit };

// For a create (`path_id` empty) or an update of the record at `path_id`
// (the numeric id, or the org unit code): every org unit the write touches —
// in the body and, for an update, where the stored record is — must lie in
// p's capture scope. A new root org unit needs user.manage. Refusals are
// kPermissionDenied and audited. Malformed bodies pass through, for the
// handler to reject with its own field errors.
Status CheckRegistryWrite(const ApiContext& ctx, const auth::Principal& p, RegistryKind kind,
                          const http::Request& r, const std::optional<std::string>& path_id);

}  // namespace yilian::api
