#!/usr/bin/env bash
# Builds the Teams app package (the zip an admin uploads) from manifest/ and environment values.
#
#   BOT_APP_ID=<guid> [BOT_DOMAIN=bot.example.org] manifest/build-zip.sh
#
# Environment:
#   BOT_APP_ID        required  Application (client) ID of the bot's Entra app registration (a GUID).
#   TEAMS_APP_ID      optional  The Teams app id (a GUID). Default: derived from BOT_APP_ID (UUID v5), so every
#                               build for the same bot gets the same id and an upload updates the existing app.
#   BOT_DOMAIN        optional  Host name the bot is served from, e.g. stadtlabor-bot.example.org (no https://,
#                               no path). Goes into validDomains, the personal tabs' addresses and the tab sign-in's
#                               resource api://BOT_DOMAIN/SSO_CLIENT_ID, and is the default for the three URLs below.
#                               Without it the package has the bot only: no tabs (they need the pages' address).
#   SSO_CLIENT_ID     optional  Client id of the app registration the pages and tabs sign in with (Pages:SignIn:ClientId;
#                               a GUID). Default: BOT_APP_ID, the usual single registration for bot, pages and tabs.
#   WEBSITE_URL       optional  https URL of the app's web site.    Default: https://$BOT_DOMAIN/ (else https://www.soest.de/)
#   PRIVACY_URL       optional  https URL of the privacy notice.    Default: https://$BOT_DOMAIN/datenschutz
#   TERMS_OF_USE_URL  optional  https URL of the terms of use.      Default: https://$BOT_DOMAIN/nutzungsbedingungen
#   APP_VERSION       optional  Version written into the manifest (semver, e.g. 1.0.3). Teams only accepts an update
#                               of an uploaded app when this is higher than before. Default: "version" in manifest.json.
#   OUT_DIR           optional  Where to write the zip. Default: manifest/build
#
# Output: $OUT_DIR/stadtlabor-teams-app.zip with manifest.json, en-US.json, color.png and outline.png at its root.
# The substituted manifest is validated with tools/checkers/validate-manifest.js (offline, official schema) first;
# run `npm ci` in tools/checkers once before.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT_DIR="${OUT_DIR:-$HERE/build}"
ZIP_NAME="stadtlabor-teams-app.zip"
GUID_RE='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

fail() {
  echo "build-zip: error: $*" >&2
  exit 1
}

BOT_APP_ID="${BOT_APP_ID:-}"
if [[ -z "$BOT_APP_ID" ]]; then
  fail "BOT_APP_ID is not set. Set it to the Application (client) ID of the bot's Entra app registration, e.g.
  BOT_APP_ID=00000000-0000-0000-0000-000000000000 manifest/build-zip.sh"
fi
[[ "$BOT_APP_ID" =~ $GUID_RE ]] || fail "BOT_APP_ID must be a GUID like 00000000-0000-0000-0000-000000000000, got: '$BOT_APP_ID'"

TEAMS_APP_ID="${TEAMS_APP_ID:-}"
if [[ -n "$TEAMS_APP_ID" ]]; then
  [[ "$TEAMS_APP_ID" =~ $GUID_RE ]] || fail "TEAMS_APP_ID must be a GUID, got: '$TEAMS_APP_ID'"
fi

SSO_CLIENT_ID="${SSO_CLIENT_ID:-$BOT_APP_ID}"
[[ "$SSO_CLIENT_ID" =~ $GUID_RE ]] || fail "SSO_CLIENT_ID must be a GUID (the client id the pages sign in with), got: '$SSO_CLIENT_ID'"

BOT_DOMAIN="${BOT_DOMAIN:-}"
if [[ -n "$BOT_DOMAIN" ]]; then
  [[ "$BOT_DOMAIN" =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$ ]] \
    || fail "BOT_DOMAIN must be a bare host name such as stadtlabor-bot.example.org (no https://, port or path), got: '$BOT_DOMAIN'"
fi

