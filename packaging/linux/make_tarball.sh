#!/usr/bin/env bash
# dist/SmartSkin-<version>-x86_64.tar.xz from the PyInstaller folder dist/SmartSkin:
# the app, smartskin.desktop, the icon, install.sh and a short README.
# Usage: packaging/linux/make_tarball.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$1
NAME="SmartSkin-$VERSION-$(uname -m)"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -a dist/SmartSkin "$STAGE/$NAME"
cp packaging/linux/smartskin.desktop packaging/linux/install.sh "$STAGE/$NAME/"
cp resources/icons/smartskin.png "$STAGE/$NAME/smartskin.png"
cat > "$STAGE/$NAME/README.txt" <<TXT
SmartSkin $VERSION - natural portrait skin retouching

Start:           ./SmartSkin   (or double-click SmartSkin in your file manager)
Add to the menu: ./install.sh  (also adds "Open With SmartSkin" for photos)
Remove:          ./install.sh --uninstall, then delete this folder

Needs a 64-bit Linux with glibc 2.35 or newer (Ubuntu 22.04, Debian 12, Fedora 36...).
Licences of the bundled components: _internal/licenses and _internal/NOTICE.
TXT
chmod 755 "$STAGE/$NAME/install.sh"
tar -C "$STAGE" -cf - "$NAME" | xz -T0 -6 > "dist/$NAME.tar.xz"
echo "dist/$NAME.tar.xz"
