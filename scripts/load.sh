#!/usr/bin/env bash
# Load harness (on demand, not part of the tests): starts Azurite and maildev on free loopback ports, measures their
# raw write rate, then submissions through the local host, and prints a table for docs/PERFORMANCE.md.
# Usage: ./scripts/load.sh [applications=200] [concurrency=8]
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
SMTP_PORT=$(free_port)
start_maildev "$WORK/mail" "$SMTP_PORT" "$(free_port)" "$WORK/maildev.log"
PIDS+=("$MAILDEV_PID")

export TEST_STORAGE_CONNECTION="$AZURITE_CONNECTION_STRING" TEST_SMTP_PORT="$SMTP_PORT"
dotnet run -c Release --project tests/Serverless.LoadTests -- "$@"
