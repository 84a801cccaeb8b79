#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary folder, on a free loopback port, trust
# authentication, fsync off. Nothing is installed or changed outside that folder.
#   scripts/throwaway-postgres.sh start DIR   creates and starts it; prints the connection string (no database name)
#   scripts/throwaway-postgres.sh stop DIR    stops it and deletes DIR
#   scripts/throwaway-postgres.sh bindir      prints the folder with initdb/pg_ctl (exit 1 when there is none)
# As root it runs the server as the user `postgres` (PostgreSQL refuses to run as root).
set -euo pipefail

bindir() {
  local d
  # Version 15 first (what production uses), then the newest installed, then whatever is on PATH.
  for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

as_owner() { # runs a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local dir=$1 bin port attempt
  bin=$(bindir) || { echo "PostgreSQL is not installed (no initdb/pg_ctl)." >&2; return 1; }
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres: "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { echo "initdb failed:" >&2; tail -n 20 "$dir/initdb.log" >&2; return 1; }
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
         start >/dev/null 2>&1; then
      echo "Host=127.0.0.1;Port=$port;Username=postgres"
      return 0
    fi
  done
  echo "PostgreSQL did not start:" >&2
  tail -n 20 "$dir/server.log" >&2 || true
  return 1
}

stop() {
  local dir=$1 bin
  if [ -f "$dir/data/postmaster.pid" ] && bin=$(bindir); then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?usage: $0 start DIR}" ;;
  stop) stop "${2:?usage: $0 stop DIR}" ;;
  bindir) bindir ;;
  *) echo "usage: $0 start DIR | stop DIR | bindir" >&2; exit 2 ;;
esac
