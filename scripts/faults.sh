#!/usr/bin/env bash
# Fault harness (on demand; scripts/test.sh runs --short): builds the local host once in Release, then runs it as a
# separate process on the harness's own Azurite, maildev and SMTP forwarder (all on 127.0.0.1), kills it, cuts the
# relay and the storage, and checks that every application ends once with one certificate and one of each e-mail.
# Usage: ./scripts/faults.sh [--applications N (per scenario)] [--short] [--scenario NAME ...] [--settle SECONDS]
# Scenarios: kill9 smtp-outage smtp-long-outage storage-outage crash-after-effect two-hosts circuit-crash payment.
# --short runs kill9, smtp-outage, circuit-crash and payment (3 applications each for the last two). The payment
# scenario starts its own local PayFiP (tools/payfip-local). Results: artifacts/faults/.
# Exit code: 0 when lost = 0, duplicates = 0 and every check passed; 1 otherwise; 2 when the harness could not run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

ensure_node_tools

echo "Building the local host (Release) and the harness..."
dotnet build functions/Serverless.LocalHost -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/Serverless.FaultHarness -c Release -nologo -v q -clp:ErrorsOnly

export FAULTS_HOST_DLL="$ROOT/functions/Serverless.LocalHost/bin/Release/net10.0/Serverless.LocalHost.dll"
export FAULTS_NODE_MODULES="$ROOT/node_modules"
# Which product code ran: the commit checked out, and the last commit that changed functions/ (the code under test).
FAULTS_CODE_VERSION="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) (functions/ at $(git -C "$ROOT" log -1 --format=%h -- functions 2>/dev/null || echo unknown))"
if [ -n "$(git -C "$ROOT" status --porcelain -- functions 2>/dev/null)" ]; then FAULTS_CODE_VERSION="$FAULTS_CODE_VERSION + uncommitted changes"; fi
export FAULTS_CODE_VERSION

# The harness stops every process it started itself; no trap is needed here.
dotnet "$ROOT/tests/Serverless.FaultHarness/bin/Release/net10.0/Serverless.FaultHarness.dll" "$@"
