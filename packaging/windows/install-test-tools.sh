#!/usr/bin/env bash
# Tools the Windows targets need, from Debian/Ubuntu apt, installed only when missing:
# makensis (NSIS 3), 64-bit Wine, desktop-file-validate (`make installer-test`,
# `make windows-build`); with --xvfb also Xvfb, xauth and the mingw-w64 C compiler
# (`make windows-test`: the app on a virtual display, a WinRT stand-in Wine 8.0 lacks).
set -euo pipefail
have_wine() { command -v wine64 >/dev/null || [[ -x /usr/lib/wine/wine64 ]]; }
packages=(nsis wine64 desktop-file-utils)
missing=0
command -v makensis >/dev/null || missing=1
have_wine || missing=1
command -v desktop-file-validate >/dev/null || missing=1
if [[ "${1:-}" == "--xvfb" ]]; then
  packages+=(xvfb xauth gcc-mingw-w64-x86-64-win32)
  command -v xvfb-run >/dev/null || missing=1
  command -v x86_64-w64-mingw32-gcc >/dev/null || missing=1
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
