#!/usr/bin/env bash
# The served build, checked as people meet it: sets the platform up in a fresh var dir the way
# `make run` does (DEBUG off, whitenoise's manifest static storage after collectstatic, demo
# data, the worker), serves it, then crawls every same-site link as a visitor and as each demo
# login (`manage.py crawl`) and runs the API contract check when present. Any problem fails.
# Never touches var/ or a configured database: its own SQLite file lives in SERVED_CHECK_VAR_DIR
# (default: a new temporary dir, removed at the end). Used by `.ci/run` and `make crawl`.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT=${SERVED_CHECK_PORT:-8765}
BASE="http://127.0.0.1:$PORT"
if [ -n "${SERVED_CHECK_VAR_DIR:-}" ]; then
  var_dir=$SERVED_CHECK_VAR_DIR
  created_var_dir=false
  mkdir -p "$var_dir"
else
  var_dir=$(mktemp -d "${TMPDIR:-/tmp}/cegah-served-check.XXXXXX")
  created_var_dir=true
fi

# The check's own database, files and settings: nothing from the caller's environment leaks in.
unset DATABASE_URL REDIS_URL MEDIA_ROOT PRIVATE_MEDIA_ROOT MEDIA_STORAGE DEBUG
export CEGAH_ENV=development CEGAH_VAR_DIR="$var_dir" SITE_URL="$BASE"

log="$var_dir/serve.log"
server=""
collecting=""
cleanup() {
  status=$?
  if [ -n "$collecting" ]; then kill "$collecting" 2>/dev/null || true; fi
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    # serve runs in its own session (setsid): stop it with gunicorn, the worker and the scheduler.
    kill -TERM -- "-$server" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$server" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$log" ]; then
    echo "--- last lines of the server log ($log)"
    tail -n 60 "$log" || true
  fi
  if $created_var_dir && [ "$status" -eq 0 ]; then rm -rf "$var_dir"; fi
  if [ "$status" -ne 0 ]; then echo "served-check failed; its files are in $var_dir"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
say() { printf -- '--- %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

if $PY -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "Port $PORT is already in use; set SERVED_CHECK_PORT to another one." >&2
  exit 1
fi

say "setup in $var_dir: migrate, load_regions, seed_demo, and collectstatic beside them"
# `make setup`'s commands (keep them in step); collecting static files needs no database, so
# it runs alongside the other three.
$PY manage.py collectstatic --noinput --verbosity 0 >"$var_dir/collectstatic.log" 2>&1 &
collecting=$!
{
  $PY manage.py migrate --noinput &&
    $PY manage.py load_regions &&
    $PY manage.py seed_demo
} >"$var_dir/setup.log" 2>&1 || { tail -n 40 "$var_dir/setup.log"; exit 1; }
wait "$collecting" || { tail -n 40 "$var_dir/collectstatic.log"; exit 1; }
collecting=""

say "serve on $BASE"
setsid $PY manage.py serve --port "$PORT" >"$log" 2>&1 &
server=$!

say "wait for /healthz (database and worker heartbeat)"
healthy=false
for _ in $(seq 1 120); do
  if $PY -c "import sys, urllib.request as u; sys.exit(u.urlopen('$BASE/healthz', timeout=5).status != 200)" 2>/dev/null; then
    healthy=true
    break
  fi
  kill -0 "$server" 2>/dev/null || { echo "The server stopped." >&2; exit 1; }
  sleep 0.5
done
$healthy || { echo "/healthz did not answer 200 within 60 s." >&2; exit 1; }

failed=0
say "crawl as a visitor and as each demo login"
$PY manage.py crawl --base-url "$BASE" --all-demo-logins || failed=1

if [ -f scripts/api_contract.py ]; then
  say "API contract (schemathesis)"
  token=$($PY manage.py create_api_token --user kpk@demo.example --name served-check | tail -n 1)
  $PY scripts/api_contract.py --base-url "$BASE" --token "$token" --seed 20261206 \
    --max-seconds 150 || failed=1
fi

say "done"
exit "$failed"
