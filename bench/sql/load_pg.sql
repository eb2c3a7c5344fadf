-- PostgreSQL: the exported CSVs (yilian export; populations and the
-- catalogue's points written by bench/run.sh) into typed tables for
-- indicators.sql, in schema ind. @DIR@ is replaced by the runner. Ids follow
-- the files' order (the export's order: residents by id, services by
-- resident, date and id).
\set ON_ERROR_STOP 1
DROP SCHEMA IF EXISTS ind CASCADE;
CREATE SCHEMA ind;
SET search_path = ind;

CREATE TABLE ou_csv (code text, name text, level int, parent_code text, status text, merged_into text,
                     valid_from text, valid_to text);
\copy ou_csv FROM '@DIR@/org_units.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE ou AS SELECT code, level, parent_code, status FROM ou_csv;

CREATE TABLE res_csv (id bigserial, record_no text, name text, id_type text, id_number text, sex text,
  birth_date date, ethnicity text, marital_status text, blood_abo text, blood_rh text, education text,
  occupation text, payment_types text, village_code text, household_id text, household_relation text,
  residence_type text, address text, phone text, contact_name text, contact_phone text, work_unit text,
  conditions text, disabilities text, poverty text, family_planning_special text, status text,
  status_date date, record_date date);
\copy res_csv (record_no,name,id_type,id_number,sex,birth_date,ethnicity,marital_status,blood_abo,blood_rh,education,occupation,payment_types,village_code,household_id,household_relation,residence_type,address,phone,contact_name,contact_phone,work_unit,conditions,disabilities,poverty,family_planning_special,status,status_date,record_date) FROM '@DIR@/residents.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE res AS
SELECT id, record_no, sex, birth_date, village_code, status, status_date, record_date FROM res_csv;
CREATE UNIQUE INDEX res_record_no ON res (record_no);
CREATE UNIQUE INDEX res_id ON res (id);

CREATE TABLE enr_csv (record_no text, program text, enrolled_on date, facility_id text, risk_level text,
  lmp date, edd date, notified_on date, discharged_on date, discharge_reason text, delivery_date date);
\copy enr_csv FROM '@DIR@/enrolments.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE enr AS
SELECT r.id AS rid, e.program, e.enrolled_on, e.discharged_on FROM enr_csv e JOIN res r USING (record_no);

CREATE TABLE con_csv (record_no text, team_id text, doctor_id text, packages text, signing_method text,
  signed_on date, start_date date, end_date date, terminated_on date, termination_reason text,
  termination_note text);
\copy con_csv FROM '@DIR@/contracts.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE con AS
SELECT r.id AS rid, k.start_date, k.end_date, k.terminated_on FROM con_csv k JOIN res r USING (record_no);

CREATE TABLE svc_csv (id bigserial, record_no text, service_code text, service_date date,
  practitioner_id text, facility_id text, team_id text, verification text, data text, void_reason text);
\copy svc_csv (record_no,service_code,service_date,practitioner_id,facility_id,team_id,verification,data,void_reason) FROM '@DIR@/services.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE svc AS
SELECT s.id, r.id AS rid, s.service_code, s.service_date, s.verification, NULLIF(s.void_reason, '') AS void_reason,
       CASE WHEN s.service_code = 'htn_followup' THEN (s.data::jsonb ->> 'sbp')::double precision END AS sbp,
       CASE WHEN s.service_code = 'htn_followup' THEN (s.data::jsonb ->> 'dbp')::double precision END AS dbp
FROM svc_csv s JOIN res r USING (record_no);

CREATE TABLE pop (code text, year int, population bigint);
\copy pop FROM '@DIR@/populations.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE cat (code text, category text, points numeric);
\copy cat FROM '@DIR@/catalogue.csv' WITH (FORMAT csv, HEADER true)

DROP TABLE ou_csv, res_csv, enr_csv, con_csv, svc_csv;
ANALYZE;
