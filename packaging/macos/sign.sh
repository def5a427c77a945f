#!/usr/bin/env bash
# Sign SmartSkin.app for Gatekeeper: every Mach-O file inside first (libraries, Python
# extensions, the Python runtime), then the main executable and the app, all with the
# hardened runtime and a secure timestamp; then verify.
# Usage: SIGN_IDENTITY="Developer ID Application: ..." packaging/macos/sign.sh dist/SmartSkin.app
# Without SIGN_IDENTITY nothing is signed (PyInstaller's ad-hoc signature stays, which runs
# on the build machine but is refused by Gatekeeper when downloaded).
set -euo pipefail
APP=$1
HERE=$(cd "$(dirname "$0")" && pwd)
if [[ -z "${SIGN_IDENTITY:-}" ]]; then
  echo "SIGN_IDENTITY is not set: $APP keeps its ad-hoc signature (not for distribution)."
  exit 0
fi
sign() {
  codesign --force --timestamp --options runtime --sign "$SIGN_IDENTITY" "$@"
}
# Deepest first; `file` finds Mach-O binaries whatever their name.
find "$APP/Contents" -type f ! -path "*/Contents/MacOS/SmartSkin" -print0 |
  while IFS= read -r -d '' f; do
    if file -b "$f" | grep -q "Mach-O"; then sign "$f"; fi
  done
sign --entitlements "$HERE/entitlements.plist" "$APP/Contents/MacOS/SmartSkin"
sign --entitlements "$HERE/entitlements.plist" "$APP"
codesign --verify --strict --deep --verbose=2 "$APP"
codesign --display --entitlements - "$APP"
echo "signed and verified: $APP"
