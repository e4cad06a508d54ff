#!/usr/bin/env bash
# Release checks run by `pnpm test`: a change to a published package since the base branch must come
# with a changeset (`changeset status` exits 1 otherwise). The base is origin/main, else main; on the
# base itself (or without git history) there is nothing to compare and the check says so.
# The packing dry run is tools/consumer (every public package packed and installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
base=""
for ref in origin/main main; do
  if git rev-parse --verify --quiet "$ref^{commit}" >/dev/null; then
    base=$ref
    break
  fi
done
if [ -z "$base" ]; then
  echo "release check: no main branch to compare with; skipped" >&2
  exit 0
fi
if [ "$(git rev-parse HEAD)" = "$(git rev-parse "$base")" ]; then
  echo "release check: HEAD is $base; nothing to compare" >&2
  exit 0
fi
pnpm exec changeset status --since="$base"
