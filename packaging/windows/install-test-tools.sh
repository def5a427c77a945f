#!/usr/bin/env bash
# Tools `make installer-test` needs, from Debian/Ubuntu apt: makensis (NSIS 3), 64-bit Wine,
# desktop-file-validate.
set -euo pipefail
have_wine() { command -v wine64 >/dev/null || [[ -x /usr/lib/wine/wine64 ]]; }
if command -v makensis >/dev/null && have_wine && command -v desktop-file-validate >/dev/null; then
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
echo "Installing nsis, wine64 and desktop-file-utils with apt..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nsis wine64 \
  desktop-file-utils
