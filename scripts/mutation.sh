#!/usr/bin/env bash
# Mutation testing of the rules: mutmut 3 mutates each apps' services.py and rules.py in turn and runs, for each
# mutant, the tests that call the mutated function (from the app's tests and the authorization matrix), on SQLite.
# Not run in CI (about an hour for every module on two cores). Usage:
#   scripts/mutation.sh                          every */services.py and */rules.py
#   scripts/mutation.sh nominations/services.py  one or more modules
# It works on a throw-away copy of the working tree (tracked and new files; the checkout is never touched) and
# prints killed/total per module, message mutants apart (see scripts/mutation.py). The copy stays for inspection
# (`cd <copy> && .venv/bin/mutmut show NAME`); MUTATION_DIR=... chooses where it goes, MUTATION_JOBS=... how many
# mutants run at once (default: the number of cores), MUTATION_MATRIX=0 a quicker run without the authorization
# matrix (its kill rates are then lower bounds).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh requirements-dev.txt
if [ $# -eq 0 ]; then
  set -- $(ls */services.py */rules.py)
fi
work="${MUTATION_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/ovop-mutation.XXXXXX")}"
echo "Working copy: $work"
runs=()
for module in "$@"; do
  if ! python scripts/mutation.py has-functions "$module"; then
    echo "$module: no functions (only rules.add_rule calls), nothing to mutate"
    continue
  fi
  copy="$work/$(echo "${module%.py}" | tr / -)"
  rm -rf "$copy" && mkdir -p "$copy"
  git ls-files -z --cached --others --exclude-standard | grep -zv '^\.venv$' \
    | tar --null --ignore-failed-read -cf - -T - 2>/dev/null | tar -xf - -C "$copy"
  ln -s "$(readlink -f .venv)" "$copy/.venv"
  start=$SECONDS
  (
    cd "$copy"
    unset DATABASE_URL                      # SQLite,
    export MUTATION_DB="$copy/test-db.sqlite3"  # migrated once (scripts/mutation_db.py)
    python scripts/mutation.py prepare "$module"
    python -m scripts.mutation_db
    python -m mutmut run --max-children "${MUTATION_JOBS:-$(nproc)}" >mutmut.log 2>&1 || { tail -n 40 mutmut.log; exit 1; }
  )
  runs+=("$copy" "$module" "$((SECONDS - start))")
done
python scripts/mutation.py report "${runs[@]}"
