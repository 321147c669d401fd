#!/usr/bin/env bash
# Starts and stops the local services the product needs: Azurite (Azure Storage emulator), maildev (SMTP sink), a
# local FranceConnect-like OpenID Connect provider (tools/franceconnect-local, on oidc-provider), a local PayFiP
# (tools/payfip-local, on soap) and an API Particulier simulator answering from recorded fixtures (tools/api-particulier-local).
# Sourced by run-local.sh and test.sh; each service gets one PID that the caller stops.

AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Installs the npm tools (Azurite, maildev, esbuild for the widget, axe-core for the browser tests, oidc-provider and
# soap for the local FranceConnect and PayFiP) from the lock file when any is missing.
ensure_node_tools() {
  local root; root=$(repo_root)
  if [ ! -f "$root/node_modules/azurite/dist/src/azurite.js" ] || [ ! -f "$root/node_modules/maildev/dist/bin/maildev.js" ] \
     || [ ! -f "$root/node_modules/esbuild/package.json" ] || [ ! -f "$root/node_modules/axe-core/axe.min.js" ] \
     || [ ! -f "$root/node_modules/oidc-provider/package.json" ] || [ ! -f "$root/node_modules/soap/package.json" ]; then
    echo "Installing Azurite, maildev, esbuild, axe-core, oidc-provider and soap (npm ci)..."
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Installs the Debian packages the tests need when any is missing: chromium (browser tests, with the Liberation fonts the
# pages and certificates are checked against), poppler-utils (pdftoppm renders certificates to pixels for their QR code,
# pdfsig checks their signatures) and openssl (the real RFC 3161 authority of the timestamp tests). As root, or through
# sudo when it needs no password; otherwise it says which command to run and fails before any test does.
ensure_test_system_tools() {
  local missing=() sudo=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation2)
  { command -v pdftoppm && command -v pdfsig; } >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "The tests need ${missing[*]}: run 'sudo apt-get install ${missing[*]}', then this script again." >&2
      return 1
    fi
  fi
  echo "Installing ${missing[*]} (apt-get)..."
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Prints a free TCP port on 127.0.0.1.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# Waits until something listens on 127.0.0.1:$1 (up to $2 seconds).
wait_for_port() {
  local port=$1 timeout=${2:-30} waited=0
  until node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1");c.on("connect",()=>process.exit(0));c.on("error",()=>process.exit(1));' "$port" 2>/dev/null; do
    sleep 0.5; waited=$((waited + 1))
    if [ "$waited" -ge $((timeout * 2)) ]; then echo "Nothing listens on port $port after ${timeout}s" >&2; return 1; fi
  done
}

is_listening() {
  node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1");c.on("connect",()=>process.exit(0));c.on("error",()=>process.exit(1));' "$1" 2>/dev/null
}

# start_azurite DATA_DIR BLOB_PORT QUEUE_PORT TABLE_PORT LOG_FILE -> sets AZURITE_PID and AZURITE_CONNECTION_STRING
start_azurite() {
  local root data=$1 blob=$2 queue=$3 table=$4 log=$5
  root=$(repo_root)
  mkdir -p "$data"
  # --skipApiVersionCheck: the Azure SDK is newer than Azurite's newest service version. In a session of its own
  # (setsid), as maildev: Ctrl+C in a terminal signals the script's process group, and the host still needs storage
  # and the relay while it stops; the script's trap stops the host first, then them.
  setsid node "$root/node_modules/azurite/dist/src/azurite.js" \
    --location "$data" --silent --disableTelemetry --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" \
    --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$log" 2>&1 &
  AZURITE_PID=$!
  wait_for_port "$blob" && wait_for_port "$queue" && wait_for_port "$table"
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;"
}

# start_maildev MAIL_DIR SMTP_PORT WEB_PORT LOG_FILE -> sets MAILDEV_PID
start_maildev() {
  local root dir=$1 smtp=$2 web=$3 log=$4
  root=$(repo_root)
  mkdir -p "$dir"
  setsid node "$root/node_modules/maildev/dist/bin/maildev.js" \
    --smtp "$smtp" --web "$web" --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory "$dir" >"$log" 2>&1 &
  MAILDEV_PID=$!
  wait_for_port "$smtp" && wait_for_port "$web"
}

# start_franceconnect PORT LOG_FILE [KEYS_FILE] -> sets FRANCECONNECT_PID and FRANCECONNECT_ISSUER. The local provider
# (docs/FRANCECONNECT.md), on 127.0.0.1 only, in a session of its own as the other services.
start_franceconnect() {
  local root port=$1 log=$2 keys=${3:-}
  root=$(repo_root)
  setsid node "$root/tools/franceconnect-local/server.mjs" --port "$port" ${keys:+--keys "$keys"} >"$log" 2>&1 &
  FRANCECONNECT_PID=$!
  wait_for_port "$port"
  FRANCECONNECT_ISSUER="http://127.0.0.1:${port}/api/v2"
}

# start_payfip PORT LOG_FILE [LEDGER_FILE] -> sets PAYFIP_PID and PAYFIP_URL. The local PayFiP (docs/PAYMENTS.md): its
# SOAP service at $PAYFIP_URL/tpa/services/securite, its payment page at $PAYFIP_URL/tpa/paiementws.web, on 127.0.0.1
# only, in a session of its own as the other services.
start_payfip() {
  local root port=$1 log=$2 ledger=${3:-}
  root=$(repo_root)
  setsid node "$root/tools/payfip-local/server.mjs" --port "$port" ${ledger:+--ledger "$ledger"} >"$log" 2>&1 &
  PAYFIP_PID=$!
  wait_for_port "$port"
  PAYFIP_URL="http://127.0.0.1:${port}"
}

# start_api_particulier PORT LOG_FILE FRANCECONNECT_ISSUER -> sets API_PARTICULIER_PID and API_PARTICULIER_URL. The
# simulator of API Particulier's family quotient (docs/API-PARTICULIER.md), on 127.0.0.1 only; on its FranceConnect
# route it asks the provider at FRANCECONNECT_ISSUER who a citizen's access token belongs to.
start_api_particulier() {
  local root port=$1 log=$2 issuer=$3
  root=$(repo_root)
  setsid node "$root/tools/api-particulier-local/server.mjs" --port "$port" --franceconnect-issuer "$issuer" >"$log" 2>&1 &
  API_PARTICULIER_PID=$!
  wait_for_port "$port"
  API_PARTICULIER_URL="http://127.0.0.1:${port}"
}

stop_pid() {
  local pid=${1:-}
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

# Starts Azurite, maildev, the local FranceConnect, the local PayFiP and the API Particulier simulator on free loopback
# ports in a temporary folder, exports where they are (TEST_STORAGE_CONNECTION, TEST_SMTP_PORT, TEST_MAILDEV_URL,
# TEST_FRANCECONNECT_ISSUER, TEST_PAYFIP_URL, TEST_API_PARTICULIER_URL) and stops them when the calling script exits.
# Sets WORK (the folder).
start_test_services() {
  ensure_node_tools
  WORK=$(mktemp -d)
  TEST_SERVICE_PIDS=()
  trap 'for pid in "${TEST_SERVICE_PIDS[@]}"; do stop_pid "$pid"; done; rm -rf "$WORK"' EXIT INT TERM

  start_azurite "$WORK/azurite" "$(free_port)" "$(free_port)" "$(free_port)" "$WORK/azurite.log"
  TEST_SERVICE_PIDS+=("$AZURITE_PID")
  local smtp web
  smtp=$(free_port); web=$(free_port)
  start_maildev "$WORK/mail" "$smtp" "$web" "$WORK/maildev.log"
  TEST_SERVICE_PIDS+=("$MAILDEV_PID")

  start_franceconnect "$(free_port)" "$WORK/franceconnect.log"
  TEST_SERVICE_PIDS+=("$FRANCECONNECT_PID")
  start_api_particulier "$(free_port)" "$WORK/api-particulier.log" "$FRANCECONNECT_ISSUER"
  TEST_SERVICE_PIDS+=("$API_PARTICULIER_PID")

  start_payfip "$(free_port)" "$WORK/payfip.log"
  TEST_SERVICE_PIDS+=("$PAYFIP_PID")

  export TEST_STORAGE_CONNECTION="$AZURITE_CONNECTION_STRING"
  export TEST_FRANCECONNECT_ISSUER="$FRANCECONNECT_ISSUER"
  export TEST_API_PARTICULIER_URL="$API_PARTICULIER_URL"
  export TEST_SMTP_PORT="$smtp"
  export TEST_MAILDEV_URL="http://127.0.0.1:${web}"
  export TEST_PAYFIP_URL="$PAYFIP_URL"
  echo "Azurite (pid $AZURITE_PID), maildev (pid $MAILDEV_PID, SMTP $smtp, web $web), the local FranceConnect (pid $FRANCECONNECT_PID, $FRANCECONNECT_ISSUER), the local PayFiP (pid $PAYFIP_PID, $PAYFIP_URL) and the API Particulier simulator (pid $API_PARTICULIER_PID, $API_PARTICULIER_URL) are up."
}
