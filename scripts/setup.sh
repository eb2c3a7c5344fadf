#!/usr/bin/env bash
# Installs the Debian packages yilian needs to build, test and benchmark.
# Idempotent: when everything is present it only checks and returns quickly.
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build clang libclang-rt-14-dev clang-format clang-tidy
  libboost-dev libboost-system-dev nlohmann-json3-dev libsqlite3-dev libpq-dev
  libsodium-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev libxlsxwriter-dev zlib1g-dev
  libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 wrk curl ca-certificates sqlite3 bc
  chromium fonts-noto-cjk
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all build packages present"
fi