for url_var in WEBSITE_URL PRIVACY_URL TERMS_OF_USE_URL; do
  value="${!url_var:-}"
  if [[ -n "$value" && ! "$value" =~ ^https://[^[:space:]]+$ ]]; then
    fail "$url_var must be an https:// URL, got: '$value'"
  fi
done

APP_VERSION="${APP_VERSION:-}"
if [[ -n "$APP_VERSION" && ! "$APP_VERSION" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  fail "APP_VERSION must look like 1.2.3, got: '$APP_VERSION'"
fi

command -v python3 >/dev/null || fail "python3 is needed to fill in the manifest"
command -v node >/dev/null || fail "node is needed to validate the manifest (tools/checkers/validate-manifest.js)"
command -v zip >/dev/null || fail "zip is needed to write the package (Debian: apt-get install zip)"
[[ -d "$ROOT/tools/checkers/node_modules/@microsoft/app-manifest" ]] \
  || fail "the manifest checker is not installed: run 'npm ci' in $ROOT/tools/checkers"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

# Fill in the placeholders with a JSON-aware script (values are JSON-escaped; validDomains is dropped without BOT_DOMAIN).
BOT_APP_ID="$BOT_APP_ID" TEAMS_APP_ID="$TEAMS_APP_ID" BOT_DOMAIN="$BOT_DOMAIN" APP_VERSION="$APP_VERSION" SSO_CLIENT_ID="$SSO_CLIENT_ID" \
python3 - "$HERE/manifest.json" "$STAGE/manifest.json" "$HERE/en-US.json" "$STAGE/en-US.json" <<'PY'
import json, os, re, sys, uuid

src, dst, english_src, english_dst = sys.argv[1:5]
env = os.environ.get
bot_id = env("BOT_APP_ID").lower()
domain = env("BOT_DOMAIN") or ""

# A fixed namespace for this app: the same bot id always gives the same Teams app id.
NAMESPACE = uuid.UUID("6f1c1f64-5c3e-4f0a-9b7e-3d2a5e0c7b11")
app_id = (env("TEAMS_APP_ID") or "").lower()
if not app_id:
    app_id = str(uuid.uuid5(NAMESPACE, "stadtlabor-teams-app/" + bot_id))
    print(f"build-zip: TEAMS_APP_ID not set; using {app_id} (derived from BOT_APP_ID, the same on every build)")

base = f"https://{domain}" if domain else None
urls = {
    "WEBSITE_URL": env("WEBSITE_URL") or (f"{base}/" if base else "https://www.soest.de/"),
    "PRIVACY_URL": env("PRIVACY_URL") or (f"{base}/datenschutz" if base else None),
    "TERMS_OF_USE_URL": env("TERMS_OF_USE_URL") or (f"{base}/nutzungsbedingungen" if base else None),
}
for name in ("PRIVACY_URL", "TERMS_OF_USE_URL"):
    if urls[name] is None:
        urls[name] = "https://www.soest.de/"
        print(f"build-zip: warning: neither {name} nor BOT_DOMAIN is set; {name} points at https://www.soest.de/. "
              f"Set {name} before rolling the app out.", file=sys.stderr)

values = {"BOT_APP_ID": bot_id, "APP_ID": app_id, "BOT_DOMAIN": domain, "SSO_CLIENT_ID": env("SSO_CLIENT_ID").lower(), **urls}

with open(src, encoding="utf-8") as f:
    manifest = json.load(f)

if not domain:
    manifest["validDomains"] = [d for d in manifest.get("validDomains", []) if d != "{{BOT_DOMAIN}}"]
    if not manifest["validDomains"]:
        del manifest["validDomains"]
    # The tabs and their sign-in live at the pages' address: without one there are no tabs to offer.
    for key in ("staticTabs", "webApplicationInfo"):
        manifest.pop(key, None)
    print("build-zip: warning: BOT_DOMAIN is not set; the package has the bot only, without the personal tabs.", file=sys.stderr)

# The English file goes along as it is, less the names of tabs that were left out.
with open(english_src, encoding="utf-8") as f:
    english = f.read()
if not domain:
    english_json = json.loads(english)
    english = json.dumps({k: v for k, v in english_json.items() if not k.startswith("staticTabs[")}, ensure_ascii=False, indent=2) + "\n"
with open(english_dst, "w", encoding="utf-8") as f:
    f.write(english)
if env("APP_VERSION"):
    manifest["version"] = env("APP_VERSION")

def fill(v):
    if isinstance(v, str):
        return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values.get(m.group(1), m.group(0)), v)
    if isinstance(v, list):
        return [fill(x) for x in v]
    if isinstance(v, dict):
        return {k: fill(x) for k, x in v.items()}
    return v

manifest = fill(manifest)
with open(dst, "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False, indent=2)
    f.write("\n")
print(f"build-zip: Teams app id {app_id}, bot id {bot_id}, version {manifest['version']}"
      + (f", domain {domain}" if domain else ", no validDomains"))
PY

cp "$HERE/color.png" "$HERE/outline.png" "$STAGE/"

if ! node "$ROOT/tools/checkers/validate-manifest.js" "$STAGE/manifest.json"; then
  fail "the filled-in manifest does not pass the official schema (see above); no zip written"
fi

mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"
rm -f "$OUT_DIR/$ZIP_NAME"
(cd "$STAGE" && zip -q -X "$OUT_DIR/$ZIP_NAME" manifest.json en-US.json color.png outline.png)
echo "build-zip: wrote $OUT_DIR/$ZIP_NAME"
