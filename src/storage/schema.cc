#include "storage/schema.h"

#include <string>

namespace yilian::storage {
namespace {

// Portable DDL: {{ID}} is the auto-assigned 64-bit key of each dialect.
constexpr std::string_view kSchemaV1 = R"SQL(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE org_units (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL, parent_code TEXT,
  status TEXT NOT NULL, merged_into TEXT, valid_from TEXT, valid_to TEXT,
  version INTEGER NOT NULL);
CREATE INDEX org_units_parent ON org_units (parent_code);
CREATE TABLE org_unit_events (
  id {{ID}}, code TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL,
  old_value TEXT, new_value TEXT, recorded_at TEXT NOT NULL);
CREATE INDEX org_unit_events_code ON org_unit_events (code);

CREATE TABLE alliances (
  id {{ID}}, name TEXT NOT NULL, lead_facility_id BIGINT, org_unit_code TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE TABLE facilities (
  id {{ID}}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL,
  org_unit_code TEXT NOT NULL, alliance_id BIGINT REFERENCES alliances (id), beds INTEGER NOT NULL,
  phone TEXT, status TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX facilities_ou ON facilities (org_unit_code);

CREATE TABLE practitioners (
  id {{ID}}, name TEXT NOT NULL, id_number TEXT NOT NULL, sex TEXT, birth_date TEXT,
  role TEXT NOT NULL, facility_id BIGINT NOT NULL REFERENCES facilities (id), licence_no TEXT,
  phone TEXT, status TEXT NOT NULL, version INTEGER NOT NULL);
CREATE UNIQUE INDEX practitioners_id_number ON practitioners (id_number);
CREATE UNIQUE INDEX practitioners_licence ON practitioners (licence_no) WHERE licence_no <> '';
CREATE INDEX practitioners_facility ON practitioners (facility_id);

CREATE TABLE teams (
  id {{ID}}, name TEXT NOT NULL, facility_id BIGINT NOT NULL REFERENCES facilities (id),
  status TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX teams_facility ON teams (facility_id);
CREATE TABLE team_members (
  team_id BIGINT NOT NULL REFERENCES teams (id), practitioner_id BIGINT NOT NULL REFERENCES practitioners (id),
  team_role TEXT NOT NULL, PRIMARY KEY (team_id, practitioner_id));
CREATE INDEX team_members_practitioner ON team_members (practitioner_id);
CREATE TABLE team_villages (
  team_id BIGINT NOT NULL REFERENCES teams (id), village_code TEXT NOT NULL,
  PRIMARY KEY (team_id, village_code));
CREATE INDEX team_villages_village ON team_villages (village_code);

CREATE TABLE households (
  id {{ID}}, village_code TEXT NOT NULL, address TEXT, head_resident_id BIGINT,
  version INTEGER NOT NULL);
CREATE INDEX households_village ON households (village_code);

CREATE TABLE record_sequences (village_code TEXT PRIMARY KEY, last_value INTEGER NOT NULL);

CREATE TABLE residents (
  id {{ID}}, record_no TEXT NOT NULL UNIQUE, name TEXT NOT NULL, id_type TEXT NOT NULL,
  id_number TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL, ethnicity TEXT,
  marital_status TEXT, blood_abo TEXT, blood_rh TEXT, education TEXT, occupation TEXT,
  payment_types TEXT, village_code TEXT NOT NULL, household_id BIGINT, household_relation TEXT,
  residence_type TEXT NOT NULL, address TEXT, phone TEXT, contact_name TEXT, contact_phone TEXT,
  work_unit TEXT, conditions TEXT, disabilities TEXT, poverty INTEGER NOT NULL,
  fp_special INTEGER NOT NULL, status TEXT NOT NULL, status_date TEXT, merged_into BIGINT,
  created_by_facility BIGINT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE UNIQUE INDEX residents_id_number ON residents (id_type, id_number)
  WHERE id_number <> '' AND status <> 'merged';
CREATE INDEX residents_name ON residents (name, birth_date);
CREATE INDEX residents_phone ON residents (phone) WHERE phone <> '';
CREATE INDEX residents_village ON residents (village_code, id);
CREATE INDEX residents_household ON residents (household_id);

CREATE TABLE duplicate_candidates (
  id {{ID}}, resident_id BIGINT NOT NULL, other_id BIGINT NOT NULL, reason TEXT NOT NULL,
  village_code TEXT NOT NULL, status TEXT NOT NULL, detected_at TEXT NOT NULL,
  resolved_at TEXT, UNIQUE (resident_id, other_id));
CREATE INDEX duplicate_candidates_open ON duplicate_candidates (status, village_code);
)SQL";

// Version 2: users and their sessions and API tokens, break-the-glass grants
// and the audit log. Times that expire are epoch seconds (compared as numbers);
// the audit log's `at` is ISO 8601 with milliseconds in China Standard Time.
constexpr std::string_view kSchemaV2 = R"SQL(
CREATE TABLE users (
  id {{ID}}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  practitioner_id BIGINT, view_scope TEXT NOT NULL, capture_scope TEXT NOT NULL,
  password_hash TEXT NOT NULL, must_change_password INTEGER NOT NULL, status TEXT NOT NULL,
  failed_logins INTEGER NOT NULL, locked_until BIGINT NOT NULL, last_login_at TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE sessions (
  id {{ID}}, token_hash TEXT NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL, ip TEXT, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL, revoked INTEGER NOT NULL);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
  id {{ID}}, token_hash TEXT NOT NULL UNIQUE, user_id BIGINT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL, permissions TEXT NOT NULL, created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL, revoked INTEGER NOT NULL, last_used_at BIGINT);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE TABLE access_grants (
  id {{ID}}, user_id BIGINT NOT NULL REFERENCES users (id), resident_id BIGINT NOT NULL,
  reason TEXT NOT NULL, granted_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
CREATE INDEX access_grants_user ON access_grants (user_id, resident_id);
CREATE TABLE audit_log (
  id {{ID}}, at TEXT NOT NULL, user_id BIGINT, username TEXT NOT NULL, role TEXT NOT NULL,
  ip TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL, resource_id TEXT,
  resident_id BIGINT, org_unit_code TEXT, changes TEXT, reason TEXT, detail TEXT,
  request_id BIGINT);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
CREATE INDEX audit_log_resident ON audit_log (resident_id, at);
CREATE INDEX audit_log_ou ON audit_log (org_unit_code, at);
)SQL";

// Version 3: the daily work — program enrolments, family-doctor contracts,
// service records with work points, and fund allocation runs. Dates are ISO
// text (they sort); every table carries the resident's village code. The
// readings the rules and figures use are columns, so rebuilding the live
// state needs no JSON parsing; the whole form is in `data`.
constexpr std::string_view kSchemaV3 = R"SQL(
ALTER TABLE residents ADD COLUMN record_date TEXT;

CREATE TABLE enrolments (
  id {{ID}}, resident_id BIGINT NOT NULL, program TEXT NOT NULL, enrolled_on TEXT NOT NULL,
  discharged_on TEXT, discharge_reason TEXT, facility_id BIGINT NOT NULL, village_code TEXT NOT NULL,
  risk_level INTEGER, lmp TEXT, edd TEXT, delivery_date TEXT, notified_on TEXT,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX enrolments_resident ON enrolments (resident_id, program);
CREATE INDEX enrolments_village ON enrolments (village_code, program);

CREATE TABLE contracts (
  id {{ID}}, resident_id BIGINT NOT NULL, team_id BIGINT NOT NULL, doctor_id BIGINT NOT NULL,
  packages TEXT NOT NULL, fee_cents BIGINT NOT NULL, signed_on TEXT NOT NULL,
  start_date TEXT NOT NULL, end_date TEXT NOT NULL, signing_method TEXT NOT NULL,
  status TEXT NOT NULL, terminated_on TEXT, termination_reason TEXT, termination_note TEXT,
  previous_id BIGINT, origin TEXT NOT NULL, village_code TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX contracts_resident ON contracts (resident_id, start_date);
CREATE INDEX contracts_team ON contracts (team_id, start_date);
CREATE INDEX contracts_village ON contracts (village_code, start_date);

CREATE TABLE service_records (
  id {{ID}}, resident_id BIGINT NOT NULL, service_code TEXT NOT NULL, service_date TEXT NOT NULL,
  village_code TEXT NOT NULL, facility_id BIGINT NOT NULL, practitioner_id BIGINT NOT NULL,
  team_id BIGINT, verification TEXT NOT NULL, points_centi BIGINT NOT NULL, enrolment_id BIGINT,
  contract_id BIGINT, data TEXT NOT NULL, sbp INTEGER, dbp INTEGER, fbg DOUBLE PRECISION,
  risk_level INTEGER, classification TEXT, condition_code TEXT, next_visit_date TEXT,
  referral INTEGER NOT NULL, adverse_reaction INTEGER NOT NULL, status TEXT NOT NULL,
  void_reason TEXT, recorded_by BIGINT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  version INTEGER NOT NULL);
CREATE INDEX service_records_resident ON service_records (resident_id, service_date);
CREATE INDEX service_records_practitioner ON service_records (practitioner_id, service_date);
CREATE INDEX service_records_village ON service_records (village_code, service_date);

CREATE TABLE org_unit_populations (
  org_unit_code TEXT NOT NULL, year INTEGER NOT NULL, population BIGINT NOT NULL,
  source TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (org_unit_code, year));
CREATE TABLE indicator_targets (
  indicator TEXT NOT NULL, org_unit_code TEXT NOT NULL, year INTEGER NOT NULL,
  target DOUBLE PRECISION NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (indicator, org_unit_code, year));

CREATE TABLE fund_runs (
  id {{ID}}, org_unit_code TEXT NOT NULL, year INTEGER NOT NULL, period TEXT NOT NULL,
  kind TEXT NOT NULL, inputs TEXT NOT NULL, result TEXT NOT NULL, created_by TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE INDEX fund_runs_ou ON fund_runs (org_unit_code, year);
)SQL";

// The audit log is append-only for everyone, the application included.
constexpr std::string_view kAuditAppendOnlySqlite = R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL";
constexpr std::string_view kAuditAppendOnlyPostgres = R"SQL(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
)SQL";

// Version 4: a plain index on the ID number. The unique index leads with the
// document type and is partial, so a search by ID number alone (the most
// common lookup at a clinic's desk) could use neither and scanned the table.
constexpr std::string_view kSchemaV4 = R"SQL(
CREATE INDEX residents_id_number_lookup ON residents (id_number);
)SQL";

std::string ForDialect(std::string_view ddl, Dialect d) {
  std::string out(ddl);
  const std::string id = d == Dialect::kSqlite
                             ? "INTEGER PRIMARY KEY"
                             : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (size_t p; (p = out.find("{{ID}}")) != std::string::npos;) out.replace(p, 6, id);
  return out;
}

Status MigrateToV2(Connection& c) {
  YILIAN_RETURN_IF_ERROR(c.Exec(ForDialect(kSchemaV2, c.dialect())));
  return c.Exec(c.dialect() == Dialect::kSqlite ? kAuditAppendOnlySqlite
                                                : kAuditAppendOnlyPostgres);
}

}  // namespace

Result<bool> IsInitialised(Connection& c) {
  const char* sql = c.dialect() == Dialect::kSqlite
                        ? "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'"
                        : "SELECT count(*) FROM information_schema.tables WHERE table_name='meta'"
                          " AND table_schema=current_schema()";
  auto st = c.Prepare(sql);
  if (!st.ok()) return st.status();
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  return (*st)->Int(0) > 0;
}

Result<std::optional<std::string>> GetMeta(Connection& c, std::string_view key) {
  auto st = c.Prepare("SELECT value FROM meta WHERE key = ?");
  if (!st.ok()) return st.status();
  Bind(**st, key);
  auto r = (*st)->Step();
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*st)->Text(0)));
}

