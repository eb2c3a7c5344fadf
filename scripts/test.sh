#!/usr/bin/env bash
# The README's second command: build and run every test.
#   1. unit + integration tests (ctest) on the release build
#   2. the same tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#   3. time-bounded libFuzzer runs of every parser of outside input
#   4. the web app's build, its unit tests and browser tests (Debian's
#      chromium driven by playwright-core) against a real `yilian serve`
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
# Minutes and seconds since the start, so a slow stage shows in CI's log.
elapsed() { local s=$(($(date +%s) - START)); printf '%d:%02d' $((s / 60)) $((s % 60)); }
bash scripts/setup.sh
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
export YILIAN_LOG_LEVEL=warn

# A throwaway PostgreSQL cluster for the PostgreSQL backend tests.
PGDIR=$(mktemp -d /tmp/yilian-pg.XXXXXX)
chmod 755 "$PGDIR"
export YILIAN_TEST_PG_URI=$(bash scripts/pg_cluster.sh start "$PGDIR/cluster" "${PGPORT:-55433}")
trap 'bash scripts/pg_cluster.sh stop "$PGDIR/cluster"; rm -rf "$PGDIR"' EXIT

echo "== release build and tests [$(elapsed)]"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build -j "$JOBS"
ctest --test-dir build --output-on-failure -j "$JOBS" --timeout 300 | tee build/ctest.log

echo "== sanitizer build (ASan + UBSan) and tests [$(elapsed)]"
# clang at -O0 with line tables only: half the compile time of gcc with full
# debug info, and sanitizer reports still carry file and line.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DYILIAN_SANITIZE=ON \
  -DYILIAN_BENCH=OFF -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DCMAKE_C_FLAGS_DEBUG="-O0 -gline-tables-only" >/dev/null
ninja -C build-asan -j "$JOBS" yilian yilian_unit_tests yilian_integration_tests
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$JOBS" --timeout 600 | tee build-asan/ctest.log

echo "== fuzz tests (${FUZZ_SECONDS}s each) [$(elapsed)]"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DYILIAN_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
ninja -C build-fuzz -j "$JOBS"
# One fuzzer per core at a time; each writes its own log and exit status.
fuzz_one() {
  local f=$1 name corpus
  name=$(basename "$f")
  corpus=build-fuzz/corpus/$name
  mkdir -p "$corpus"
  [ -d "tests/fuzz-seeds/$name" ] && cp -n tests/fuzz-seeds/"$name"/* "$corpus"/ 2>/dev/null || true
  local rc=0
  "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" \
    >"build-fuzz/$name.log" 2>&1 || rc=$?
  echo "$rc" >"build-fuzz/$name.rc"
}
running=0
for f in build-fuzz/*_fuzz; do
  fuzz_one "$f" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
done
wait
fuzz_pass=0
fuzz_fail=0
for f in build-fuzz/*_fuzz; do
  name=$(basename "$f")
  if [ "$(cat "build-fuzz/$name.rc")" = 0 ]; then
    echo "fuzz $name: ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "build-fuzz/$name.log" | awk '{print $2}') runs)"
    fuzz_pass=$((fuzz_pass + 1))
  else
    echo "fuzz $name: FAILED"; tail -40 "build-fuzz/$name.log"
    fuzz_fail=$((fuzz_fail + 1))
  fi
done
echo "fuzz: $fuzz_pass passed, $fuzz_fail failed"
[ "$fuzz_fail" -eq 0 ]

echo "== web app build, unit and browser tests [$(elapsed)]"
bash scripts/build_web.sh
mkdir -p build/browser-screenshots
# Each browser test file starts its own `yilian serve --demo` on a free port.
(cd web && timeout 420 node --test --test-concurrency=1 --test-timeout=170000 \
  test/unit/ ../tests/browser/) | tee build/web-tests.log
web_pass=$(grep -Eo '^(# |ℹ )pass [0-9]+' build/web-tests.log | awk '{print $NF}')
web_fail=$(grep -Eo '^(# |ℹ )fail [0-9]+' build/web-tests.log | awk '{print $NF}')
[ "${web_fail:-1}" -eq 0 ]
echo "screenshots of the main screens: build/browser-screenshots/"
echo "web: $web_pass passed, $web_fail failed"

ran() { grep -o 'tests passed, 0 tests failed out of [0-9]*' "$1" | awk '{print $NF}'; }
total=$(($(ran build/ctest.log) + $(ran build-asan/ctest.log) + fuzz_pass + web_pass))
echo "== every test passed (release, sanitizer build, fuzzers, web app) [$(elapsed)]"
echo "all: $total passed, 0 failed"
