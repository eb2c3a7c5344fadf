#!/usr/bin/env bash
# The benchmark suite (see BENCHMARKS.md): one command, peers in the same run.
#   bench/run.sh                                  # a city of 3,000,000 residents
#   RESIDENTS=300000 KIND=county bench/run.sh     # a county, quicker
# Knobs: TODAY (the generated data's "today", default today's date: the
# server's worklists and analytics use the real date), MONTHS (24),
# SERVICE_ROWS (the services import sample, 500000), WRK_SECONDS (15),
# IDLE (5000 idle keep-alive connections), BUILD=0 (skip scripts/build.sh).
#
# Peers: PostgreSQL 15 on a throwaway cluster (scripts/pg_cluster.sh, Unix
# socket, fsync on) and DuckDB (npm @duckdb/node-api under the machine's
# Node). Everything stays on loopback; results go to bench/out/results.md
# (and bench/out/results-KIND-RESIDENTS.md); logs to bench/out/KIND-RESIDENTS/.
set -euo pipefail
cd "$(dirname "$0")/.."
RESIDENTS=${RESIDENTS:-3000000}
KIND=${KIND:-city}
TODAY=${TODAY:-$(date +%F)}
MONTHS=${MONTHS:-24}
SERVICE_ROWS=${SERVICE_ROWS:-500000}
WRK_SECONDS=${WRK_SECONDS:-15}
IDLE=${IDLE:-5000}
PGPORT=${PGPORT:-55432}
HTTP_PORT=${HTTP_PORT:-18080}
OUT=bench/out
RUN=$OUT/$KIND-$RESIDENTS
CSV=$RUN/csv
mkdir -p "$RUN" "$CSV"
if [ "${BUILD:-1}" = 1 ]; then
  bash scripts/build.sh >"$RUN/build.log" 2>&1 || echo "build failed (see $RUN/build.log); using the binaries in build/" >&2
fi
Y=build/yilian
for b in $Y build/live_bench build/resident_lookup_bench build/idle_clients; do
  [ -x "$b" ] || { echo "missing $b: run scripts/build.sh" >&2; exit 2; }
done
[ -d bench/duckdb/node_modules/@duckdb/node-api ] || (cd bench/duckdb && npm ci --no-audit --no-fund >/dev/null)

results=$OUT/results-$KIND-$RESIDENTS.md
: >"$results"
log() { echo "$*" | tee -a "$results"; }
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# The value of key=value in a line.
val() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }
div() { echo "scale=${3:-2}; $1 / $2" | bc -l | sed 's/^\./0./'; }

SERVER_PID=
PG_STARTED=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$PG_STARTED" ] && bash scripts/pg_cluster.sh stop "$PWD/$RUN/pg" || true
}
trap cleanup EXIT

log "# yilian benchmarks — $(date -u +%Y-%m-%dT%H:%MZ)"
log ""
log "$KIND of $RESIDENTS residents, today $TODAY; $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB;" \
  "$(sed -n 's/model name\s*: //p' /proc/cpuinfo | head -1); yilian $(git rev-parse --short HEAD)" \
  "($(git status --porcelain -- src | wc -l) files changed in src/ by others at the time)."
log "load average at the start: $(load)"
log ""

# 1. The data (deterministic for the seed and TODAY; kept between runs).
SRC=$OUT/source-$KIND-$RESIDENTS-$TODAY.db
if [ ! -f "$SRC" ]; then
  t0=$(now)
  $Y generate --db "$SRC" --kind "$KIND" --residents "$RESIDENTS" --seed 1 --today "$TODAY" >"$RUN/generate.log" 2>&1
  t1=$(now)
  log "generate: $(tail -1 "$RUN/generate.log" | cut -c1-400)"
  log "generate: $(div "$(echo "$t1 - $t0" | bc)" 1 0) s wall"
fi
for k in org_units households residents enrolments contracts services; do
  $Y export --db "$SRC" --kind $k --no-bom --out "$CSV/$k.csv" 2>/dev/null
