#!/usr/bin/env bash
# Back-office benchmark (on demand, not part of the tests): starts Azurite on free loopback ports, seeds applications
# of one commune with their index rows, measures the list's first page under filters (p50/p95) and the export of
# about 10,000 rows, and prints tables for docs/PERFORMANCE.md.
# Usage: ./scripts/backoffice-bench.sh [applications=100000] [runs=200]
# Azurite keeps its data in memory (--inMemoryPersistence): with its default disk persistence it rewrites the whole
# table file every few seconds while 200,000 rows arrive, which measures the emulator's disk saves, not the list.
# BENCH_AZURITE_DISK=1 keeps the default disk persistence instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

ensure_node_tools
WORK=$(mktemp -d)
trap 'stop_pid "${AZURITE_PID:-}"; rm -rf "$WORK"' EXIT INT TERM
blob=$(free_port); queue=$(free_port); table=$(free_port)
persistence=(--inMemoryPersistence)
if [ "${BENCH_AZURITE_DISK:-0}" = "1" ]; then persistence=(--location "$WORK/azurite"); mkdir -p "$WORK/azurite"; fi
# --skipApiVersionCheck: the Azure SDK is newer than Azurite's newest service version.
node "$ROOT/node_modules/azurite/dist/src/azurite.js" \
  "${persistence[@]}" --silent --disableTelemetry --skipApiVersionCheck --loose \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" >"$WORK/azurite.log" 2>&1 &
AZURITE_PID=$!
wait_for_port "$table"
echo "Azurite $(node -p "require('$ROOT/node_modules/azurite/package.json').version") (pid $AZURITE_PID, ${persistence[*]}) on port $table; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
export TEST_STORAGE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;"

dotnet run -c Release --project tests/Serverless.BackOfficeBench -- "$@"
