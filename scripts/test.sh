#!/usr/bin/env bash
# Installs everything, starts a private PostgreSQL server for the database tests, then runs the linters
# (ruff check, ruff format --check, mypy) and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
eval "$(bash scripts/pg.sh start)"
trap 'bash scripts/pg.sh stop' EXIT
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/ruff format --check src tests scripts benchmarks
.venv/bin/mypy  # src/, as configured in pyproject.toml [tool.mypy]
.venv/bin/python -m pytest "$@"
