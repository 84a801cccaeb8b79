#!/usr/bin/env bash
# Installs the pinned npm packages in tools/checkers (Microsoft's checkers the tests use, and the Agents Playground)
# when node_modules is missing or was installed from another package.json/package-lock.json. Quiet when up to date.
# Usage: scripts/ensure-checkers.sh        (run.sh and test.sh call it)
set -euo pipefail
dir=$(cd "$(dirname "$0")/../tools/checkers" && pwd)
stamp=$dir/node_modules/.stadtlabor-installed
want=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: install Node.js 20 with npm, then run this again." >&2
  exit 1
fi
echo "Installing the pinned npm packages in tools/checkers (npm ci) ..." >&2
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
echo "$want" > "$stamp"
