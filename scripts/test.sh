#!/usr/bin/env bash
# Installs everything, then runs the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/python -m pytest "$@"
