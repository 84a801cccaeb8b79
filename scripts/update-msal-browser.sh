#!/usr/bin/env bash
# Re-fetches the pinned MSAL.js (@azure/msal-browser) from the npm registry into
# bot/StadtLabor.Bot/wwwroot/lib/msal-browser/: the minified browser bundle (lib/msal-browser.min.js, which defines the
# global `msal`) and its LICENSE. The Teams tab loads it only where the host recommends nested app authentication
# (wwwroot/js/tab.js). scripts/vendor-npm-file.sh does the work and checks the integrity.
#
#   scripts/update-msal-browser.sh               re-fetch the pinned version (the files in git must come out the same)
#   scripts/update-msal-browser.sh 5.32.0 SHA512 move to another version: give its "dist.integrity" from
#                                                `npm view @azure/msal-browser@5.32.0 dist.integrity`, then update the
#                                                pins below and run the tab tests.
# Needs Node.js with npm.
set -euo pipefail
VERSION=${1:-5.31.0}
INTEGRITY=${2:-sha512-r+t9JkRDkksyNfwmOIQwssJfgi5Br+WSd4yYqw/F+VqsfBpanENu8esgNl1aE1G/q3kyGPjH7YzJrmX6NUBcpw==}
exec "$(dirname "$0")/vendor-npm-file.sh" @azure/msal-browser "$VERSION" "$INTEGRITY" lib/msal-browser.min.js msal-browser
