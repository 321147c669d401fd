#!/usr/bin/env bash
# Runs every test: checks the Bicep templates, starts Azurite and maildev on free ports, runs the widget's node tests and the .NET tests (unit,
# storage, end to end, browser), stops the services, then runs the fault harness's short version (kill -9 and an
# SMTP outage through a separate local-host process, on the harness's own Azurite and maildev).
# Usage: ./scripts/test.sh [extra dotnet test arguments]   (with arguments, e.g. a --filter, the harness is skipped)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

# The Debian packages first (chromium, poppler-utils, openssl): a fresh machine gets them before any service starts.
ensure_test_system_tools
start_test_services

# The infrastructure templates first: quick, and a broken template fails the run.
bash infra/check.sh

# The widget: built (size printed, over 30 KB gzipped fails), then its pure logic under node's own test runner.
# The local FranceConnect provider's, the local PayFiP's and the API Particulier simulator's own tests run with them.
node widget/build.mjs
set +e
node --test --test-reporter=tap widget/test/ tools/franceconnect-local/test/ tools/payfip-local/test/ tools/api-particulier-local/test/ 2>&1 | tee "$WORK/widget-test.log"
widget_status=${PIPESTATUS[0]}
dotnet test Serverless.sln --nologo "$@" 2>&1 | tee "$WORK/dotnet-test.log"
status=${PIPESTATUS[0]}
set -e
[ "$widget_status" -eq 0 ] || status=$widget_status

# The fault harness's short version: every accepted application final, nothing lost, nothing done twice.
: >"$WORK/faults.log"
if [ "$#" -eq 0 ]; then
  set +e
  ./scripts/faults.sh --short --results "$WORK/faults" 2>&1 | tee "$WORK/faults.log"
  faults_status=${PIPESTATUS[0]}
  set -e
  [ "$faults_status" -eq 0 ] || status=$faults_status
  rm -rf artifacts/faults-short && mkdir -p artifacts && cp -r "$WORK/faults" artifacts/faults-short 2>/dev/null || true
fi

# One closing line for the whole run, summed over the test projects and the harness's scenarios (one row each).
awk '/^# pass [0-9]+$/ { p += $3 } /^# fail [0-9]+$/ { f += $3 }
     /^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     /^\| [a-z0-9-]+ \|.*\| pass \|$/ { p += 1 } /^\| [a-z0-9-]+ \|.*\| FAIL \|$/ { f += 1 }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$WORK/widget-test.log" "$WORK/dotnet-test.log" "$WORK/faults.log"
exit "$status"
