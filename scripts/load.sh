#!/usr/bin/env bash
# Load harness (on demand, not part of the tests): starts Azurite and maildev on free loopback ports, measures their
# raw write rate, then submissions through the local host, and prints a table for docs/PERFORMANCE.md.
# Usage: ./scripts/load.sh [applications=200] [concurrency=8]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

start_test_services

dotnet run -c Release --project tests/Serverless.LoadTests -- "$@"
