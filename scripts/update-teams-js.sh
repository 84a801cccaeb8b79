#!/usr/bin/env bash
# Re-fetches the pinned TeamsJS (@microsoft/teams-js) from the npm registry into bot/StadtLabor.Bot/wwwroot/lib/teams-js/:
# the minified browser build and its LICENSE. The tabs load it from this server, never from a CDN (the intranet may
# have no internet, and the CSP allows scripts from 'self' only). The tarball is checked against the pinned integrity.
#
#   scripts/update-teams-js.sh               re-fetch the pinned version (the files in git must come out the same)
#   scripts/update-teams-js.sh 2.59.0 SHA512 move to another version: give its "dist.integrity" from
#                                            `npm view @microsoft/teams-js@2.59.0 dist.integrity`, then update the
#                                            pins below and run the tab tests.
# Needs Node.js with npm.
set -euo pipefail
VERSION=${1:-2.58.0}
INTEGRITY=${2:-sha512-g4M1pWqdOgH4V3YjppuMzuYFcFnNk92/C0RlebTlxRIzKW0q/4QWYFBoRHt4xbDFRwHOedHueDz+I0ecpM/GaA==}
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/bot/StadtLabor.Bot/wwwroot/lib/teams-js
command -v npm >/dev/null 2>&1 || { echo "update-teams-js: npm is not installed (Node.js 20 with npm)." >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@microsoft/teams-js@$VERSION" >/dev/null)
tarball=$(ls "$work"/*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "update-teams-js: the tarball of @microsoft/teams-js@$VERSION has integrity $actual, expected $INTEGRITY; nothing changed." >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/umd/MicrosoftTeams.min.js package/LICENSE
mkdir -p "$target"
# Byte for byte as published (so anyone can compare it with the registry); the 1.3 MB source map is left out, it only
# serves debugging TeamsJS itself.
cp "$work/package/dist/umd/MicrosoftTeams.min.js" "$target/MicrosoftTeams.min.js"
cp "$work/package/LICENSE" "$target/LICENSE"
echo "$VERSION" > "$target/VERSION"
echo "update-teams-js: @microsoft/teams-js $VERSION in ${target#"$root"/}"
