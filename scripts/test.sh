#!/usr/bin/env bash
# Runs every test: starts Azurite and maildev on free ports, runs the .NET tests (unit, storage, end to end), checks
# the Bicep templates, then stops the services.
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

dotnet test Serverless.sln --nologo "$@"

if [ -f infra/check.sh ]; then
  bash infra/check.sh
fi
