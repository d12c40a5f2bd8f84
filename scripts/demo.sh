#!/usr/bin/env bash
# One command: set everything up and run the portal with demo data on the SQLite default.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements.txt
export DEBUG="${DEBUG:-true}"
PORT="${PORT:-8000}"
python manage.py migrate --noinput
python manage.py demo_data
echo
echo "OVOP Portal: http://127.0.0.1:${PORT}/  (log in with one of the demo accounts above)"
echo
exec python manage.py runserver "0.0.0.0:${PORT}"
