#!/usr/bin/env bash
# The Indonesian catalogue in one step: extract the strings of the code and templates into
# locale/id/LC_MESSAGES/django.po, then compile django.mo. Run it after changing texts, translate the new
# entries (msgstr ""), and run it again. On unchanged code it changes nothing: the catalogue is kept unwrapped
# (--no-wrap), without source locations (--no-location, so moving code does not touch it), in the order of
# extraction, without entries the code no longer uses (--no-obsolete), and the POT-Creation-Date that
# makemessages stamps is put back when nothing else changed.
# A conflict in django.po after a merge: take either side, add the other side's new translations, run this.
# Usage: bash scripts/messages.sh            (PYTHON=... to use another interpreter than .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
PO=locale/id/LC_MESSAGES/django.po
IGNORE=(--ignore=.venv --ignore=.git --ignore=bench --ignore=tests --ignore=scripts --ignore=node_modules
  --ignore=staticfiles --ignore=media --ignore=screenshots --ignore=mutants)

before="$(mktemp)"
trap 'rm -f "$before"' EXIT
cp "$PO" "$before"
DEBUG=true "$PYTHON" manage.py makemessages -l id --no-wrap --no-location --no-obsolete "${IGNORE[@]}"
if cmp -s <(grep -v '^"POT-Creation-Date: ' "$before") <(grep -v '^"POT-Creation-Date: ' "$PO"); then
  cp "$before" "$PO"
  echo "$PO: no new or changed strings"
else
  echo "$PO: changed; translate every new entry (msgstr \"\"), then run this again"
fi
DEBUG=true "$PYTHON" manage.py compilemessages -l id "${IGNORE[@]}"
