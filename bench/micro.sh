#!/usr/bin/env bash
# bench/micro.sh [filter ...] [BenchmarkDotNet options]: the micro benchmarks of the turn's pieces (token validation,
# activity JSON, routing, card expansion, words), with allocations per operation. Builds Release and runs
# bench/StadtLabor.Benchmarks with BenchmarkDotNet; results (Markdown, CSV, HTML, log) go to .artifacts/bench/micro/.
#   bench/micro.sh                          all of them (about 15 minutes on 2 cores)
#   bench/micro.sh Routing Parse            classes or methods (a word means *word*; a glob is passed as it is)
#   bench/micro.sh CardExpansion --job short   fewer iterations, for a quick look on a busy machine
#   bench/micro.sh --list flat              what there is
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_UI_LANGUAGE=en

filters=()
while [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do
  case $1 in *[*?]*) filters+=("$1") ;; *) filters+=("*$1*") ;; esac
  shift
done
[ ${#filters[@]} -gt 0 ] || filters=('*')
artifacts=.artifacts/bench/micro

echo "Building (Release) ..."
dotnet build bench/StadtLabor.Benchmarks -c Release -v quiet -nologo -clp:NoSummary >/dev/null \
  || { dotnet build bench/StadtLabor.Benchmarks -c Release -nologo 2>&1 | grep -E "error" | head -20; exit 1; }

# Other work on the same cores shows as noise: say how busy the machine was.
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/StadtLabor.Benchmarks/bin/Release/net10.0/StadtLabor.Benchmarks.dll --filter "${filters[@]}" --artifacts "$artifacts" "$@"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Results: $artifacts/results/ (one *-report-github.md per class)"
