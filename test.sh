#!/usr/bin/env bash
# ./test.sh: restore, build (warnings are errors), install the pinned npm checkers, start a throwaway PostgreSQL on
# loopback, run every test project, and end with exactly one line "N passed, N failed, N skipped".
# Exit code 0 only when every project ran and nothing failed. As root on Debian it first installs what is missing
# (postgresql, chromium; nodejs/npm if there is no node). TRX files and logs: .artifacts/test-results/.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
results=$root/.artifacts/test-results
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_UI_LANGUAGE=en

start_time=$SECONDS
timings=()
problems=()          # things that went wrong outside a test (each counts as one failure)
passed=0 failed=0 skipped=0
failed_names=()
pg_dir=""
npm_pid=""

step() { echo; echo "==> $*"; step_started=$SECONDS; }
took() { timings+=("$1 $((SECONDS - step_started))s"); }

cleanup() {
  if [ -n "$npm_pid" ]; then kill "$npm_pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ]; then "$root/scripts/throwaway-postgres.sh" stop "$pg_dir" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Prints the failures, the time per step, and the closing line; exits 1 when anything failed.
finish() {
  local total_failed=$((failed + ${#problems[@]}))
  echo
  if [ ${#failed_names[@]} -gt 0 ]; then
    echo "Failed tests:"
    printf '  %s\n' "${failed_names[@]:0:30}"
    if [ ${#failed_names[@]} -gt 30 ]; then echo "  ... and $(( ${#failed_names[@]} - 30 )) more (see .artifacts/test-results/*.trx)"; fi
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    echo "Problems (each counted as a failure):"
    printf '  %s\n' "${problems[@]}"
  fi
  timings+=("total $((SECONDS - start_time))s")
  local IFS=,
  echo "Time: ${timings[*]}" | sed 's/,/, /g'
  echo "$passed passed, $total_failed failed, $skipped skipped"
  if [ "$total_failed" -eq 0 ]; then exit 0; else exit 1; fi
}

# ---------------------------------------------------------------------------------------------------------------
rm -rf "$results"
mkdir -p "$results"

step "Tools"
missing=()
if ! "$root/scripts/throwaway-postgres.sh" bindir >/dev/null 2>&1; then missing+=(postgresql); fi
if ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
# Chromium's German words and date formats (a date field shows 05.12.2026, not 12/05/2026, in the German screenshots).
if [ ! -f /usr/lib/chromium/locales/de.pak ] && command -v apt-get >/dev/null 2>&1; then missing+=(chromium-l10n); fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing missing Debian packages: ${missing[*]}"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
         >"$results/apt.log" 2>&1; then
      echo "apt-get failed (log: .artifacts/test-results/apt.log):"; tail -n 15 "$results/apt.log"
    fi
  else
    echo "Missing: ${missing[*]} (run ./test.sh as root on Debian to install them; tests that need them say so)."
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "The .NET SDK (dotnet) is not installed."; problems+=("no dotnet"); finish; }
echo "dotnet $(dotnet --version), node $(node --version 2>/dev/null || echo missing), PostgreSQL $("$root/scripts/throwaway-postgres.sh" bindir 2>/dev/null || echo missing), chromium $(command -v chromium || echo missing)"
took tools

# npm ci runs beside restore and build (it waits on the network, they on the CPU).
if command -v npm >/dev/null 2>&1; then
  ( started=$SECONDS
    "$root/scripts/ensure-checkers.sh" >"$results/npm.log" 2>&1
    echo $((SECONDS - started)) >"$results/npm.seconds" ) &
  npm_pid=$!
fi

step "Restore"
if ! dotnet restore; then problems+=("dotnet restore failed"); finish; fi
took restore

step "Build (Release, warnings are errors)"
if ! dotnet build -c Release --no-restore; then problems+=("build failed"); finish; fi
took build

step "npm checkers (tools/checkers)"
if [ -n "$npm_pid" ]; then
  pid=$npm_pid
  if wait "$pid"; then npm_pid=""; cat "$results/npm.log"; echo "ok"
  else npm_pid=""; cat "$results/npm.log"; problems+=("npm ci in tools/checkers failed (see above)"); fi
  timings+=("npm $(cat "$results/npm.seconds" 2>/dev/null || echo '?')s (beside restore and build)")
else
  problems+=("npm is missing: the checker and Playground tests cannot run")
fi

step "PostgreSQL (throwaway, loopback)"
step_started=$SECONDS
if "$root/scripts/throwaway-postgres.sh" bindir >/dev/null 2>&1; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/stadtlabor-pg.XXXXXX")
  if connection=$("$root/scripts/throwaway-postgres.sh" start "$pg_dir"); then
    export STADTLABOR_TEST_POSTGRES="$connection"
    echo "STADTLABOR_TEST_POSTGRES=$connection"
  else
    problems+=("the throwaway PostgreSQL did not start (see above)")
  fi
elif [ -n "${CI:-}" ]; then
  problems+=("PostgreSQL is not installed, so the PostgreSQL tests would be skipped; in CI that is a failure")
else
  echo "PostgreSQL is not installed: the PostgreSQL tests will be skipped."
fi
took postgres

# ---------------------------------------------------------------------------------------------------------------
counter() { # counter NAME COUNTERS_ELEMENT -> the number, 0 when absent
  local n
  n=$(printf '%s' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9][0-9]*' || true)
  echo "${n:-0}"
}

for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  step "Test $name"
  trx=$results/$name.trx
  set +e
  dotnet test "$project" --no-build -c Release --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    2>&1 | tee "$results/$name.log"
  code=${PIPESTATUS[0]}
  set -e
  took "$name"

  if [ ! -f "$trx" ]; then
    problems+=("$name: no test results (dotnet test exited with $code; log: .artifacts/test-results/$name.log)")
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
  p=$(counter passed "$counters")
  f=$(( $(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters") ))
  # VSTest writes skipped tests as outcome NotExecuted but leaves the notExecuted counter at 0: take total - executed.
  s=$(counter notExecuted "$counters")
  not_run=$(( $(counter total "$counters") - $(counter executed "$counters") ))
  if [ "$not_run" -gt "$s" ]; then s=$not_run; fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  while IFS= read -r line; do
    [ -n "$line" ] && failed_names+=("$line")
  done < <(grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" \
             | sed -e 's/.* testName="\([^"]*\)".*/\1/' \
                   -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' || true)

  # A crashed or aborted test host can leave a TRX that counts no failure: the exit code still tells.
  if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then
    problems+=("$name: dotnet test exited with $code but its results count no failed test (test host crashed or aborted?)")
  fi
  if [ $((p + f + s)) -eq 0 ]; then
    problems+=("$name: ran no test")
  fi
done

finish
