// Registration of the registries' /api/v1 routes: facilities and alliances,
// practitioners, family-doctor teams and households.
//
// Each resource has GET (list) and POST on the collection and GET and PATCH
// on /{id}. Lists answer {"items", "page", "page_size", "has_more"} in id
// order; a create answers 201 with the record, a Location and an ETag; a
// PATCH needs the version read (If-Match: "3", or a "version" field) and
// answers 412 when it is stale. Each function builds its registry from ctx;
// the handlers keep it alive.
#pragma once

#include "api/api_context.h"
#include "http/router.h"

namespace yilian::api {

// /facilities and /alliances.
void RegisterFacilityRoutes(http::Router& router, const ApiContext& ctx);
// /practitioners: ID numbers masked in lists, in full on GET /practitioners/{id}.
void RegisterPractitionerRoutes(http::Router& router, const ApiContext& ctx);
// /teams, each with its "composition" (the 1+1+1 family-doctor team).
void RegisterTeamRoutes(http::Router& router, const ApiContext& ctx);
// /households; GET /households/{id} lists its members with masked ID numbers.
void RegisterHouseholdRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace yilian::api
