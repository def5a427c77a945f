#!/usr/bin/env bash
# Notarize a signed DMG with Apple and staple the ticket, then let Gatekeeper assess it.
# Usage: packaging/macos/notarize.sh dist/SmartSkin-<version>-macos-arm64.dmg
# Needs APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (an app-specific password); without
# them it says so and does nothing (builds without the secrets are for testing only).
set -euo pipefail
DMG=$1
if [[ -z "${APPLE_ID:-}" || -z "${APPLE_TEAM_ID:-}" || -z "${APPLE_APP_PASSWORD:-}" ]]; then
  echo "Apple notarization credentials are not set: $DMG is not notarized."
  exit 0
fi
xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
  --password "$APPLE_APP_PASSWORD" --wait --timeout 1h
xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose "$DMG"
echo "notarized and stapled: $DMG"
