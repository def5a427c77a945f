#!/usr/bin/env bash
# macOS release: SmartSkin.app (pinned PyInstaller), signed when SIGN_IDENTITY is set,
# smoke-tested, packed into dist/SmartSkin-<version>-macos-<arch>.dmg with dmgbuild,
# notarized and stapled when the Apple credentials are set, then the app inside the
# mounted DMG is smoke-tested again (what ships).
# One DMG per architecture (arm64, x86_64): numpy/OpenCV wheels are single-architecture,
# so build on an arm64 and on an Intel Mac. Needs macOS 14+ (LSMinimumSystemVersion).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
VERSION=$("$PYTHON" -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")
ARCH=$(uname -m)
APP=dist/SmartSkin.app
DMG="dist/SmartSkin-$VERSION-macos-$ARCH.dmg"

rm -rf build/smartskin dist/SmartSkin dist/SmartSkin.app "$DMG"
"$PYTHON" -m PyInstaller --noconfirm packaging/smartskin.spec
/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist"
packaging/macos/sign.sh "$APP"
"$PYTHON" packaging/smoke_test.py "$APP"

"$PYTHON" -m dmgbuild -s packaging/macos/dmg_settings.py -D app="$APP" SmartSkin "$DMG"
if [[ -n "${SIGN_IDENTITY:-}" ]]; then
  codesign --force --timestamp --sign "$SIGN_IDENTITY" "$DMG"
fi
packaging/macos/notarize.sh "$DMG"

MOUNT=$(mktemp -d)
hdiutil attach -nobrowse -readonly -mountpoint "$MOUNT" "$DMG"
trap 'hdiutil detach "$MOUNT" -quiet || true' EXIT
test -L "$MOUNT/Applications"
if [[ -n "${SIGN_IDENTITY:-}" ]]; then
  codesign --verify --strict --deep --verbose=2 "$MOUNT/SmartSkin.app"
fi
"$PYTHON" packaging/smoke_test.py "$MOUNT/SmartSkin.app"
echo "$DMG"
