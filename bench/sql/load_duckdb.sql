-- DuckDB: the exported CSVs (yilian export; populations and the catalogue's
-- points written by bench/run.sh) into typed tables for indicators.sql.
-- @DIR@ is replaced by the runner. Ids follow the files' order (the export's
-- order: residents by id, services by resident, date and id).
CREATE OR REPLACE TABLE ou AS
SELECT code, CAST(level AS INTEGER) AS level, parent_code, status
FROM read_csv('@DIR@/org_units.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE res AS
SELECT row_number() OVER () AS id, record_no, sex, CAST(birth_date AS DATE) AS birth_date, village_code,
       status, CAST(status_date AS DATE) AS status_date, CAST(record_date AS DATE) AS record_date
FROM read_csv('@DIR@/residents.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE enr AS
SELECT r.id AS rid, e.program, CAST(e.enrolled_on AS DATE) AS enrolled_on,
       CAST(e.discharged_on AS DATE) AS discharged_on
FROM read_csv('@DIR@/enrolments.csv', header = true, all_varchar = true) e
JOIN res r ON r.record_no = e.record_no;

CREATE OR REPLACE TABLE con AS
SELECT r.id AS rid, CAST(k.start_date AS DATE) AS start_date, CAST(k.end_date AS DATE) AS end_date,
       CAST(k.terminated_on AS DATE) AS terminated_on
FROM read_csv('@DIR@/contracts.csv', header = true, all_varchar = true) k
JOIN res r ON r.record_no = k.record_no;

CREATE OR REPLACE TABLE svc AS
SELECT s.id, r.id AS rid, s.service_code, CAST(s.service_date AS DATE) AS service_date, s.verification,
       NULLIF(s.void_reason, '') AS void_reason,
       CASE WHEN s.service_code = 'htn_followup' THEN CAST(json_extract_string(s.data, '$.sbp') AS DOUBLE) END AS sbp,
       CASE WHEN s.service_code = 'htn_followup' THEN CAST(json_extract_string(s.data, '$.dbp') AS DOUBLE) END AS dbp
FROM (SELECT row_number() OVER () AS id, *
      FROM read_csv('@DIR@/services.csv', header = true, all_varchar = true)) s
JOIN res r ON r.record_no = s.record_no;

CREATE OR REPLACE TABLE pop AS
SELECT code, CAST(year AS INTEGER) AS year, CAST(population AS BIGINT) AS population
FROM read_csv('@DIR@/populations.csv', header = true, all_varchar = true);

CREATE OR REPLACE TABLE cat AS
SELECT code, category, CAST(points AS DECIMAL(18, 2)) AS points
FROM read_csv('@DIR@/catalogue.csv', header = true, all_varchar = true);
