#include "api/resident_access.h"

#include "api/guard.h"
#include "api/request_params.h"
#include "audit/audit_store.h"
#include "auth/authenticator.h"
#include "http/json_response.h"
#include "io/csv.h"
#include "io/ndjson.h"
#include "transfer/transfer_kind.h"

namespace yilian::api {

ResidentWriter WriterFor(const ApiContext& ctx, const auth::Principal& p) {
  ResidentWriter w;
  w.actor = auth::ActorOf(p);
  w.may_write = [&ctx, &p](const Resident& r) {
    if (p.Captures(*ctx.org_units.tree(), r.village_code)) return Status::Ok();
    AuditDenied(ctx, p, "write resident " + std::to_string(r.id),
                "village " + r.village_code + " is outside the capture scope",
                r.id ? std::optional<int64_t>(r.id) : std::nullopt, r.village_code);
    return Status::PermissionDenied("village " + r.village_code + " is outside your capture scope");
  };
  return w;
}

Result<std::string> CheckRead(const ApiContext& ctx, const auth::Principal& p, const Resident& r,
                              const std::string& what) {
  if (p.Sees(*ctx.org_units.tree(), r.village_code)) return std::string();
  auto grant = ctx.auth.ActiveGrant(p, r.id);
  if (!grant.ok()) return grant.status();
  if (*grant) return (*grant)->reason;
  AuditDenied(ctx, p, what, "outside the view scope", r.id, r.village_code);
  std::string how = p.Can(auth::Permission::kResidentBreakGlass)
                        ? "; if you must (an emergency, a referred patient), POST "
                          "/api/v1/residents/" +
                              std::to_string(r.id) + "/break-glass with a reason"
                        : "";
  return Status::PermissionDenied("resident " + std::to_string(r.id) +
                                  " is outside your view scope" + how);
}

void AuditRead(const ApiContext& ctx, const auth::Principal& p, const Resident& r,
               const std::string& reason, const std::string& resource) {
  audit::AuditEvent e;
  e.actor = auth::ActorOf(p);
  e.action = "read";
  e.resource = resource;
  e.resource_id = std::to_string(r.id);
  e.resident_id = r.id;
  e.org_unit_code = r.village_code;
  e.reason = reason;
  if (!reason.empty()) e.detail = {{"via", "break_glass"}};
  ctx.audit.Record(std::move(e));
}

void AuditSearch(const ApiContext& ctx, const auth::Principal& p, const http::Request& r,
                 nlohmann::json resident_ids) {
  audit::AuditEvent e;
  e.actor = auth::ActorOf(p);
  e.action = "search";
  e.resource = "resident";
  nlohmann::json query = nlohmann::json::object();
  for (const auto& [k, v] : r.query) query[k] = v;
  e.org_unit_code = r.Query("ou").value_or("");
  e.detail = {{"query", std::move(query)}, {"results", std::move(resident_ids)}};
  ctx.audit.Record(std::move(e));
}

http::Response ExportResidents(const ApiContext& ctx, const http::Request& r,
                               const auth::Principal& p) {
  if (Status s = OnlyParams(r, {"ou", "format"}); !s.ok()) return http::Error(s);
  std::string format = r.Query("format").value_or("csv");
  if (format != "csv" && format != "ndjson") {
    return http::Error(Status::InvalidField("format", "must be csv or ndjson"));
  }
  auto tree = ctx.org_units.tree();
  std::string ou = r.Query("ou").value_or("");
  auto ranges = p.ViewRanges(*tree, ou);
  if (!ranges.ok()) {
    AuditDenied(ctx, p, "GET " + r.target, ranges.status().message());
    return http::Error(ranges.status());
  }
  auto in_ranges = [&](std::string_view code) {
    for (const auto& [lo, hi] : *ranges) {
      if (code >= lo && code < hi) return true;
    }
    return false;
  };
  const TransferKind* kind = FindTransferKind("residents");
  std::string body;
  if (format == "csv") {
    body += io::CsvUtf8Bom();
    std::vector<std::string> header;
    for (const auto& c : kind->columns) header.push_back(c.name);
    io::WriteCsvRow(body, header);
  }
  int64_t n = 0;
  Status s = ctx.db.Read([&](storage::Connection& c) {
    return kind->export_all(c, [&](const nlohmann::json& j, const std::vector<std::string>& row) {
      auto v = j.find("village_code");
      if (v == j.end() || !v->is_string() || !in_ranges(v->get_ref<const std::string&>())) {
        return Status::Ok();
      }
      if (format == "csv")
        io::WriteCsvRow(body, row);
      else
        io::WriteNdjson(body, j);
      ++n;
      return Status::Ok();
    });
  });
  if (!s.ok()) return http::Error(s);
  // The export is recorded durably before any of it leaves.
  audit::AuditEvent e;
  e.actor = auth::ActorOf(p);
  e.action = "export";
  e.resource = "resident";
  e.org_unit_code = ou;
  e.detail = {{"format", format}, {"records", n}, {"ou", ou}};
  s = ctx.db.Write([&](storage::Connection& c) { return audit_store::Append(c, e); });
  if (!s.ok()) return http::Error(s);
  http::Response resp;
  resp.status = 200;
  resp.content_type = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
  resp.body = std::move(body);
  resp.headers.emplace_back("Content-Disposition",
                            "attachment; filename=\"residents." + format + "\"");
  resp.headers.emplace_back("Cache-Control", "no-store");
  resp.headers.emplace_back("X-Record-Count", std::to_string(n));
  return resp;
}

}  // namespace yilian::api
