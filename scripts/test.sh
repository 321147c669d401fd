#!/usr/bin/env bash
# Runs every test: checks the Bicep templates, starts Azurite and maildev on free ports, runs the .NET tests (unit,
# storage, end to end, browser), then stops the services.
# Usage: ./scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

start_test_services

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
