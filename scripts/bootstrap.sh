#!/usr/bin/env bash
# Creates .venv with a suitable Python and installs the pinned requirements when they change.
# Usage: scripts/bootstrap.sh requirements.txt|requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
reqs=${1:-requirements.txt}
python=$(scripts/find-python.sh)
if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  echo "Rebuilding .venv: its Python is too old." >&2
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $python ($("$python" --version))"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$reqs" .txt)"
if [ ! -f "$stamp" ] || [ "$reqs" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs"
  touch "$stamp"
fi
mkdir -p var
.venv/bin/python scripts/compile_translations.py
