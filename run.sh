#!/usr/bin/env bash
# ./run.sh: the bot on http://127.0.0.1:3978 (Development, anonymous mode for the local chat client, SQLite under
# bot/StadtLabor.Bot/.data/) and the Microsoft 365 Agents Playground, a Teams-like chat, pointed at it. Ctrl-C stops both.
# The intranet pages are at http://127.0.0.1:3978/anmelden, signed in as the Playground's user without Entra
# (development only: refused outside Development and from other machines).
# Ports: BOT_PORT (default 3978) and PLAYGROUND_PORT (default 56150), e.g. BOT_PORT=4000 PLAYGROUND_PORT=56200 ./run.sh
# Needs the .NET 10 SDK and Node.js 20 with npm. Logs: .data/run/.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
BOT_PORT=${BOT_PORT:-3978}
PLAYGROUND_PORT=${PLAYGROUND_PORT:-56150}
runtime=$root/.data/run
cli=$root/tools/checkers/node_modules/@microsoft/m365agentsplayground/cli.js
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

fail() { echo "run.sh: $*" >&2; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v dotnet >/dev/null 2>&1 || fail "the .NET 10 SDK (dotnet) is not installed."
command -v node >/dev/null 2>&1 || fail "Node.js is not installed (needed for the Agents Playground)."
for port in "$BOT_PORT" "$PLAYGROUND_PORT"; do
  case $port in ''|*[!0-9]*) fail "ports must be numbers (BOT_PORT=$BOT_PORT, PLAYGROUND_PORT=$PLAYGROUND_PORT)." ;; esac
done
# The Playground silently moves to a random port when its port is taken, and the bot accepts replies only to the
# port it was told: so refuse to start instead.
port_in_use "$BOT_PORT" && fail "port $BOT_PORT is in use (another ./run.sh?). Choose another: BOT_PORT=4000 ./run.sh"
port_in_use "$PLAYGROUND_PORT" && fail "port $PLAYGROUND_PORT is in use. Choose another: PLAYGROUND_PORT=56200 ./run.sh"

"$root/scripts/ensure-checkers.sh"
echo "Building the bot ..."
dotnet build bot/StadtLabor.Bot -v quiet -nologo -clp:NoSummary || fail "the build failed (see above)."

mkdir -p "$runtime/playground"
bot_pid="" playground_pid=""

stop_all() {
  trap - INT TERM EXIT
  local pid
  for pid in $playground_pid $bot_pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=""
    for pid in $playground_pid $bot_pid; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for pid in $playground_pid $bot_pid; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}
trap 'echo; echo "Stopping bot and Playground ..."; stop_all; echo "Stopped."; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# The Playground first: it needs nothing from the bot to start, and it tells us its tenant, which the bot must allow.
# Each process runs in its own session (setsid) with stdin from /dev/null, so that stopping kills its whole tree and
# the Playground does not exit after "Listening". Its working folder receives devTools/m365agentsplayground.log.
(cd "$runtime/playground" && exec setsid node "$cli" -e "http://127.0.0.1:$BOT_PORT/api/messages" -c msteams --dt \
   -p "$PLAYGROUND_PORT" >"$runtime/playground.log" 2>&1 </dev/null) &
playground_pid=$!
for _ in $(seq 1 150); do
  grep -q "Listening on" "$runtime/playground.log" 2>/dev/null && break
  kill -0 "$playground_pid" 2>/dev/null || { cat "$runtime/playground.log" >&2; fail "the Playground exited."; }
  sleep 0.2
done
actual=$(sed -n 's/.*Listening on \([0-9]*\).*/\1/p' "$runtime/playground.log" | head -n 1)
[ "$actual" = "$PLAYGROUND_PORT" ] || { cat "$runtime/playground.log" >&2; fail "the Playground listens on '${actual:-nothing}' instead of $PLAYGROUND_PORT."; }
tenant=$(curl -sf "http://127.0.0.1:$PLAYGROUND_PORT/_internal/v1/testConfig" | sed -n 's/.*"tenantId":"\([^"]*\)".*/\1/p' || true)
[ -n "$tenant" ] || fail "could not read the Playground's tenant from /_internal/v1/testConfig."
# The Playground's own user gets the lab-team role, so both sides of the trainings can be tried here. By UPN: its
# object ids are not real GUIDs; the bot asks the Playground for the member's UPN as it would ask Teams.
playground_user=$(curl -sf "http://127.0.0.1:$PLAYGROUND_PORT/_internal/v1/testConfig" \
  | sed -n 's/.*"currentUser":{[^}]*"userPrincipleName":"\([^"]*\)".*/\1/p' || true)
[ -n "$playground_user" ] || fail "could not read the Playground's user from /_internal/v1/testConfig."
# The pages sign in as that same person (object id and UPN, so the chat's data and roles are the page's too).
playground_oid=$(curl -sf "http://127.0.0.1:$PLAYGROUND_PORT/_internal/v1/testConfig" \
  | sed -n 's/.*"currentUser":{[^}]*"aadObjectId":"\([^"]*\)".*/\1/p' || true)
