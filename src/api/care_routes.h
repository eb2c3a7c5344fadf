// /api/v1 routes of the daily work, registered when ApiContext::care is set:
//
//  catalogue     GET /service-items, /service-packages, /follow-up-rules
//  enrolments    POST /enrolments, GET /enrolments?ou=&program=&open=,
//                GET /enrolments/{id}, POST /enrolments/{id}/discharge,
//                GET /residents/{id}/enrolments
//  contracts     POST /contracts, POST /contracts/household, GET /contracts?ou=&team_id=
//                &doctor_id=&in_force_on=, GET /contracts/{id} (with fulfilment),
//                POST /contracts/{id}/renew|terminate|change-team, GET /residents/{id}/contracts
//  services      POST /services, POST /services/preview, GET /services?ou=&practitioner_id=
//                &service_code=&from=&to=, GET /services/{id}, POST /services/{id}/void,
//                GET /residents/{id}/services, GET /residents/{id}/schedule
//  worklist      GET /worklist?ou=&team_id=&practitioner_id=&status=&kind=&on=
//  work points   GET /work-points?by=&ou=&pe=, POST /fund-runs, GET /fund-runs?ou=&year=,
//                GET /fund-runs/{id}?format=json|csv
//
// Reads need resident.read and the resident in the view scope (or a
// break-the-glass grant) and are audited; writes need resident.write and the
// resident in the capture scope, and are audited with the write.
#pragma once

#include "api/api_context.h"
#include "http/router.h"

namespace yilian::api {

void RegisterCareRoutes(http::Router& router, const ApiContext& ctx);
void RegisterWorklistRoutes(http::Router& router, const ApiContext& ctx);
void RegisterWorkpointRoutes(http::Router& router, const ApiContext& ctx);
// /indicators, /analytics?dx=&ou=&ou_level=&pe=&disagg=&format=, /targets,
// /org-units/{code}/populations.
void RegisterAnalyticsRoutes(http::Router& router, const ApiContext& ctx);
// /reports/bulletin and /reports/annual?ou=&pe=&format=json|html|csv|xlsx.
void RegisterReportRoutes(http::Router& router, const ApiContext& ctx);

}  // namespace yilian::api