done
sqlite3 -header -csv "$SRC" "SELECT org_unit_code AS code, year, population FROM org_unit_populations ORDER BY 1, 2" >"$CSV/populations.csv"
node -e '
const d = JSON.parse(require("fs").readFileSync("data/catalogue/services.json", "utf8"));
console.log("code,category,points");
for (const i of d.items) console.log([i.code, i.category, i.points].join(","));' >"$CSV/catalogue.csv"
rows() { echo $(($(wc -l <"$1") - 1)); }
log "data: $(rows "$CSV/residents.csv") residents, $(rows "$CSV/enrolments.csv") enrolments," \
  "$(rows "$CSV/contracts.csv") contracts, $(rows "$CSV/services.csv") service records," \
  "$(rows "$CSV/org_units.csv") org units; database $(du -m "$SRC" | cut -f1) MB;" \
  "CSVs $(du -cm "$CSV"/*.csv | tail -1 | cut -f1) MB"
log ""

PGURI=$(bash scripts/pg_cluster.sh start "$PWD/$RUN/pg" "$PGPORT")
PG_STARTED=1
$Y init --db "$PGURI" >/dev/null
log "PostgreSQL: $(psql -Atq "$PGURI" -c 'SHOW server_version') (fsync on, synchronous_commit on, Unix socket)"
log ""

# 2. Issue 2: bulk import of residents, durable, vs PostgreSQL COPY of the same file.
log "## Residents: bulk import (issue 2)"
log ""
rm -f "$RUN/import.db"*
$Y import --db "$RUN/import.db" --kind org_units "$CSV/org_units.csv" >"$RUN/import-prereq.log" 2>&1
$Y import --db "$RUN/import.db" --kind households "$CSV/households.csv" >>"$RUN/import-prereq.log" 2>&1
sync
n=$(rows "$CSV/residents.csv")
t0=$(now)
$Y import --db "$RUN/import.db" --kind residents "$CSV/residents.csv" >"$RUN/import-residents.log" 2>&1
t1=$(now)
ours=$(echo "$t1 - $t0" | bc)
sync
psql -q "$PGURI" -c "ALTER TABLE residents ALTER created_at SET DEFAULT now()::text, ALTER updated_at SET DEFAULT now()::text, ALTER version SET DEFAULT 1; ALTER TABLE residents RENAME fp_special TO family_planning_special;"
cols=$(head -1 "$CSV/residents.csv")
t0=$(now)
psql -q "$PGURI" -c "\\copy residents($cols) FROM '$CSV/residents.csv' WITH (FORMAT csv, HEADER true)"
t1=$(now)
pg=$(echo "$t1 - $t0" | bc)
log "- yilian import (validated line by line, duplicate detection, record numbers, durable): $n residents in $(div "$ours" 1) s = **$(div "$n" "$ours" 0) rows/s**"
log "- PostgreSQL COPY of the same file into the same table and indexes: $(div "$pg" 1) s = $(div "$n" "$pg" 0) rows/s"
log "- ratio yilian / COPY throughput: **$(div "$pg" "$ours")** (load $(load))"
log ""

# 3. Issue 4: bulk import of service records vs PostgreSQL COPY of the same rows.
#    The sample: the first SERVICE_ROWS records of the export (whole
#    residents), imported into a copy of the database from which exactly
#    those records were deleted, so every check (enrolments, contracts,
#    practitioners, teams) sees the full city.
log "## Service records: bulk import (issue 4)"
log ""
head -n $((SERVICE_ROWS + 1)) "$CSV/services.csv" >"$RUN/services-head.csv"
last=$(tail -1 "$RUN/services-head.csv" | cut -d, -f1)
total=$(rows "$CSV/services.csv")
if [ "$total" -le "$SERVICE_ROWS" ]; then
  cp "$CSV/services.csv" "$RUN/services-sample.csv"
  rid_max=$(sqlite3 "$SRC" "SELECT max(id) FROM residents")
else
  grep -v "^$last," "$RUN/services-head.csv" >"$RUN/services-sample.csv"
  rid_max=$(($(sqlite3 "$SRC" "SELECT id FROM residents WHERE record_no = '$last'") - 1))