[ -n "$playground_oid" ] || fail "could not read the Playground's user object id from /_internal/v1/testConfig."
# The same user is a Lotse, in the innovation department and the research partner too, so the whole ideas and
# surveys flows can be tried here (create a survey, answer it, see its results and exports); the
# team's first channel (General) is the Lotsen channel, where new ideas appear once the app is added to that team.
lotsen_channel=$(curl -sf "http://127.0.0.1:$PLAYGROUND_PORT/_internal/v1/testConfig" | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    try { const c = JSON.parse(s).config; process.stdout.write(((c.teams || [])[0]?.channels || [])[0]?.id || ""); } catch { }
  });' || true)

# The same settings as the launch profile "Playground" (bot/StadtLabor.Bot/Properties/launchSettings.json), given as
# environment variables so that the ports can change: a launch profile's variables would override ours.
(exec env \
   ASPNETCORE_ENVIRONMENT=Development \
   ASPNETCORE_URLS="http://127.0.0.1:$BOT_PORT" \
   Bot__AppId=00000000-0000-0000-0000-000000000000 \
   Bot__AllowedTenants__0="$tenant" \
   Bot__ServiceUrlHosts__0="localhost:$PLAYGROUND_PORT" \
   Bot__ServiceUrlHosts__1="127.0.0.1:$PLAYGROUND_PORT" \
   Bot__Credential__Type=None \
   Bot__DangerouslyAllowAnonymous=true \
   Lab__Language=de \
   Lab__DemoData=true \
   Roles__LabTeam__0="$playground_user" \
   Roles__Lotse__0="$playground_user" \
   Roles__Innovation__0="$playground_user" \
   Roles__ResearchPartner__0="$playground_user" \
   Ideas__LotsenConversationId="$lotsen_channel" \
   Pages__DevelopmentSignInObjectId="$playground_oid" \
   Pages__DevelopmentSignInUpn="$playground_user" \
   Pages__RequireHttps=false \
   QuietHours__Enabled=false \
   setsid dotnet run --no-build --no-launch-profile --project bot/StadtLabor.Bot </dev/null) &
bot_pid=$!

echo "Starting the bot on http://127.0.0.1:$BOT_PORT ..."
ready=""
for _ in $(seq 1 240); do
  if curl -sf "http://127.0.0.1:$BOT_PORT/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$bot_pid" 2>/dev/null || fail "the bot exited during start-up (see its log above)."
  sleep 0.5
done
[ -n "$ready" ] || fail "the bot did not report ready on http://127.0.0.1:$BOT_PORT/health/ready within 120 s."

cat <<EOF

  ┌──────────────────────────────────────────────────────────────────────────────┐
    stadtLABOR-Bot läuft · is running

    Im Browser öffnen · open in your browser:   http://127.0.0.1:$PLAYGROUND_PORT

    DE  Der Playground ist ein Teams-ähnlicher Chat. Links „Personal Chat“
        öffnen: Die Seite fügt die App hinzu; beim allerersten Mal kommt die
        Willkommenskarte. Dann „hilfe“ schreiben oder Knöpfe klicken.
        (Der Bot antwortet hier auf Deutsch: Lab__Language=de.) Du bist hier
        auch im stadtLABOR-Team: „schulungen verwalten“ zeigt dessen Seite.
        Und Lotse: „idee“ reicht eine Idee ein, „lotsen“ zeigt die Ideen.
        Umfragen: „umfragen“ zeigt deine offenen Umfragen, „umfrage neu“
        legt eine an, „umfrage ergebnisse“ zeigt Ergebnisse (ab 5 Antworten).
        Beenden mit Strg+C (stoppt Bot und Playground).
    EN  The Playground is a Teams-like chat. Open "Personal Chat" on the left:
        the page adds the app; the very first time, the welcome card arrives.
        Then type "hilfe" (or "help") or click the buttons. The bot answers in
        German here (Lab__Language=de); without it, in the client's language.
        You are in the lab team here too: try "schulungen verwalten".
        And a Lotse: "idee" hands in an idea, "lotsen" shows the ideas.
        Surveys: "umfragen" lists yours, "umfrage neu" creates one,
        "umfrage ergebnisse" shows results (from 5 answers).
        Press Ctrl+C to stop both.

    Seiten: http://127.0.0.1:$BOT_PORT/anmelden
        DE  Die Intranet-Seiten, angemeldet als der Playground-Nutzer (ohne
            Entra; nur auf diesem Rechner).
        EN  The intranet pages, signed in as the Playground's user (without
            Entra; only on this machine).

    Bot: http://127.0.0.1:$BOT_PORT/api/messages
    Playground log: .data/run/playground.log (+ devTools/ beside it)
  └──────────────────────────────────────────────────────────────────────────────┘

EOF

# Until Ctrl-C, or until one of the two stops on its own.
set +e
wait -n "$bot_pid" "$playground_pid"
set -e
if ! kill -0 "$bot_pid" 2>/dev/null; then echo "The bot stopped; stopping the Playground." >&2; fi
if ! kill -0 "$playground_pid" 2>/dev/null; then echo "The Playground stopped (log: .data/run/playground.log); stopping the bot." >&2; fi
exit 1
