#!/usr/bin/env bash
# Builds the web app (web/ → web/dist, served by `yilian serve`) when needed:
# `npm ci` when web/node_modules is missing or package-lock.json changed since
# the last install, then `npm run build` when a source is newer than web/dist.
# Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build_web: node and npm are needed to build the web app (Node.js >= 20.19)" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "build_web: Node.js $(node --version) is too old; Vite 7 needs >= 20.19" >&2
  exit 1
fi

stamp=node_modules/.yilian-package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "build_web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

if [ ! -f dist/index.html ] || [ -n "$(find src index.html vite.config.js package.json package-lock.json \
    -newer dist/index.html -print -quit 2>/dev/null)" ]; then
  echo "build_web: npm run build"
  npm run build --silent -- --logLevel warn
else
  echo "build_web: web/dist is up to date"
fi
