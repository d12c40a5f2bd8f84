#!/usr/bin/env bash
# One command: set everything up and run the whole test suite (pass pytest options through).
# DATABASE_URL=postgres://... runs the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements-dev.txt
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  # The browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
  echo "Chromium is missing: installing Debian's chromium package for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x "${NGINX:-/usr/sbin/nginx}" ]; then
  # tests/deploy/ start nginx with the portal's front-proxy configuration (deploy/nginx/) in front of gunicorn.
  echo "nginx is missing: installing Debian's nginx-light package for the front-proxy tests" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
fi
python -m pytest "$@"
