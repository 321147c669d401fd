#!/usr/bin/env bash
# Back-office benchmark (on demand, not part of the tests): starts Azurite and maildev on free loopback ports, seeds
# applications of one commune with their index rows, measures the list's first page under filters (p50/p95) and the
# export of 10,000 rows, and prints tables for docs/PERFORMANCE.md.
# Usage: ./scripts/backoffice-bench.sh [applications=100000] [runs=200]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

start_test_services

dotnet run -c Release --project tests/Serverless.BackOfficeBench -- "$@"
