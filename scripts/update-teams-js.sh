#!/usr/bin/env bash
# Re-fetches the pinned TeamsJS (@microsoft/teams-js) from the npm registry into bot/StadtLabor.Bot/wwwroot/lib/teams-js/:
# the minified browser build and its LICENSE (scripts/vendor-npm-file.sh does the work and checks the integrity).
#
#   scripts/update-teams-js.sh               re-fetch the pinned version (the files in git must come out the same)
#   scripts/update-teams-js.sh 2.59.0 SHA512 move to another version: give its "dist.integrity" from
#                                            `npm view @microsoft/teams-js@2.59.0 dist.integrity`, then update the
#                                            pins below and run the tab tests.
# Needs Node.js with npm.
set -euo pipefail
VERSION=${1:-2.58.0}
INTEGRITY=${2:-sha512-g4M1pWqdOgH4V3YjppuMzuYFcFnNk92/C0RlebTlxRIzKW0q/4QWYFBoRHt4xbDFRwHOedHueDz+I0ecpM/GaA==}
exec "$(dirname "$0")/vendor-npm-file.sh" @microsoft/teams-js "$VERSION" "$INTEGRITY" dist/umd/MicrosoftTeams.min.js teams-js
