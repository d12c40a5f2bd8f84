#!/usr/bin/env bash
# One command: set everything up and run the portal with demo data on the SQLite default.
# It runs as in production (DEBUG off: the portal's own error pages, static files from whitenoise, a secret key of
# this checkout's own), but over plain HTTP and, unless HOST says otherwise, only for this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements.txt
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
if [ -z "${SECRET_KEY:-}" ]; then
  # Made once for this checkout, kept out of git (.gitignore): sessions survive a restart of the demo.
  if [ ! -s .demo-secret-key ]; then
    (umask 077 && python -c "import secrets; print(secrets.token_urlsafe(50))" > .demo-secret-key)
  fi
  SECRET_KEY="$(cat .demo-secret-key)"
fi
case "$HOST" in 127.0.0.1|0.0.0.0|localhost) LINK_HOST=127.0.0.1 ;; *) LINK_HOST="$HOST" ;; esac
export SECRET_KEY
export DEBUG="${DEBUG:-false}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}" SECURE_COOKIES="${SECURE_COOKIES:-false}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$LINK_HOST}"
export PORTAL_URL="${PORTAL_URL:-http://$LINK_HOST:$PORT}"
python manage.py migrate --noinput
python manage.py collectstatic --noinput -v 0
python manage.py demo_data --force
echo
echo "OVOP Portal: $PORTAL_URL/  (log in with one of the demo accounts above)"
echo
exec python manage.py runserver --noreload "$HOST:$PORT"
