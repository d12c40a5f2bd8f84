#!/usr/bin/env bash
# The code's shape, checked as CI checks it: ruff (lint and format, 120 columns), djhtml (template indentation)
# and import-linter (apps import one way, no cycle). `bash scripts/lint.sh --fix` rewrites what can be rewritten.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements-dev.txt
if [ "${1:-}" = "--fix" ]; then
  ruff check --fix .
  ruff format .
  djhtml templates
else
  ruff check .
  ruff format --check .
  djhtml --check templates
fi
lint-imports
