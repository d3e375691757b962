#!/bin/sh
# Installs npm dependencies when node_modules is missing or older than package-lock.json.
# Run by `npm test` and `npm run up`; prints nothing when there is nothing to do.
set -eu
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "bootstrap: npm is not on PATH; install Node.js 20.19+ (with npm) first." >&2
  exit 1
fi

marker=node_modules/.package-lock.json
# `find -newer` is the POSIX way to compare modification times.
if [ ! -f "$marker" ] || [ -n "$(find package-lock.json -newer "$marker")" ]; then
  echo "bootstrap: installing npm dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi
