#!/bin/sh
# Runs a command with Scout's Node.js and npm dependencies in place:
#   sh scripts/bootstrap.sh <command> [args...]
# Node: the machine's own when its major line is at least the pinned one (.node-version);
# otherwise the pinned release, installed once from the npm registry (package node-<os>-<arch>,
# integrity checked by npm) into a per-user cache outside the clone, shared by every clone.
# Dependencies: `npm ci` when node_modules is missing or older than package-lock.json.
# Prints nothing when there is nothing to do.
set -eu
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  echo "bootstrap: npm is not on PATH; install Node.js with npm first (any version: the pinned one is fetched)." >&2
  exit 1
fi

pinned=$(tr -d ' \n\r' < .node-version)
current=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
if [ "${current%%.*}" -lt "${pinned%%.*}" ]; then
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "bootstrap: no Node.js $pinned package for $(uname -s); install Node.js $pinned yourself." >&2; exit 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "bootstrap: no Node.js $pinned package for $(uname -m); install Node.js $pinned yourself." >&2; exit 1 ;;
  esac
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/scout"
  home="$cache/node-v$pinned-$os-$arch"
  if [ ! -x "$home/bin/node" ]; then
    echo "bootstrap: Node.js $current is older than $pinned; installing $pinned into $home (once)..."
    mkdir -p "$cache"
    work=$(mktemp -d "$cache/.node-XXXXXX")
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "node-$os-$arch@$pinned" >/dev/null && tar xzf ./*.tgz)
    "$work/package/bin/node" -e 'process.exit(0)'
    rm -rf "$home"
    mv "$work/package" "$home"
  fi
  PATH="$home/bin:$PATH"
  export PATH
fi

marker=node_modules/.package-lock.json
# `find -newer` is the POSIX way to compare modification times.
if [ ! -f "$marker" ] || [ -n "$(find package-lock.json -newer "$marker")" ]; then
  echo "bootstrap: installing npm dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi

[ "$#" -eq 0 ] || exec "$@"
