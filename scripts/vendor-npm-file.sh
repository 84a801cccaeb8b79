#!/usr/bin/env bash
# Copies one browser file of a pinned npm package, with its LICENSE, into bot/StadtLabor.Bot/wwwroot/lib/<folder>/:
# the pages load such libraries from this server, never from a CDN (the intranet may have no internet, and the CSP
# allows scripts from 'self' only). The tarball is checked against the pinned integrity before anything changes.
# Called by the per-library scripts (update-teams-js.sh, update-msal-browser.sh), which hold the pins.
#
#   scripts/vendor-npm-file.sh PACKAGE VERSION INTEGRITY FILE-IN-PACKAGE FOLDER
# Needs Node.js with npm.
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: vendor-npm-file.sh PACKAGE VERSION INTEGRITY FILE-IN-PACKAGE FOLDER" >&2; exit 2; }
package=$1 version=$2 integrity=$3 file=$4 folder=$5
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/bot/StadtLabor.Bot/wwwroot/lib/$folder
command -v npm >/dev/null 2>&1 || { echo "vendor-npm-file: npm is not installed (Node.js 20 with npm)." >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
tarball=$(ls "$work"/*.tgz)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "vendor-npm-file: the tarball of $package@$version has integrity $actual, expected $integrity; nothing changed." >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" "package/$file" package/LICENSE
mkdir -p "$target"
# Byte for byte as published (so anyone can compare it with the registry); source maps are left out, they only serve
# debugging the library itself.
cp "$work/package/$file" "$target/$(basename "$file")"
cp "$work/package/LICENSE" "$target/LICENSE"
echo "$version" > "$target/VERSION"
echo "vendor-npm-file: $package $version in ${target#"$root"/}"
