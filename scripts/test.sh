#!/usr/bin/env bash
# Sets Candor up (scripts/setup.sh) and runs every check CI runs: lint, types,
# layering contracts, and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== import contracts (views -> app -> analysis)"
.venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest "$@"
