#!/usr/bin/env bash
# Installs everything csrating needs (idempotent: quick when nothing changed):
#   system packages (scripts/system-deps.sh), Python packages pinned in requirements.lock into .venv with
#   the package itself editable, and the Node packages of package-lock.json (accessibility check).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "csrating needs Python 3.11 or newer; '$PY' is $("$PY" --version 2>&1)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.csrating-installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "installing Python packages (requirements.lock)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
if command -v npm >/dev/null 2>&1; then
  nstamp=node_modules/.csrating-installed
  nwant=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$nstamp" 2>/dev/null)" != "$nwant" ]; then
    echo "installing Node packages (package-lock.json)"
    npm ci --no-audit --no-fund --silent
    echo "$nwant" > "$nstamp"
  fi
fi
