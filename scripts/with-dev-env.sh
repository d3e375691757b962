#!/bin/sh
# Runs a command with the settings of a running `npm run up` (.data/env, KEY=value per line):
#   sh scripts/with-dev-env.sh <command> [args...]
# Only variables that are not already set are taken from the file, so the environment wins.
# Without the file, or when the `npm run up` that wrote it is gone, the command runs unchanged.
# Used by `npm run cli` only; the apps themselves never read the file.
set -eu
file="$(dirname "$0")/../.data/env"

if [ -f "$file" ]; then
  pid=$(sed -n '1s/^# written by npm run up, pid \([0-9][0-9]*\).*/\1/p' "$file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    loaded=""
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        '' | '#'*) continue ;;
        *=*) ;;
        *) continue ;;
      esac
      key=${line%%=*}
      value=${line#*=}
      case "$key" in
        '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;;
      esac
      # Set (even to empty) in the environment: keep it.
      if eval "[ -n \"\${$key+set}\" ]"; then continue; fi
      export "$key=$value"
      loaded="$loaded $key"
    done < "$file"
    [ -z "$loaded" ] || echo "with-dev-env: from .data/env (npm run up, pid $pid):$loaded" >&2
  else
    echo "with-dev-env: ignoring .data/env: the npm run up that wrote it (pid ${pid:-unknown}) is not running" >&2
  fi
fi

exec "$@"
