#!/usr/bin/env bash
# One command: set everything up and run the whole test suite (pass pytest options through).
# DATABASE_URL=postgres://... runs the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements-dev.txt
python -m pytest "$@"
