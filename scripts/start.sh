#!/usr/bin/env bash
# The one command that runs the product: installs what it needs and builds Témoin, builds the
# demo site (examples/site, Eleventy), then `temoin demo` serves the site and its collector on one
# port, on the embedded DuckDB store (data in ./.data). The same as `npm start`. Ctrl-C stops it
# cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent demo:build
exec node bin/temoin.js demo --config examples/temoin.yaml --data .data "$@"
