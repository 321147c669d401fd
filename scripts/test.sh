#!/usr/bin/env bash
# Runs every test: checks the Bicep templates, starts Azurite and maildev on free ports, runs the .NET tests (unit,
# storage, end to end, browser), then stops the services.
# Usage: ./scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

ensure_node_tools
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

start_azurite "$WORK/azurite" "$(free_port)" "$(free_port)" "$(free_port)" "$WORK/azurite.log"
PIDS+=("$AZURITE_PID")
SMTP_PORT=$(free_port); MAILDEV_WEB_PORT=$(free_port)
start_maildev "$WORK/mail" "$SMTP_PORT" "$MAILDEV_WEB_PORT" "$WORK/maildev.log"
PIDS+=("$MAILDEV_PID")

export TEST_STORAGE_CONNECTION="$AZURITE_CONNECTION_STRING"
export TEST_SMTP_PORT="$SMTP_PORT"
export TEST_MAILDEV_URL="http://127.0.0.1:${MAILDEV_WEB_PORT}"
echo "Azurite (pid $AZURITE_PID) and maildev (pid $MAILDEV_PID, SMTP $SMTP_PORT, web $MAILDEV_WEB_PORT) are up."

# The infrastructure templates first: quick, and a broken template fails the run.
bash infra/check.sh

set +e
dotnet test Serverless.sln --nologo "$@" 2>&1 | tee "$WORK/dotnet-test.log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$WORK/dotnet-test.log"
exit "$status"
