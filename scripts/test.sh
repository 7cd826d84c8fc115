#!/usr/bin/env bash
# The one command that runs every test: installs what it needs, then types, lint and the whole
# test suite (unit, store conformance, real-process). The runner's JSON report goes to
# reports/vitest.json; .ci/run reads its counts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run check
