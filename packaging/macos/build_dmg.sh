#!/usr/bin/env bash
# Build SmartSkin.app with PyInstaller, sign it (if SIGN_IDENTITY is set), make the .dmg,
# and notarize it (if NOTARY_PROFILE is set: a `xcrun notarytool store-credentials` name).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=0.1.0
pyinstaller --noconfirm packaging/smartskin.spec
APP=dist/SmartSkin.app
if [[ -n "${SIGN_IDENTITY:-}" ]]; then
  codesign --deep --force --options runtime --timestamp --sign "$SIGN_IDENTITY" "$APP"
fi
python packaging/smoke_test.py dist/SmartSkin
DMG="dist/SmartSkin-$VERSION.dmg"
rm -f "$DMG"
STAGE=$(mktemp -d)
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname SmartSkin -srcfolder "$STAGE" -ov -format UDZO "$DMG"
if [[ -n "${NOTARY_PROFILE:-}" ]]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi
echo "$DMG"
