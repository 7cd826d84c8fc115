#!/usr/bin/env bash
# Installs what Témoin needs on a fresh Debian machine (run as root), then its npm packages.
# Called by scripts/start.sh and scripts/test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the product or its tests need: Chromium for the browser tests (driven by
# playwright-core; never a browser download); a C/C++ toolchain and Python for node-gyp, which
# builds better-sqlite3 (the benchmark's SQLite baseline, a dev dependency) from source; openssl
# for the throwaway certificate of the https browser-mode tests (vitest.browser-project.ts);
# Debian's ClickHouse server (18.16), which the ClickHouse store's tests start as a plain process
# of their own (scripts/local-cluster.ts; the package's service is not used); and Debian's
# ZooKeeper (3.8, with a Java runtime), which a local cluster of those servers replicates through.
DEBIAN_PACKAGES=(chromium build-essential python3 openssl clickhouse-server zookeeper)

need_node() {
  echo "Témoin needs Node.js >= 20.19 and npm >= 10 (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install Node.js 20 or newer (e.g. from your distribution or nodejs.org), then run this again." >&2
  exit 1
}
command -v node >/dev/null || need_node
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || need_node

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Native dev dependencies (better-sqlite3) are built here from source against the headers of the
# installed Node: their prebuilt binaries and Node's headers would be downloads.
export npm_config_build_from_source=true
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$node_prefix/include/node/node_api.h" ]; then export npm_config_nodedir="$node_prefix"; fi

# npm ci installs exactly the lock file and runs `prepare` (the TypeScript build).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm run --silent build
fi
