#!/usr/bin/env bash
# Load harness (on demand, not part of scripts/test.sh): builds the local host and the harness in Release, then the
# harness starts its own Azurite (blob, queue and table as three processes, each one's CPU measured) and maildev on
# free loopback ports, measures their raw row+blob rate and a bare
# orchestration, starts the local host as a separate process (time to ready, RSS), submits every application and
# approves each one through the agent's e-mail link, and writes artifacts/load/load-<time>.json, .md and .png.
# Usage: ./scripts/load.sh [--applications N] [--concurrency C] [--timeout MINUTES] [--trace] [--scale-out]
#        ./scripts/load.sh --steady --rate R --minutes M --store N [--bare B]   (issue 25: open-loop arrivals on a seeded store)
#        ./scripts/load.sh --find-capacity --rate R [--steps K] --minutes M --store N [--bare B]   (the highest flat rate)
#        ./scripts/load.sh --render artifacts/load/load-<time>.json [--into docs/PERFORMANCE.md]
# Backend tuning for a run: DurableTask__PartitionCount=2 ./scripts/load.sh … (passed to the host and the bare run).
# Exit code: 0 when every application completed; 1 when something was lost or late; 2 when the harness could not run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

ensure_node_tools
dotnet build functions/Serverless.LocalHost -c Release -nologo -v q -clp:ErrorsOnly >&2
dotnet build tests/Serverless.LoadTests -c Release -nologo -v q -clp:ErrorsOnly >&2

export LOAD_HOST_DLL="$ROOT/functions/Serverless.LocalHost/bin/Release/net10.0/Serverless.LocalHost.dll"
export LOAD_NODE_MODULES="$ROOT/node_modules"
LOAD_CODE_VERSION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$ROOT" status --porcelain -- functions 2>/dev/null)" ]; then LOAD_CODE_VERSION="$LOAD_CODE_VERSION + uncommitted changes"; fi
export LOAD_CODE_VERSION

# The harness stops every process it started itself.
dotnet "$ROOT/tests/Serverless.LoadTests/bin/Release/net10.0/Serverless.LoadTests.dll" "$@"
