#!/usr/bin/env bash
# Adds a migration for both database providers after a change to the model (an entity or its configuration).
# Usage: scripts/add-migration.sh AddTrainings
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
cd bot/StadtLabor.Bot
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --context "${provider}LabDbContext" \
    --output-dir "Data/Migrations/$provider" --namespace "StadtLabor.Bot.Data.Migrations.$provider"
done
# EF puts the model snapshot in a folder named after the namespace; keep it beside its migrations.
for provider in Sqlite Postgres; do
  if [ -d "StadtLabor/Bot/Data/Migrations/$provider" ]; then mv StadtLabor/Bot/Data/Migrations/$provider/*.cs "Data/Migrations/$provider/"; fi
done
rm -rf StadtLabor design.db