Status SetMeta(Connection& c, std::string_view key, std::string_view value) {
  return Run(c,
             "INSERT INTO meta (key, value) VALUES (?, ?) "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             key, value);
}

Status Migrate(Connection& c) {
  auto init = IsInitialised(c);
  if (!init.ok()) return init.status();
  if (*init) {
    auto v = GetMeta(c, "schema_version");
    if (!v.ok()) return v.status();
    int have = *v ? std::atoi((*v)->c_str()) : 0;
    if (have > kSchemaVersion) {
      return Status::Invalid("database schema version " + std::to_string(have) +
                             " is newer than this yilian (" + std::to_string(kSchemaVersion) +
                             "); upgrade yilian");
    }
    if (have >= kSchemaVersion) return Status::Ok();
    if (have < 2) YILIAN_RETURN_IF_ERROR(MigrateToV2(c));
    if (have < 3) YILIAN_RETURN_IF_ERROR(c.Exec(ForDialect(kSchemaV3, c.dialect())));
  } else {
    YILIAN_RETURN_IF_ERROR(c.Exec(ForDialect(kSchemaV1, c.dialect())));
    YILIAN_RETURN_IF_ERROR(MigrateToV2(c));
    YILIAN_RETURN_IF_ERROR(c.Exec(ForDialect(kSchemaV3, c.dialect())));
  }
  YILIAN_RETURN_IF_ERROR(c.Exec(ForDialect(kSchemaV4, c.dialect())));
  return SetMeta(c, "schema_version", std::to_string(kSchemaVersion));
}

}  // namespace yilian::storage
