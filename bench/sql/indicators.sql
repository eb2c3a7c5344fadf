-- The standard indicator set for every org unit (levels 2-5: city, county,
-- township, village) and every month, from the loaded tables (load_pg.sql /
-- load_duckdb.sql). Portable: the same text runs in PostgreSQL 15 and DuckDB.
-- @TODAY@ and @MONTHS@ are replaced by the runner.
--
-- The definitions are yilian's (src/indicator/contribution.h, analytics.h,
-- data/indicators/indicators.json), restated independently in SQL:
--   a stock is counted on the month's last day (or today, for the running
--   month), a flow over the month's days up to today; a resident counts in
--   their current village and every unit above it;
--   records        recorded <= d < gone (recorded: max(birth, record date);
--                  gone: the status date of a deceased, moved-out or merged
--                  resident, never for an active one)
--   contracted     a contract in force on d (start <= d < min(end + 1,
--                  terminated)) while a record
--   population     the statistical population of the unit for d's year, else
--                  the sum over its active child units, else the residents
--                  present on d (birth <= d < gone)
--   htn_managed    a hypertension enrolment open on d while a record
--   htn_standard   managed, and the valid htn follow-ups from Jan 1 to d reach
--                  the quarter's number (1 in Q1 ... 4 in Q4)
--   htn_controlled managed, and the latest follow-up with a classifiable
--                  reading on or before d (by date, then record order) was
--                  controlled: SBP < 140 and DBP < 90 (either at or over the
--                  bound: uncontrolled; a reading missing and none over:
--                  not classifiable, skipped)
--   elderly        a record and 65 or older on d
--   elderly_served elderly, and a valid elderly check from Jan 1 to d
--   services       valid services in the month up to today
--   work points    catalogue points of valid, verified (dual card or face)
--                  services in the month up to today

DROP TABLE IF EXISTS months;
CREATE TABLE months AS
WITH p AS (SELECT CAST('@TODAY@' AS DATE) AS today),
k AS (
  SELECT p.today,
         CAST(extract(year FROM p.today) AS INTEGER) * 12 + CAST(extract(month FROM p.today) AS INTEGER) - 1
           - (@MONTHS@ - 1) + t.i AS k
  FROM p, generate_series(0, @MONTHS@ - 1) AS t(i)),
ym AS (
  SELECT today, CAST(floor(k / 12.0) AS INTEGER) AS y, k - 12 * CAST(floor(k / 12.0) AS INTEGER) + 1 AS m
  FROM k)
SELECT y, m, y * 100 + m AS pe, make_date(y, m, 1) AS mstart,
       least(make_date(CASE WHEN m = 12 THEN y + 1 ELSE y END, CASE WHEN m = 12 THEN 1 ELSE m + 1 END, 1) - 1,
             today) AS d,
       make_date(y, 1, 1) AS jan1,
       CAST(floor((m - 1) / 3.0) AS INTEGER) + 1 AS q
