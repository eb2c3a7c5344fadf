#!/usr/bin/env bash
# Benchmarks of the foundation (see BENCHMARKS.md). Peers run in the same run:
# PostgreSQL 15 COPY of the same file into the same table and indexes.
#   bench/run.sh                     # 3,000,000 residents (a city)
#   RESIDENTS=300000 bench/run.sh    # a county
# Everything stays on loopback; results go to bench/out/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RESIDENTS=${RESIDENTS:-3000000}
KIND=${KIND:-city}
OUT=bench/out
PGPORT=${PGPORT:-55432}
HTTP_PORT=${HTTP_PORT:-18080}
mkdir -p "$OUT"
bash scripts/build.sh
Y=build/yilian
results=$OUT/results.md
: >"$results"
log() { echo "$*" | tee -a "$results"; }
now() { date +%s.%N; }

log "# yilian benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $RESIDENTS residents ($KIND)"
log ""

# 1. Generation (deterministic for the seed).
SRC=$OUT/source-$KIND-$RESIDENTS.db
if [ ! -f "$SRC" ]; then
  t0=$(now)
  $Y generate --db "$SRC" --kind "$KIND" --residents "$RESIDENTS" --seed 1 --today 2024-06-30 >"$OUT/generate.log"
  t1=$(now)
  log "generate: $(tail -1 "$OUT/generate.log" | cut -c1-160)"
  log "generate: $(echo "$t1 - $t0" | bc) s wall"
fi
$Y export --db "$SRC" --kind org_units --out "$OUT/org_units.csv" 2>/dev/null
$Y export --db "$SRC" --kind residents --out "$OUT/residents.csv" --no-bom 2>/dev/null
rows=$(($(wc -l <"$OUT/residents.csv") - 1))
size=$(du -m "$OUT/residents.csv" | cut -f1)
log "residents.csv: $rows rows, ${size} MB"
log ""

# 2. Bulk import, durable, with validation and duplicate detection.
rm -f "$OUT/import.db"*
$Y import --db "$OUT/import.db" --kind org_units "$OUT/org_units.csv" >/dev/null 2>&1
sync
t0=$(now)
$Y import --db "$OUT/import.db" --kind residents "$OUT/residents.csv" 2>/dev/null | tee "$OUT/import.log"
t1=$(now)
ours=$(echo "$t1 - $t0" | bc)
log "yilian import: $rows residents in $ours s = $(echo "$rows / $ours" | bc) rows/s"

# 3. PostgreSQL COPY of the same file into the same schema (yilian init creates it).
PGURI=$(bash scripts/pg_cluster.sh start "$PWD/$OUT/pg" "$PGPORT")
SERVER_PID=
trap 'bash scripts/pg_cluster.sh stop "$PWD/$OUT/pg"; [ -n "$SERVER_PID" ] && kill $SERVER_PID 2>/dev/null || true' EXIT
$Y init --db "$PGURI" >/dev/null
psql -q "$PGURI" -c "ALTER TABLE residents ALTER created_at SET DEFAULT now()::text, ALTER updated_at SET DEFAULT now()::text, ALTER version SET DEFAULT 1; ALTER TABLE residents RENAME fp_special TO family_planning_special;" 
cols=$(head -1 "$OUT/residents.csv")
t0=$(now)
psql -q "$PGURI" -c "\\copy residents($cols) FROM '$OUT/residents.csv' WITH (FORMAT csv, HEADER true)"
t1=$(now)
pg=$(echo "$t1 - $t0" | bc)
log "PostgreSQL COPY: $rows residents in $pg s = $(echo "$rows / $pg" | bc) rows/s"
log "import ratio (PostgreSQL COPY time / yilian import time): $(echo "scale=2; $pg / $ours" | bc)"
log ""

# 4. Lookups in process.
YILIAN_BENCH_DB="$SRC" build/resident_lookup_bench --benchmark_min_time=2 \
  --benchmark_format=console 2>&1 | tee "$OUT/lookup.txt" | grep -E "^BM_|residents" | tee -a "$results"
log ""

# 5. HTTP lookups by ID number with wrk on loopback, then with 5,000 idle keep-alive connections held.
sqlite3 "$SRC" "SELECT id_number FROM residents WHERE id % 101 = 0 LIMIT 20000" >"$OUT/ids.txt" 2>/dev/null ||
  build/yilian export --db "$SRC" --kind residents --format csv --no-bom 2>/dev/null | awk -F, 'NR>1 && NR%101==0 {print $4}' | head -20000 >"$OUT/ids.txt"
$Y serve --db "$SRC" --listen 127.0.0.1:$HTTP_PORT >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q listening "$OUT/serve.log" && break; sleep 0.2; done
for c in 64 256; do
  r=$(wrk -t2 -c$c -d15s -s bench/lookup.lua http://127.0.0.1:$HTTP_PORT/ -- "$OUT/ids.txt" | tail -1)
  log "HTTP lookup by ID, wrk -t2 -c$c -d15s: $r"
done
build/idle_clients 127.0.0.1 $HTTP_PORT 5000 40 >"$OUT/idle.log" &
IDLE_PID=$!
sleep 8
r=$(wrk -t2 -c256 -d15s -s bench/lookup.lua http://127.0.0.1:$HTTP_PORT/ -- "$OUT/ids.txt" | tail -1)
log "HTTP lookup by ID with 5000 idle keep-alive connections held, wrk -c256: $r"
wait $IDLE_PID || true
log "$(cat "$OUT/idle.log" | tr '\n' ' ')"
log "server RSS: $(ps -o rss= -p $SERVER_PID) KiB"
echo
echo "results in $results"
