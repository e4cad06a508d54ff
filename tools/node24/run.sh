#!/usr/bin/env bash
# Runs the client and stream test suites on Node 24 (engines stay >=20.19; the main run is on the
# machine's Node, 20 in CI). Node 24 comes from the npm registry's `node` package (pinned), installed
# once into .cache/node24 at the repo root. Needs the packages built (`pnpm test` or `pnpm build` first).
set -euo pipefail
cd "$(dirname "$0")/../.."
NODE24_VERSION=24.21.0
prefix=.cache/node24
node24="$prefix/node_modules/node/bin/node"
if [ ! -x "$node24" ] || [ "$("$node24" --version)" != "v$NODE24_VERSION" ]; then
  echo "installing node@$NODE24_VERSION into $prefix" >&2
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node@$NODE24_VERSION" >&2
fi
bindir="$(cd "$(dirname "$node24")" && pwd)"
export PATH="$bindir:$PATH"
echo "client and stream suites on $(node --version)" >&2
for pkg in client stream; do
  (cd "packages/$pkg" && node node_modules/vitest/vitest.mjs run --reporter=dot)
done
