#!/usr/bin/env bash
# The one command that runs every test: installs what it needs, then types, lint and the whole
# test suite (unit, store conformance, real-process). The runner's JSON report goes to
# reports/vitest.json; .ci/run reads its counts. Then one quick run of the benchmark suite
# (under 2 minutes, written to reports/bench/): a part that crashes fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run check
# `npm run check` has just built dist/, which the benchmark's processes run: no second build.
npx tsx bench/run-bench.ts --quick
