#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser test (tools/browser-e2e).
# Called by .ci/run before the tests; a no-op when it is already there. Needs root (CI runs as root)
# or passwordless sudo; playwright-core drives this system browser (it downloads no browser of its own).
set -euo pipefail
CHROMIUM=${IOTILE_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=
if [ "$(id -u)" != 0 ]; then
  SUDO=sudo
fi
echo "installing Debian's chromium for the browser test" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$CHROMIUM" --version >&2
