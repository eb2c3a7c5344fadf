#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster for tests and benchmarks.
#   scripts/pg_cluster.sh start DIR PORT   → prints the connection URI
#   scripts/pg_cluster.sh stop DIR
# The cluster listens on a Unix socket in DIR only (no TCP). initdb refuses
# to run as root, so as root the cluster runs as the postgres system user.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
cmd=$1
dir=$(realpath -m "$2")
as=()
if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi
case "$cmd" in
  start)
    port=$3
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    "${as[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    "${as[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses='' -c fsync=on" start >/dev/null
    echo "postgresql://postgres@/postgres?host=$dir&port=$port"
    ;;
  stop)
    "${as[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