fi
rm -f "$RUN/services-head.csv"
ns=$(rows "$RUN/services-sample.csv")
scols="resident_id,service_code,service_date,village_code,facility_id,practitioner_id,team_id,verification,points_centi,enrolment_id,contract_id,data,sbp,dbp,fbg,risk_level,classification,condition_code,next_visit_date,referral,adverse_reaction,status,void_reason,recorded_by,created_at,updated_at,version"
sqlite3 -csv "$SRC" "SELECT $scols FROM service_records WHERE resident_id <= $rid_max ORDER BY id" >"$RUN/services-rows.csv"
SERVE_DB=$RUN/serve.db
rm -f "$SERVE_DB"*
cp "$SRC" "$SERVE_DB"
sqlite3 "$SERVE_DB" "DELETE FROM service_records WHERE resident_id <= $rid_max"
sync
t0=$(now)
$Y import --db "$SERVE_DB" --kind services "$RUN/services-sample.csv" >"$RUN/import-services.log" 2>&1
t1=$(now)
ours=$(echo "$t1 - $t0" | bc)
sync
t0=$(now)
psql -q "$PGURI" -c "\\copy service_records($scols) FROM '$RUN/services-rows.csv' WITH (FORMAT csv)"
t1=$(now)
pg=$(echo "$t1 - $t0" | bc)
log "- sample: $ns of $total service records (those of residents 1–$rid_max); the rest of the area already in the database"
log "- yilian import (form validation, resident/enrolment/practitioner/team checks, work points, durable): $(div "$ns" "$ours" 0) records/s ($(div "$ours" 1) s); $(grep -o 'summary:.*' "$RUN/import-services.log" | cut -c1-120)"
log "- PostgreSQL COPY of the same rows as stored (resolved ids, readings, points) into service_records with its 3 indexes: $(div "$ns" "$pg" 0) records/s ($(div "$pg" 1) s)"
log "- ratio yilian / COPY throughput: **$(div "$pg" "$ours")** (load $(load))"
log ""

# 4. In process: resident lookups (Google Benchmark).
log "## In-process resident lookups (issue 2)"
log ""
YILIAN_BENCH_DB="$SRC" build/resident_lookup_bench --benchmark_min_time=2 --benchmark_format=console \
  >"$RUN/lookup.txt" 2>&1 || true
log '```'
grep -E "^BM_|^Benchmark|residents, sample|Load Average" "$RUN/lookup.txt" | tee -a "$results"
log '```'
log ""

# 5. In process: the live state, indicator queries, worklists, full recompute.
log "## Live state, indicators and worklists in process (issues 4, 5)"
log ""
# --cube-only: the indicator cube is also rebuilt alone (the computation the
# SQL engines do: no worklists, no work-point ledger) and its figures written.
build/live_bench --db "$SRC" --today "$TODAY" --months "$MONTHS" --figures "$RUN/figures-yilian.csv" \
  --cube-figures "$RUN/figures-yilian-cube.csv" --queries 20000 --budget 10 --cube-only 1 \
  >"$RUN/live.txt" 2>"$RUN/live.err"
log '```'
tee -a "$results" <"$RUN/live.txt"
log '```'
log "(load $(load))"
log ""
rebuild=$(val seconds "$(grep '^live_rebuild:' "$RUN/live.txt")")
rebuild_cpu=$(val cpu_s "$(grep '^live_rebuild:' "$RUN/live.txt")")
evaluate=$(val evaluate_s "$(grep '^recompute_evaluate:' "$RUN/live.txt")")
evaluate_cpu=$(val evaluate_cpu_s "$(grep '^recompute_evaluate:' "$RUN/live.txt")")
cells=$(val cells "$(grep '^recompute_evaluate:' "$RUN/live.txt")")
ours=$(echo "$rebuild + $evaluate" | bc)
ours_cpu=$(echo "$rebuild_cpu + $evaluate_cpu" | bc)
cube=$(val seconds "$(grep '^cube_rebuild:' "$RUN/live.txt")")
cube_cpu=$(val cpu_s "$(grep '^cube_rebuild:' "$RUN/live.txt")")
cube_eval=$(val evaluate_s "$(grep '^cube_evaluate:' "$RUN/live.txt")")
cube_eval_cpu=$(val evaluate_cpu_s "$(grep '^cube_evaluate:' "$RUN/live.txt")")
ours_cube=$(echo "$cube + $cube_eval" | bc)
ours_cube_cpu=$(echo "$cube_cpu + $cube_eval_cpu" | bc)

