#!/usr/bin/env bash
# Runs the whole product locally: Azurite, maildev, the local FranceConnect provider, the local PayFiP, the API Particulier
# simulator and the local host (the Functions code without Core Tools).
# Usage: ./scripts/run-local.sh        (Ctrl+C stops everything it started)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ROOT=$(repo_root)
cd "$ROOT"

SETTINGS="$ROOT/functions/Serverless.Functions/local.settings.json"
if [ ! -f "$SETTINGS" ]; then
  # First run: start from the sample with fresh keys, so no two machines share review-link or access keys.
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    s.Values["ReviewTokens__Keys__local1"] = crypto.randomBytes(32).toString("base64");
    s.Values["CitizenAccess__Keys__k1"] = crypto.randomBytes(32).toString("base64");
    fs.writeFileSync(process.argv[2], JSON.stringify(s, null, 2) + "\n");' "$ROOT/local.settings.sample.json" "$SETTINGS"
  echo "Created $SETTINGS from local.settings.sample.json (with fresh keys)."
fi

ensure_node_tools
mkdir -p .local
PIDS=()
# Last started, first stopped: the host finishes its work while storage and the relay still answer.
cleanup() { for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done; }
trap cleanup EXIT INT TERM

if is_listening 10000; then
  echo "Azurite already listens on 10000: using it."
else
  start_azurite "$ROOT/.azurite" 10000 10001 10002 "$ROOT/.local/azurite.log"
  PIDS+=("$AZURITE_PID")
fi

if is_listening 1025; then
  echo "An SMTP server already listens on 1025: using it."
else
  start_maildev "$ROOT/.maildev" 1025 1080 "$ROOT/.local/maildev.log"
  PIDS+=("$MAILDEV_PID")
fi

if is_listening 7080; then
  echo "Something already listens on 7080: using it as the local FranceConnect."
else
  start_franceconnect 7080 "$ROOT/.local/franceconnect.log" "$ROOT/.local/franceconnect-keys.json"
  PIDS+=("$FRANCECONNECT_PID")
fi

if is_listening 7090; then
  echo "Something already listens on 7090: using it as the local PayFiP."
else
  start_payfip 7090 "$ROOT/.local/payfip.log" "$ROOT/.local/payfip-ledger.json"
  PIDS+=("$PAYFIP_PID")
fi

if is_listening 7091; then
  echo "Something already listens on 7091: using it as the API Particulier simulator."
else
  start_api_particulier 7091 "$ROOT/.local/api-particulier.log" "http://127.0.0.1:7080/api/v2"
  PIDS+=("$API_PARTICULIER_PID")
fi

dotnet build functions/Serverless.LocalHost --nologo -v quiet -clp:ErrorsOnly
# The host's own process, not `dotnet run` (a stop sent to `dotnet run` did not reach the host it had started).
functions/Serverless.LocalHost/bin/Debug/net10.0/Serverless.LocalHost --settings "$SETTINGS" &
PIDS+=("$!")
wait_for_port 7071 120

cat <<INFO

  Citizen e-services are running locally.
    Demo form (school enrolment): http://localhost:7071/api/procedures/school-enrolment/form
    API base:                     http://localhost:7071/api
    E-mail inbox (maildev):       http://localhost:1080
    FranceConnect (local):        http://127.0.0.1:7080/api/v2/.well-known/openid-configuration
    PayFiP (local):               http://127.0.0.1:7090/tpa/services/securite?wsdl  (ledger: http://127.0.0.1:7090/admin/ledger)
    API Particulier (simulator):  http://127.0.0.1:7091/v3/dss/quotient_familial/identite (fixtures in tools/api-particulier-local/fixtures)
    Azurite:                      blob 10000, queue 10001, table 10002 (data in .azurite/)
  Press Ctrl+C to stop.

INFO
wait "${PIDS[-1]}"
