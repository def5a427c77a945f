#!/usr/bin/env bash
# Tools the Windows targets need, from Debian/Ubuntu apt, installed only when missing:
# makensis (NSIS 3), 64-bit Wine, desktop-file-validate (`make installer-test`,
# `make windows-build`); with --xvfb also Xvfb and xauth (`make windows-test`).
set -euo pipefail
have_wine() { command -v wine64 >/dev/null || [[ -x /usr/lib/wine/wine64 ]]; }
packages=(nsis wine64 desktop-file-utils)
missing=0
command -v makensis >/dev/null || missing=1
have_wine || missing=1
command -v desktop-file-validate >/dev/null || missing=1
if [[ "${1:-}" == "--xvfb" ]]; then
  packages+=(xvfb xauth)
  command -v xvfb-run >/dev/null || missing=1
  command -v xauth >/dev/null || missing=1
fi
if [[ $missing -eq 0 ]]; then
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
echo "Installing ${packages[*]} with apt..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}"
