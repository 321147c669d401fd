#!/bin/sh
# Proves, without Azure, that provisioning never replaces a root key: infra/hooks/root-keys.sh (what every
# `azd provision` runs after the templates) is run against a fake `az` (infra/tests/fake-az/az) that keeps a Key
# Vault in a temporary folder. Run by infra/check.sh, so by CI.
#
#   sh infra/tests/root-keys.test.sh
#
# Prints one "ok:"/"FAIL:" line per check and, last, "root-keys: N passed, M failed"; exits 1 on any failure.
set -u

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
hook="$here/../hooks/root-keys.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...: the command must succeed
    description=$1
    shift
    if "$@"; then ok "$description"; else bad "$description"; fi
}

# new_vault: a fresh fake Key Vault store; sets STORE.
new_vault() {
    STORE=$(mktemp -d "$tmp/store.XXXXXX")
    mkdir -p "$STORE/kv-test/secrets" "$STORE/kv-test/deleted"
    : > "$STORE/calls.log"
}

# run_hook [NAME=VALUE...]: runs the hook with the fake az first on PATH; output in $STORE/out, exit code in RC.
run_hook() {
    : > "$STORE/calls.log"
    RC=0
    env PATH="$here/fake-az:$PATH" FAKE_AZ_STORE="$STORE" AZURE_KEY_VAULT_NAME=kv-test ROOT_KEYS_RETRY_SECONDS=0 \
        AZURE_FUNCTION_APP_NAME=func-api-test AZURE_RESOURCE_GROUP=rg-test "$@" sh "$hook" > "$STORE/out" 2>&1 || RC=$?
}

