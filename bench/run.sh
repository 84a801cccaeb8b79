#!/usr/bin/env bash
# bench/run.sh: the benchmark in one command. Builds Release, starts a throwaway PostgreSQL (when installed and
# STADTLABOR_TEST_POSTGRES is not set), then runs bench/StadtLabor.Bench: a local token issuer, a connector stub, a bare
# ASP.NET Core endpoint and the bot (own process, Production mode, full JWT check, SQLite file and PostgreSQL), driven
# in interleaved rounds. Prints a Markdown table and writes it to .artifacts/bench/<timestamp>.md (+ .json, server logs).
# Comparison targets in the same rounds: a minimal protocol round trip in C# and Microsoft's JS SDK echo bot (bench/jssdk,
# installed with npm ci when node_modules is missing; skipped without node). --memory: "hilfe" on SQLite for 100,000
# turns, sampling the bot's working set. Options go through to the bench (bench/run.sh --help), e.g.
#   bench/run.sh --duration 10 --connections 50 --targets signup      bench/run.sh --memory
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_UI_LANGUAGE=en

pg_dir="" bench_pid=""
cleanup() {
  # The bench runs in its own process group with the servers it starts: if it dies, none of them is left behind.
  if [ -n "$bench_pid" ]; then kill -TERM -- "-$bench_pid" 2>/dev/null || true; fi
  if [ -n "$pg_dir" ]; then "$root/scripts/throwaway-postgres.sh" stop "$pg_dir" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Building (Release) ..."
dotnet build bench/StadtLabor.Bench -c Release -v quiet -nologo -clp:NoSummary >/dev/null \
  || { dotnet build bench/StadtLabor.Bench -c Release -nologo 2>&1 | grep -E "error" | head -20; exit 1; }

args=()
r2r=yes
for a in "$@"; do
  if [ "$a" = "--jit" ]; then r2r=""; else args+=("$a"); fi
done
# The bot as it is deployed: published ReadyToRun, so its libraries (EF Core, Npgsql, Polly ...) start compiled
# instead of being JIT-compiled under load. --jit measures the plain build instead.
if [ -n "$r2r" ]; then
  case " ${args[*]-} " in *" --help "*) ;; *)
    echo "Publishing the bot ReadyToRun ..."
    out="$root/.artifacts/bench/bot-r2r"
    dotnet publish bot/StadtLabor.Bot -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -v quiet -nologo \
      -o "$out" >/dev/null || { echo "ReadyToRun publish failed; measuring the plain build (--jit)."; out=""; }
    [ -n "$out" ] && export STADTLABOR_BENCH_BOT="$out" ;;
  esac
else
  unset STADTLABOR_BENCH_BOT
fi
# PostgreSQL only when a chosen target runs on it: the memory run and lists without a postgres target do not need it.
needs_pg=yes
case " ${args[*]-} " in
  *" --memory "*|*" --memory-turns "*) needs_pg="" ;;
  *" --targets "*)
    list=$(printf '%s\n' "${args[@]}" | grep -A1 -x -- --targets | tail -1)
    case ",$list," in
      *,postgres*|*,hilfe,*|*,schulungen,*|*,signup,*) ;;
      *) needs_pg="" ;;
    esac ;;
esac
if [ -n "$needs_pg" ] && [ -z "${STADTLABOR_TEST_POSTGRES:-}" ]; then
  if "$root/scripts/throwaway-postgres.sh" bindir >/dev/null 2>&1; then
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/stadtlabor-bench-pg.XXXXXX")
    export STADTLABOR_TEST_POSTGRES=$("$root/scripts/throwaway-postgres.sh" start "$pg_dir")
  else
    case " ${args[*]-} " in
      *" --targets "*) ;;
      *) echo "PostgreSQL is not installed: measuring the bare endpoint, the comparison targets and SQLite only."; args+=(--targets bare,protocol,jssdk,sqlite) ;;
    esac
  fi
fi

setsid dotnet exec bench/StadtLabor.Bench/bin/Release/net10.0/StadtLabor.Bench.dll ${args[@]+"${args[@]}"} </dev/null &
bench_pid=$!
set +e
wait "$bench_pid"
code=$?
set -e
bench_pid=""
exit $code