FROM ym;
-- (d's month and day, for ages)
DROP TABLE IF EXISTS md;
CREATE TABLE md AS
SELECT pe, y, m, mstart, d, jan1, q,
       CAST(extract(month FROM d) AS INTEGER) * 100 + CAST(extract(day FROM d) AS INTEGER) AS dmd
FROM months;

DROP TABLE IF EXISTS rd;
CREATE TABLE rd AS
SELECT id, village_code AS village, birth_date AS birth,
       greatest(birth_date, coalesce(record_date, birth_date)) AS recorded,
       CASE WHEN status = 'active' THEN NULL ELSE coalesce(status_date, birth_date) END AS gone,
       CAST(extract(year FROM birth_date) AS INTEGER) AS byear,
       CAST(extract(month FROM birth_date) AS INTEGER) * 100 + CAST(extract(day FROM birth_date) AS INTEGER) AS bmd
FROM res;

-- The first valid elderly check of each resident in each year.
DROP TABLE IF EXISTS ec;
CREATE TABLE ec AS
SELECT rid, CAST(extract(year FROM service_date) AS INTEGER) AS y, min(service_date) AS first_day
FROM svc WHERE void_reason IS NULL AND service_code = 'elderly_check'
GROUP BY 1, 2;

-- Residents, records, elderly and elderly served, per village and month.
DROP TABLE IF EXISTS v_base;
CREATE TABLE v_base AS
SELECT r.village, m.pe,
       count(*) AS residents,
       count(*) FILTER (WHERE r.recorded <= m.d) AS records,
       count(*) FILTER (WHERE r.recorded <= m.d
                          AND m.y - r.byear - CASE WHEN m.dmd < r.bmd THEN 1 ELSE 0 END >= 65) AS elderly,
       count(*) FILTER (WHERE r.recorded <= m.d
                          AND m.y - r.byear - CASE WHEN m.dmd < r.bmd THEN 1 ELSE 0 END >= 65
                          AND e.first_day <= m.d) AS elderly_served
FROM rd r
JOIN md m ON r.birth <= m.d AND (r.gone IS NULL OR m.d < r.gone)
LEFT JOIN ec e ON e.rid = r.id AND e.y = m.y
GROUP BY 1, 2;

-- Contracted residents per village and month.
DROP TABLE IF EXISTS v_contracted;
CREATE TABLE v_contracted AS
SELECT r.village, m.pe, count(DISTINCT r.id) AS contracted
FROM con k
JOIN rd r ON r.id = k.rid
JOIN md m ON k.start_date <= m.d
         AND m.d < least(k.end_date + 1, coalesce(k.terminated_on, k.end_date + 1))
WHERE r.recorded <= m.d AND (r.gone IS NULL OR m.d < r.gone)
GROUP BY 1, 2;

-- Hypertension patients managed on each month's day.
DROP TABLE IF EXISTS hm;
CREATE TABLE hm AS
SELECT DISTINCT r.id, r.village, m.pe, m.d, m.jan1, m.q
FROM enr e
JOIN rd r ON r.id = e.rid
JOIN md m ON e.enrolled_on <= m.d AND (e.discharged_on IS NULL OR m.d < e.discharged_on)
WHERE e.program = 'hypertension' AND r.recorded <= m.d AND (r.gone IS NULL OR m.d < r.gone);

DROP TABLE IF EXISTS fu;
CREATE TABLE fu AS
SELECT id, rid, service_date AS day, sbp, dbp
FROM svc WHERE void_reason IS NULL AND service_code = 'htn_followup';

-- Follow-ups from Jan 1 to the day.
DROP TABLE IF EXISTS hs;
CREATE TABLE hs AS
SELECT h.id, h.pe, count(f.id) AS n_ytd
FROM hm h LEFT JOIN fu f ON f.rid = h.id AND f.day >= h.jan1 AND f.day <= h.d
GROUP BY 1, 2;

-- Each classifiable follow-up holds from its day until the next one.
DROP TABLE IF EXISTS ctl;
CREATE TABLE ctl AS
SELECT rid, day AS since,
       coalesce(lead(day) OVER (PARTITION BY rid ORDER BY day, id), CAST('9999-12-31' AS DATE)) AS until, ok
FROM (SELECT id, rid, day,
             CASE WHEN sbp >= 140 OR dbp >= 90 THEN 0
                  WHEN sbp IS NOT NULL AND dbp IS NOT NULL THEN 1 END AS ok
      FROM fu) c
WHERE ok IS NOT NULL;

DROP TABLE IF EXISTS v_htn;
CREATE TABLE v_htn AS
SELECT h.village, h.pe, count(*) AS htn_managed,
       count(*) FILTER (WHERE s.n_ytd >= h.q) AS htn_standard,
       count(c.rid) AS htn_controlled
FROM hm h
JOIN hs s ON s.id = h.id AND s.pe = h.pe
LEFT JOIN ctl c ON c.rid = h.id AND c.ok = 1 AND c.since <= h.d AND h.d < c.until
GROUP BY 1, 2;

-- Services and work points per village and month.
DROP TABLE IF EXISTS v_flow;
CREATE TABLE v_flow AS
SELECT r.village, m.pe, count(*) AS services,
       sum(CASE WHEN s.verification IN ('dual_card', 'face') THEN c.points ELSE 0 END) AS points
FROM svc s
JOIN rd r ON r.id = s.rid
JOIN md m ON m.y = CAST(extract(year FROM s.service_date) AS INTEGER)
         AND m.m = CAST(extract(month FROM s.service_date) AS INTEGER)
         AND s.service_date <= m.d
LEFT JOIN cat c ON c.code = s.service_code
WHERE s.void_reason IS NULL
GROUP BY 1, 2;

DROP TABLE IF EXISTS ve;
CREATE TABLE ve AS
SELECT village, pe, sum(residents) AS residents, sum(records) AS records, sum(elderly) AS elderly,
       sum(elderly_served) AS elderly_served, sum(contracted) AS contracted,
       sum(htn_managed) AS htn_managed, sum(htn_standard) AS htn_standard,
       sum(htn_controlled) AS htn_controlled, sum(services) AS services, sum(points) AS points
FROM (
  SELECT village, pe, residents, records, elderly, elderly_served, 0 AS contracted, 0 AS htn_managed,
         0 AS htn_standard, 0 AS htn_controlled, 0 AS services, 0 AS points FROM v_base
  UNION ALL SELECT village, pe, 0, 0, 0, 0, contracted, 0, 0, 0, 0, 0 FROM v_contracted
  UNION ALL SELECT village, pe, 0, 0, 0, 0, 0, htn_managed, htn_standard, htn_controlled, 0, 0 FROM v_htn
  UNION ALL SELECT village, pe, 0, 0, 0, 0, 0, 0, 0, 0, services, points FROM v_flow
) x
GROUP BY 1, 2;

-- Every village's chain of units (itself, township, county, city). Built
-- from one row per village: DuckDB 1.5.6 answered a UNION ALL of the
-- multi-join forms wrongly (the city branch returned the county's code).
DROP TABLE IF EXISTS chain;
CREATE TABLE chain AS
SELECT v.code AS village, p.code AS l4, g.code AS l3, gg.code AS l2
FROM ou v
LEFT JOIN ou p ON p.code = v.parent_code
LEFT JOIN ou g ON g.code = p.parent_code
LEFT JOIN ou gg ON gg.code = g.parent_code
WHERE v.level = 5;
DROP TABLE IF EXISTS anc;
CREATE TABLE anc AS
SELECT village, village AS unit FROM chain
UNION ALL SELECT village, l4 FROM chain WHERE l4 IS NOT NULL
UNION ALL SELECT village, l3 FROM chain WHERE l3 IS NOT NULL
UNION ALL SELECT village, l2 FROM chain WHERE l2 IS NOT NULL;

DROP TABLE IF EXISTS units;
CREATE TABLE units AS
SELECT code, level, parent_code FROM ou WHERE status = 'active' AND level BETWEEN 2 AND 5;

-- Every unit and month, with its elements (0 where nothing was counted).
DROP TABLE IF EXISTS grid;
CREATE TABLE grid AS
SELECT u.code, u.level, u.parent_code, m.pe, m.y,
       coalesce(e.residents, 0) AS residents, coalesce(e.records, 0) AS records,
       coalesce(e.elderly, 0) AS elderly, coalesce(e.elderly_served, 0) AS elderly_served,
       coalesce(e.contracted, 0) AS contracted, coalesce(e.htn_managed, 0) AS htn_managed,
       coalesce(e.htn_standard, 0) AS htn_standard, coalesce(e.htn_controlled, 0) AS htn_controlled,
       coalesce(e.services, 0) AS services, coalesce(e.points, 0) AS points
FROM units u CROSS JOIN md m
LEFT JOIN (
  SELECT a.unit, v.pe, sum(v.residents) AS residents, sum(v.records) AS records,
         sum(v.elderly) AS elderly, sum(v.elderly_served) AS elderly_served,
         sum(v.contracted) AS contracted, sum(v.htn_managed) AS htn_managed,
         sum(v.htn_standard) AS htn_standard, sum(v.htn_controlled) AS htn_controlled,
         sum(v.services) AS services, sum(v.points) AS points
  FROM ve v JOIN anc a ON a.village = v.village
  GROUP BY 1, 2) e ON e.unit = u.code AND e.pe = m.pe;

-- Population: given, else the sum over active children, else residents.
DROP TABLE IF EXISTS popu;
CREATE TABLE popu AS
SELECT g.code, g.pe, CAST(coalesce(p.population, g.residents) AS BIGINT) AS pop
FROM grid g LEFT JOIN pop p ON p.code = g.code AND p.year = g.y
WHERE g.level = 5;
INSERT INTO popu
SELECT g.code, g.pe, CAST(coalesce(p.population, c.s, g.residents) AS BIGINT)
FROM grid g LEFT JOIN pop p ON p.code = g.code AND p.year = g.y
LEFT JOIN (SELECT u.parent_code, x.pe, sum(x.pop) AS s FROM popu x JOIN units u ON u.code = x.code
           WHERE u.level = 5 GROUP BY 1, 2) c ON c.parent_code = g.code AND c.pe = g.pe
WHERE g.level = 4;
INSERT INTO popu
SELECT g.code, g.pe, CAST(coalesce(p.population, c.s, g.residents) AS BIGINT)
FROM grid g LEFT JOIN pop p ON p.code = g.code AND p.year = g.y
LEFT JOIN (SELECT u.parent_code, x.pe, sum(x.pop) AS s FROM popu x JOIN units u ON u.code = x.code
           WHERE u.level = 4 GROUP BY 1, 2) c ON c.parent_code = g.code AND c.pe = g.pe
WHERE g.level = 3;
INSERT INTO popu
SELECT g.code, g.pe, CAST(coalesce(p.population, c.s, g.residents) AS BIGINT)
FROM grid g LEFT JOIN pop p ON p.code = g.code AND p.year = g.y
LEFT JOIN (SELECT u.parent_code, x.pe, sum(x.pop) AS s FROM popu x JOIN units u ON u.code = x.code
           WHERE u.level = 3 GROUP BY 1, 2) c ON c.parent_code = g.code AND c.pe = g.pe
WHERE g.level = 2;

DROP TABLE IF EXISTS figures;
CREATE TABLE figures AS
SELECT 'records' AS indicator, code AS ou, pe, CAST(records AS DOUBLE PRECISION) AS numerator,
       CAST(NULL AS DOUBLE PRECISION) AS denominator FROM grid
UNION ALL SELECT 'contracted', code, pe, contracted, NULL FROM grid
UNION ALL SELECT 'contract_rate', g.code, g.pe, g.contracted, p.pop
  FROM grid g JOIN popu p ON p.code = g.code AND p.pe = g.pe
UNION ALL SELECT 'htn_managed', code, pe, htn_managed, NULL FROM grid
UNION ALL SELECT 'htn_standard_rate', code, pe, htn_standard, htn_managed FROM grid
UNION ALL SELECT 'htn_control_rate', code, pe, htn_controlled, htn_managed FROM grid
UNION ALL SELECT 'elderly_management_rate', code, pe, elderly_served, elderly FROM grid
UNION ALL SELECT 'services', code, pe, services, NULL FROM grid
UNION ALL SELECT 'work_points', code, pe, points, NULL FROM grid;
