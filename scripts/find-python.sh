#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 to build the virtual environment with, or explains.
set -u
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for v in "$root"/versions/3.13* "$root"/versions/3.12* "$root"/versions/3.14*; do
    [ -x "$v/bin/python3" ] && candidates+=("$v/bin/python3")
  done
fi
candidates+=(python3.13 python3.12 python3.14 python3)
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  if "$path" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    echo "$path"
    exit 0
  fi
done
cat >&2 <<'MSG'
Cegah needs Python 3.12 or newer, and none was found.
  - With pyenv: `pyenv install 3.13` (these machines have it at $(pyenv root)/versions/3.13.0).
  - Or install python3.12+ with its venv module, or point PYTHON=/path/to/python3.13 at one.
MSG
exit 1