# 6. The same recompute in DuckDB and in PostgreSQL SQL (bench/sql/).
log "## Full recompute of the standard set: yilian vs DuckDB vs PostgreSQL (issue 5)"
log ""
node bench/duckdb/indicators.mjs --dir "$CSV" --today "$TODAY" --months "$MONTHS" \
  --out "$RUN/figures-duckdb.csv" >"$RUN/duckdb.txt" 2>"$RUN/duckdb.err"
duck_load=$(val seconds "$(grep '^duckdb_load:' "$RUN/duckdb.txt")")
duck=$(val seconds "$(grep '^duckdb_compute:' "$RUN/duckdb.txt")")
duck_cpu=$(val cpu_s "$(grep '^duckdb_compute:' "$RUN/duckdb.txt")")
sed "s|@DIR@|$PWD/$CSV|g" bench/sql/load_pg.sql >"$RUN/load_pg.sql"
{
  echo '\set ON_ERROR_STOP 1'
  echo "SET search_path = ind; SET work_mem = '256MB'; SET client_min_messages = warning;"
  sed "s|@TODAY@|$TODAY|g; s|@MONTHS@|$MONTHS|g" bench/sql/indicators.sql
} >"$RUN/indicators_pg.sql"
t0=$(now)
psql -q "$PGURI" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f "$RUN/load_pg.sql" >"$RUN/pg-load.log" 2>&1
t1=$(now)
psql -q "$PGURI" -f "$RUN/indicators_pg.sql" >"$RUN/pg-compute.log" 2>&1
t2=$(now)
psql -q "$PGURI" -c "\\copy (SELECT indicator, ou, CAST(pe AS text) AS month, numerator, denominator FROM ind.figures ORDER BY 1, 2, 3) TO '$RUN/figures-pg.csv' WITH (FORMAT csv, HEADER true)"
pg_load=$(echo "$t1 - $t0" | bc)
pg=$(echo "$t2 - $t1" | bc)
log "The standard set — records, contracted, 签约率 (contract_rate, with population), htn_managed," \
  "高血压规范管理率 (quarter-progress definition), 高血压控制率, 老年人健康管理率, services, work points —" \
  "for every org unit (levels 2–5) and each of the $MONTHS months to $TODAY: $cells figures."
log ""
log "| | wall s | CPU s | what |"
log "|---|---|---|---|"
log "| yilian | $(div "$ours" 1) | $(div "$ours_cpu" 1) | live-state rebuild from the SQLite database ($(div "$rebuild" 1) s) + Analytics::Evaluate of every figure with last year, targets and ranks ($(div "$evaluate" 2) s) |"
log "| yilian, the cube alone | $(div "$ours_cube" 1) | $(div "$ours_cube_cpu" 1) | the indicator cube rebuilt alone from SQLite ($(div "$cube" 1) s: the same computation as the SQL, without the worklists and work-point ledger the live state also keeps) + the same evaluation ($(div "$cube_eval" 2) s) |"
log "| DuckDB $(sed -n 's/^duckdb: version=\([^ ]*\).*/\1/p' "$RUN/duckdb.txt") | $(div "$duck" 1) | $(div "$duck_cpu" 1) | bench/sql/indicators.sql over tables loaded from the CSVs (load: $(div "$duck_load" 1) s, not counted) |"
log "| PostgreSQL 15 | $(div "$pg" 1) | – | the same SQL over tables loaded from the same CSVs (load with COPY and ANALYZE: $(div "$pg_load" 1) s, not counted) |"
log ""
log "- ratio DuckDB time / yilian time: **$(div "$duck" "$ours")** (CPU: $(div "$duck_cpu" "$ours_cpu")); against the cube alone: **$(div "$duck" "$ours_cube")** (CPU: $(div "$duck_cpu" "$ours_cube_cpu"))"
log "- ratio PostgreSQL time / yilian time: **$(div "$pg" "$ours")**"
log "- agreement, every figure (numerator and denominator):"
log '```'
node bench/compare_figures.mjs "$RUN/figures-yilian.csv" "$RUN/figures-duckdb.csv" "$RUN/figures-pg.csv" 2>&1 | tee -a "$results" || true
node bench/compare_figures.mjs "$RUN/figures-yilian-cube.csv" "$RUN/figures-duckdb.csv" 2>&1 | tee -a "$results" || true
log '```'
log "(load $(load))"
log ""

