#!/usr/bin/env bash
# The README's first command: install what is missing, build, create the demo
# county on first run and serve the platform.
#   scripts/start.sh [--listen HOST:PORT] [--db PATH] [other `yilian serve` options]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh yilian
bash scripts/build_web.sh
exec build/yilian serve --db var/yilian.db --demo "$@"
