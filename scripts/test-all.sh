#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, npm packages), runs
# both suites (vitest projects `unit` and `integration`) in one vitest run, and ends with one line
# "N passed, N failed". Exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-host.sh || exit 1
[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund || exit 1
mkdir -p .cache
rm -f .cache/test-results.json
npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/test-results.json "$@"
status=$?
node scripts/test-summary.mjs .cache/test-results.json "$status" || status=1
exit $status
