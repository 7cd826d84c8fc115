#!/usr/bin/env bash
# The one command that runs the product: installs what it needs, then serves the example site's
# collector on the embedded DuckDB store (data in ./.data). Ctrl-C stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/temoin.js serve --config examples/temoin.yaml --data .data "$@"
