#!/usr/bin/env bash
# The system libraries Qt's X11 (xcb) platform needs to open a window from a source checkout
# (the frozen app bundles them). Missing ones are installed with apt when running as root;
# otherwise the one command that installs them is printed and the script fails.
# Usage: packaging/linux/qt-system-libs.sh [--xvfb]   (--xvfb: also xvfb-run, for smoke tests)
set -euo pipefail
[[ "$(uname -s)" == Linux ]] || exit 0
# soname -> Debian/Ubuntu package
LIBS=(
  libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
  libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
  libxcb-randr.so.0:libxcb-randr0 libxcb-render-util.so.0:libxcb-render-util0
  libxcb-shape.so.0:libxcb-shape0 libxcb-shm.so.0:libxcb-shm0 libxcb-sync.so.1:libxcb-sync1
  libxcb-util.so.1:libxcb-util1 libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-xkb.so.1:libxcb-xkb1
  libxkbcommon-x11.so.0:libxkbcommon-x11-0 libxkbcommon.so.0:libxkbcommon0
  libX11-xcb.so.1:libx11-xcb1 libEGL.so.1:libegl1 libGL.so.1:libgl1
  libfontconfig.so.1:libfontconfig1 libglib-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3
)
missing=()
for pair in "${LIBS[@]}"; do
  if ! /sbin/ldconfig -p | grep -q "${pair%%:*} "; then missing+=("${pair##*:}"); fi
done
if [[ "${1:-}" == --xvfb ]]; then
  command -v xvfb-run >/dev/null || missing+=(xvfb)
  command -v xauth >/dev/null || missing+=(xauth)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing the system libraries Qt needs: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi
echo "SmartSkin's window needs these system libraries (Qt's X11 support). Install them with:"
echo
echo "    sudo apt-get install -y ${missing[*]}"
echo
echo "(Fedora: sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil libxkbcommon-x11)"
exit 1