bash scripts/pg_cluster.sh stop "$PWD/$RUN/pg"
PG_STARTED=

# 7. Over HTTP: yilian serve on the database with the imported sample.
log "## HTTP on loopback (wrk, $WRK_SECONDS s each, 2 wrk threads on the same 2 cores unless -t1 is shown)"
log ""
echo 'Perf#Load2026x' | $Y user create --db "$SERVE_DB" --username benchuser --role township_staff \
  --view-scope "$(sqlite3 "$SERVE_DB" "SELECT code FROM org_units WHERE level = 2 LIMIT 1")" --password-stdin >/dev/null
t0=$(now)
$Y serve --db "$SERVE_DB" --listen 127.0.0.1:$HTTP_PORT >"$RUN/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 3000); do grep -q "listening on" "$RUN/serve.log" && break; sleep 0.5; done
t1=$(now)
log "- start-up: $(grep -o 'live state:.*' "$RUN/serve.log" | head -1); listening after $(div "$(echo "$t1 - $t0" | bc)" 1 1) s; RSS $(($(ps -o rss= -p $SERVER_PID) / 1024)) MiB"
BASE=http://127.0.0.1:$HTTP_PORT
curl -s -c "$RUN/jar" -H 'Content-Type: application/json' -d '{"username":"benchuser","password":"Perf#Load2026x"}' $BASE/api/v1/auth/login >"$RUN/login.json"
CSRF=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).csrf_token)' "$RUN/login.json")
export YILIAN_TOKEN
YILIAN_TOKEN=$(curl -s -b "$RUN/jar" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d '{"name":"bench","days":1}' $BASE/api/v1/auth/tokens | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
# w CONNECTIONS PATHS [WRK_THREADS]
w() { wrk -t"${3:-2}" -c"$1" -d"${WRK_SECONDS}s" --timeout 10s -s bench/paths.lua $BASE -- "$2" | tail -1; }
P=$RUN/paths
mkdir -p "$P"
sqlite3 "$SERVE_DB" "SELECT '/api/v1/residents?id_number=' || id_number FROM residents WHERE id % 101 = 0 LIMIT 20000" >"$P/ids.txt"
sqlite3 "$SERVE_DB" "SELECT '/api/v1/residents/by-record-no/' || record_no FROM residents WHERE id % 101 = 0 LIMIT 20000" >"$P/record_nos.txt"
# Waits (at most 10 minutes) until the server answers promptly again: requests
# that wrk gave up on are still queued in the server after a slow run.
drain() {
  for _ in $(seq 1 600); do
    t=$(curl -s -o /dev/null -m 5 -w '%{time_total}' $BASE/api/v1/health || echo 9)
    [ "$(echo "$t < 0.05" | bc)" = 1 ] && return 0
    sleep 1
  done
}
log "- lookup by record number, GET /residents/by-record-no/, wrk -c64: $(w 64 "$P/record_nos.txt") (load $(load))"
log "- lookup by record number, GET /residents/by-record-no/, wrk -c256: $(w 256 "$P/record_nos.txt") (load $(load))"
for c in 64 256; do
  drain
  log "- lookup by ID number, GET /residents?id_number=, wrk -c$c: $(w $c "$P/ids.txt") (load $(load))"
done
# wrk shares the 2 cores; with one thread it takes less of them from the server.
drain
log "- lookup by record number, wrk -t1 -c256: $(w 256 "$P/record_nos.txt" 1) (load $(load))"
drain
log "- lookup by ID number, wrk -t1 -c256: $(w 256 "$P/ids.txt" 1) (load $(load))"
drain
build/idle_clients 127.0.0.1 $HTTP_PORT "$IDLE" $((WRK_SECONDS * 2 + 40)) 1000 >"$RUN/idle.log" &
IDLE_PID=$!
sleep 10
log "- with $IDLE idle keep-alive connections held (from 127.0.0.2…, 1,000 per address: the server takes at most 2,048 per client address): $(head -1 "$RUN/idle.log")"
log "  - lookup by record number, wrk -c256: $(w 256 "$P/record_nos.txt"); server RSS $(($(ps -o rss= -p $SERVER_PID) / 1024)) MiB"
log "  - lookup by ID number, wrk -c256: $(w 256 "$P/ids.txt")"
drain
wait $IDLE_PID || true
log "  - $(tail -1 "$RUN/idle.log")"
year=${TODAY:0:4}
for level in 2 3 4 5; do
  sqlite3 "$SERVE_DB" "SELECT '/api/v1/analytics?dx=contract_rate&ou=' || code || '&pe=$year' FROM org_units WHERE level = $level AND status = 'active' ORDER BY random() LIMIT 2000" >"$P/analytics-$level.txt"
  name=$(echo "- city county township village" | cut -d' ' -f$level)
  log "- GET /analytics?dx=contract_rate&ou=<a $name>&pe=$year, wrk -c64: $(w 64 "$P/analytics-$level.txt")"
done
town=$(sed -n 's/^worklist township open: .* ou=\([0-9]*\) .*/\1/p' "$RUN/live.txt")
area=$(sed -n 's/^worklist area open: .* ou=\([0-9]*\) .*/\1/p' "$RUN/live.txt")
echo "/api/v1/worklist?ou=$town&on=$TODAY" >"$P/worklist-town.txt"
echo "/api/v1/worklist?ou=$area&on=$TODAY" >"$P/worklist-area.txt"
log "- GET /worklist?ou=<the township of ~30,000>, wrk -c16: $(w 16 "$P/worklist-town.txt")"
log "- GET /worklist?ou=<the whole $KIND>, wrk -c4: $(w 4 "$P/worklist-area.txt")"
sqlite3 -csv "$SERVE_DB" "SELECT r.id, r.village_code, s.practitioner_id, s.facility_id, coalesce(s.team_id, '')
  FROM residents r JOIN service_records s ON s.id = (SELECT max(id) FROM service_records x WHERE x.resident_id = r.id AND x.service_code = 'htn_followup')
  WHERE r.status = 'active' AND r.id % 7 = 0 AND r.id > $rid_max
    AND NOT EXISTS (SELECT 1 FROM service_records t WHERE t.resident_id = r.id AND t.service_date = '$TODAY')
    AND EXISTS (SELECT 1 FROM enrolments e WHERE e.resident_id = r.id AND e.program = 'hypertension' AND e.discharged_on IS NULL)
  LIMIT 200" >"$P/write-cases.csv"
node bench/write_visibility.mjs --url $BASE --token "$YILIAN_TOKEN" --cases "$P/write-cases.csv" --today "$TODAY" --count 200 \
  >"$RUN/writes.txt" 2>&1 || true
while read -r line; do log "- $line"; done <"$RUN/writes.txt"
log "- server RSS at the end: $(($(ps -o rss= -p $SERVER_PID) / 1024)) MiB (live state as printed at start-up above)"
log "- load average at the end: $(load)"
kill $SERVER_PID
wait $SERVER_PID 2>/dev/null || true
SERVER_PID=
cp "$results" $OUT/results.md
echo
echo "results in $results (and $OUT/results.md)"
