#!/usr/bin/env sh
# Adds SmartSkin to your applications menu (and "Open With" for photos), for you only:
# a .desktop file in ~/.local/share/applications and the icon in ~/.local/share/icons.
# SmartSkin itself stays in this folder; run this again if you move the folder.
#   ./install.sh              add to the menu
#   ./install.sh --uninstall  remove from the menu (this folder is left alone)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
DESKTOP=$DATA/applications/smartskin.desktop
ICON=$DATA/icons/hicolor/512x512/apps/smartskin.png

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$DESKTOP" "$ICON"
  refresh
  echo "SmartSkin was removed from the applications menu. You can now delete $HERE."
  exit 0
fi
if [ ! -x "$HERE/SmartSkin" ]; then
  echo "SmartSkin was not found next to this script. Unpack the whole download, then run $0 again." >&2
  exit 1
fi
mkdir -p "$DATA/applications" "$(dirname "$ICON")"
cp "$HERE/smartskin.png" "$ICON"
# Exec needs the absolute path; quoted for folders with spaces (desktop entry spec).
sed "s|^Exec=.*|Exec=\"$HERE/SmartSkin\" %F|" "$HERE/smartskin.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP"
refresh
echo "SmartSkin is in your applications menu, and in \"Open With\" for photos."
echo "To start it from here: $HERE/SmartSkin"
