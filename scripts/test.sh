#!/usr/bin/env bash
# Installs everything, starts a private PostgreSQL server for the database tests, then runs the linters
# and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
eval "$(bash scripts/pg.sh start)"
trap 'bash scripts/pg.sh stop' EXIT
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/python -m pytest "$@"