# snapshot: every file of the vault (names, versions, values, content types) with its SHA-256.
snapshot() {
    (cd "$STORE/kv-test" && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$f"; done)
}

versions() { find "$STORE/kv-test/secrets/$1" -name 'v*' 2> /dev/null | wc -l | tr -d ' '; }
value_of() { cat "$STORE/kv-test/secrets/$1/v1"; }
no_set_call() { ! grep -q 'keyvault secret set' "$STORE/calls.log"; }
decodes_to_48_bytes() { [ "$(value_of "$1" | base64 -d 2> /dev/null | wc -c | tr -d ' ')" = 48 ]; }

# --- 1. First provision, then the same provision again -----------------------------------------------------------
new_vault
run_hook
check "first run exits 0" [ "$RC" = 0 ]
for name in review-token-key-1 citizen-access-key transparency-signing-key; do
    check "first run creates $name, one version" [ "$(versions "$name")" = 1 ]
    check "$name is 48 random bytes in base64" decodes_to_48_bytes "$name"
done
check "first run creates exactly the three root keys" [ "$(ls "$STORE/kv-test/secrets" | wc -l | tr -d ' ')" = 3 ]
check "first run restarts the app once (Key Vault references resolve)" [ "$(cat "$STORE/restarts" 2> /dev/null)" = func-api-test ]
check "the three keys differ" [ "$(for f in "$STORE"/kv-test/secrets/*/v1; do cat "$f"; echo; done | sort -u | wc -l | tr -d ' ')" = 3 ]
before=$(snapshot)
rm -f "$STORE/restarts"
run_hook
check "second run exits 0" [ "$RC" = 0 ]
check "second run leaves every secret as it was (names, versions, values, content types)" [ "$(snapshot)" = "$before" ]
check "second run makes no 'secret set' call" no_set_call
check "second run does not restart the app" [ ! -e "$STORE/restarts" ]
check "second run says it kept each key" [ "$(grep -c '^root-keys: kept ' "$STORE/out")" = 3 ]
echo "    second run's output:"
sed 's/^/      /' "$STORE/out"
check "no value ever passed on a command line" [ ! -e "$STORE/value-on-command-line" ]

# --- 2. A key set by someone else is never overwritten ------------------------------------------------------------
new_vault
mkdir -p "$STORE/kv-test/secrets/citizen-access-key"
printf 'dGhlIG9wZXJhdG9yJ3Mgb3duIGtleSwgd2hpY2ggbXVzdCBzdXJ2aXZlIGV2ZXJ5IHByb3Zpc2lvbg==' > "$STORE/kv-test/secrets/citizen-access-key/v1"
existing=$(value_of citizen-access-key)
run_hook
check "with one key present: exits 0" [ "$RC" = 0 ]
check "the existing citizen-access-key keeps its value" [ "$(value_of citizen-access-key)" = "$existing" ]
check "the existing citizen-access-key gets no new version" [ "$(versions citizen-access-key)" = 1 ]
check "the two missing keys are created" [ "$(versions review-token-key-1)$(versions transparency-signing-key)" = 11 ]
check "no 'secret set' call names citizen-access-key" sh -c "! grep 'secret set' '$STORE/calls.log' | grep -q -- '--name citizen-access-key '"

# --- 3. Existence unknown: nothing is written --------------------------------------------------------------------
new_vault
touch "$STORE/kv-test/forbid-list"
before=$(snapshot)
run_hook
check "secret list refused: exits non-zero" [ "$RC" != 0 ]
check "secret list refused: no 'secret set' call" no_set_call
check "secret list refused: the vault is unchanged" [ "$(snapshot)" = "$before" ]

# A role assignment not yet in force: the list is tried again.
new_vault
touch "$STORE/kv-test/forbid-list-once"
run_hook ROOT_KEYS_RETRY_SECONDS=5 ROOT_KEYS_RETRY_INTERVAL=1
check "secret list refused once, then allowed: exits 0 after a retry" [ "$RC" = 0 ]
check "secret list refused once, then allowed: the three keys are created" [ "$(ls "$STORE/kv-test/secrets" | wc -l | tr -d ' ')" = 3 ]

# --- 4. A soft-deleted key is not replaced -------------------------------------------------------------------------
new_vault
touch "$STORE/kv-test/deleted/citizen-access-key"
run_hook
check "soft-deleted citizen-access-key: exits non-zero" [ "$RC" != 0 ]
check "soft-deleted citizen-access-key: nothing written, not even the other keys" no_set_call
check "soft-deleted citizen-access-key: says how to recover it" grep -q 'az keyvault secret recover --vault-name kv-test --name citizen-access-key' "$STORE/out"

# --- 5. Rotation: a new key id creates only its own secret --------------------------------------------------------
new_vault
run_hook
before_k1=$(value_of review-token-key-1)
run_hook REVIEW_TOKEN_KEY_IDS=k1,k2 CITIZEN_ACCESS_KEY_IDS=k1,k2 TRANSPARENCY_SIGNING_KEY_IDS=k1
check "rotation run exits 0" [ "$RC" = 0 ]
check "rotation creates review-token-key-2 and citizen-access-key-2" [ "$(versions review-token-key-2)$(versions citizen-access-key-2)" = 11 ]
check "rotation leaves review-token-key-1 as it was" [ "$(value_of review-token-key-1)$(versions review-token-key-1)" = "${before_k1}1" ]
check "rotation writes exactly two secrets" [ "$(grep -c 'keyvault secret set' "$STORE/calls.log")" = 2 ]

# --- 6. Production without temporary access: refused, nothing half-done --------------------------------------------
new_vault
touch "$STORE/kv-test/forbid-set"
before=$(snapshot)
run_hook
check "no write access: exits non-zero" [ "$RC" != 0 ]
check "no write access: the vault is unchanged" [ "$(snapshot)" = "$before" ]
check "no write access: points at temporary access" grep -q 'Temporary access in production' "$STORE/out"

# --- 7. Key ids and names ------------------------------------------------------------------------------------------
new_vault
run_hook REVIEW_TOKEN_KEY_IDS=k1,k02
check "key id k02 is refused" [ "$RC" != 0 ]
check "a refused key id writes nothing" no_set_call
run_hook REVIEW_TOKEN_KEY_IDS=x1
check "key id x1 is refused" [ "$RC" != 0 ]
run_hook CITIZEN_ACCESS_KEY_IDS=k2 CITIZEN_ACCESS_ACTIVE_KEY_ID=k1
check "an active key id that is not accepted is refused" [ "$RC" != 0 ]
check "a refused active key id writes nothing" no_set_call
names=$(env REVIEW_TOKEN_KEY_IDS=' k1 , k3' CITIZEN_ACCESS_KEY_IDS=k1,k2 TRANSPARENCY_SIGNING_KEY_IDS=k1,k12 sh "$hook" --names | tr '\n' ' ')
check "--names maps key ids to secrets ($names)" [ "$names" = "review-token-key-1 review-token-key-3 citizen-access-key citizen-access-key-2 transparency-signing-key transparency-signing-key-12 " ]

# --- 8. The postprovision hook runs it with the provision's outputs, twice -----------------------------------------
new_vault
repo="$tmp/repo"
mkdir -p "$repo/infra/hooks" "$repo/functions/Serverless.Functions"
cp "$here/../hooks/postprovision.sh" "$here/../hooks/root-keys.sh" "$repo/infra/hooks/"
cat > "$STORE/azd-values" <<'VALUES'
AZURE_KEY_VAULT_NAME="kv-test"
AZURE_FUNCTION_APP_NAME="func-api-test"
AZURE_RESOURCE_GROUP="rg-test"
FUNCTION_APP_URL="https://func-api-test.azurewebsites.net"
AZURE_STORAGE_BLOB_ENDPOINT="https://sttest.blob.core.windows.net/"
AZURE_STORAGE_QUEUE_ENDPOINT="https://sttest.queue.core.windows.net/"
AZURE_STORAGE_TABLE_ENDPOINT="https://sttest.table.core.windows.net/"
ENVIRONMENT_KIND="production"
REVIEW_TOKEN_KEY_IDS="k1,k2"
REVIEW_TOKEN_ACTIVE_KEY_ID="k1"
CITIZEN_ACCESS_KEY_IDS="k1"
CITIZEN_ACCESS_ACTIVE_KEY_ID="k1"
TRANSPARENCY_SIGNING_KEY_IDS="k1"
TRANSPARENCY_SIGNING_ACTIVE_KEY_ID="k1"
VALUES
run_postprovision() {
    RC=0
    env PATH="$here/fake-az:$PATH" FAKE_AZ_STORE="$STORE" FAKE_AZD_VALUES="$STORE/azd-values" ROOT_KEYS_RETRY_SECONDS=0 \
        sh "$repo/infra/hooks/postprovision.sh" > "$STORE/out" 2>&1 || RC=$?
}
run_postprovision
check "postprovision exits 0" [ "$RC" = 0 ]
check "postprovision creates the root keys of the outputs' key ids (k1,k2 for review tokens)" \
    [ "$(ls "$STORE/kv-test/secrets" | tr '\n' ' ')" = "citizen-access-key review-token-key-1 review-token-key-2 transparency-signing-key " ]
before=$(snapshot)
run_postprovision
check "postprovision again exits 0" [ "$RC" = 0 ]
check "postprovision again leaves every secret as it was" [ "$(snapshot)" = "$before" ]
for f in "$STORE"/kv-test/secrets/*/v1; do cat "$f"; echo; done > "$STORE/values"
check "the local settings file holds no secret value" \
    sh -c "! grep -qF -f '$STORE/values' '$repo/functions/Serverless.Functions/local.settings.azure.json'"
touch "$STORE/kv-test/forbid-set"
rm -rf "$STORE/kv-test/secrets/review-token-key-2"
run_postprovision
check "postprovision fails when a missing key cannot be created (azd up stops before deploying)" [ "$RC" != 0 ]

echo "root-keys: $passed passed, $failed failed"
[ "$failed" = 0 ]
