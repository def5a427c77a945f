#!/usr/bin/env bash
# Tools `make installer-test` needs: makensis (NSIS 3) and 64-bit Wine, from Debian/Ubuntu apt.
set -euo pipefail
have_wine() { command -v wine64 >/dev/null || [[ -x /usr/lib/wine/wine64 ]]; }
if command -v makensis >/dev/null && have_wine; then
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
echo "Installing nsis and wine64 with apt..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nsis wine64
