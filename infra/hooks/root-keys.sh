#!/bin/sh
# Creates the application's root keys in Key Vault when, and only when, they do not exist yet.
# Run by infra/hooks/postprovision.sh after every `azd provision` / `azd up`; safe to run by hand:
#
#   AZURE_KEY_VAULT_NAME=kv-… REVIEW_TOKEN_KEY_IDS=k1 CITIZEN_ACCESS_KEY_IDS=k1 \
#   TRANSPARENCY_SIGNING_KEY_IDS=k1 sh infra/hooks/root-keys.sh
#   sh infra/hooks/root-keys.sh --names          print the secret names for the key ids, touch nothing
#
# The root keys (docs/decisions/0010-root-keys-survive-provisioning.md):
#   key id k<N> of REVIEW_TOKEN_KEY_IDS          -> secret review-token-key-<N>           (ReviewTokens__Keys__k<N>)
#   key id k1 of CITIZEN_ACCESS_KEY_IDS          -> secret citizen-access-key             (CitizenAccess__Keys__k1)
#   key id k<N>, N >= 2                          -> secret citizen-access-key-<N>         (CitizenAccess__Keys__k<N>)
#   key id k1 of TRANSPARENCY_SIGNING_KEY_IDS    -> secret transparency-signing-key       (Transparency__SigningKeys__k1)
#   key id k<N>, N >= 2                          -> secret transparency-signing-key-<N>   (Transparency__SigningKeys__k<N>)
# (k1's citizen and transparency secrets keep the names they had before key ids existed.)
#
# Rules, each one a test in infra/tests/root-keys.test.sh:
#   - A secret that exists is never written: not its value, not a new version, not its attributes.
#   - Existence is read from Key Vault itself (secret names, metadata only), never from a local flag, so a fresh CI
#     runner or a colleague's machine sees what is there. If the list cannot be read, nothing is written.
#   - A soft-deleted root key is never replaced by a new one: the script stops and says how to recover it.
#   - A new key is 48 random bytes, base64; it goes to az through a file readable only by this user, never on a
#     command line (which other users could read from the process list).
#   - When it created a key that the app references, it restarts the app so that the Key Vault reference resolves.
#   - A refused list (and, in development, a refused write) is tried again for up to 5 minutes: role assignments
#     made by the template a moment before take time to apply.
# `az keyvault secret set` creates the secret if it does not exist and otherwise adds a new version
# (https://learn.microsoft.com/cli/azure/keyvault/secret#az-keyvault-secret-set): the check before it is what makes
# this safe, and there is no create-only call to use instead.
set -eu

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

mode=apply
case "${1:-}" in
    "") ;;
    --names) mode=names ;;
    -h | --help) usage; exit 0 ;;
    *) echo "root-keys: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

say() { printf 'root-keys: %s\n' "$*"; }
die() { printf 'root-keys: ERROR: %s\n' "$*" >&2; exit 1; }

# ids LIST: the comma-separated key ids, trimmed, one per line; stops the script on an id that is not k<N>
# (N >= 1, no leading zero). Runs in the main shell (no pipe, no command substitution) so that die() stops it.
ids() {
    old_ifs=$IFS
    IFS=','
    set -f
    for id in $1; do
        id=$(printf '%s' "$id" | tr -d '[:space:]')
        [ -n "$id" ] || continue
        case "$id" in
            k[1-9] | k[1-9]*[0-9]) ;;
            *) die "key id '$id' is not of the form k<N> (k1, k2, ...)" ;;
        esac
        case "${id#k}" in
            *[!0-9]*) die "key id '$id' is not of the form k<N> (k1, k2, ...)" ;;
        esac
        printf '%s\n' "$id"
    done
    set +f
    IFS=$old_ifs
}

# secret_name FAMILY ID: the Key Vault secret that holds key ID of FAMILY (the mapping above; functionapp.bicep
# builds the same names for the app settings).
secret_name() {
    n=${2#k}
    case "$1" in
        review) printf 'review-token-key-%s\n' "$n" ;;
        citizen) if [ "$n" = 1 ]; then printf 'citizen-access-key\n'; else printf 'citizen-access-key-%s\n' "$n"; fi ;;
        transparency) if [ "$n" = 1 ]; then printf 'transparency-signing-key\n'; else printf 'transparency-signing-key-%s\n' "$n"; fi ;;
    esac
}

content_type() {
    case "$1" in
        review) printf 'text/plain; HMAC-SHA256 key of review links (key id %s)' "$2" ;;
        citizen) printf 'text/plain; citizen access key (key id %s)' "$2" ;;
        transparency) printf 'text/plain; key material of the Ed25519 checkpoint signing key (key id %s)' "$2" ;;
    esac
}

# Every (family, id, secret) this deployment needs, one "family id secret" line each. Empty lists mean k1, as the
# Bicep parameters' defaults.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
umask 077
: > "$work/wanted"
for family in review citizen transparency; do
    case "$family" in
        review) list=${REVIEW_TOKEN_KEY_IDS:-k1} ;;
        citizen) list=${CITIZEN_ACCESS_KEY_IDS:-k1} ;;
        transparency) list=${TRANSPARENCY_SIGNING_KEY_IDS:-k1} ;;
    esac
    ids "$list" > "$work/ids"
    while read -r id; do
        echo "$family $id $(secret_name "$family" "$id")" >> "$work/wanted"
    done < "$work/ids"
    # The active key id must be one of the accepted ones, or the app would sign with a key it has not got.
    case "$family" in
        review) active=${REVIEW_TOKEN_ACTIVE_KEY_ID:-k1}; setting=REVIEW_TOKEN ;;
        citizen) active=${CITIZEN_ACCESS_ACTIVE_KEY_ID:-k1}; setting=CITIZEN_ACCESS ;;
        transparency) active=${TRANSPARENCY_SIGNING_ACTIVE_KEY_ID:-k1}; setting=TRANSPARENCY_SIGNING ;;
    esac
    grep -qxF "$active" "$work/ids" || die "${setting}_ACTIVE_KEY_ID=$active is not in ${setting}_KEY_IDS ($list)"
done

if [ "$mode" = names ]; then
    awk '{ print $3 }' "$work/wanted"
    exit 0
fi

vault=${AZURE_KEY_VAULT_NAME:-}
[ -n "$vault" ] || die "AZURE_KEY_VAULT_NAME is not set (run after a successful azd provision)"
command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is required to create missing root keys; run 'az login' too"

# with_retry COMMAND...: runs it again every ROOT_KEYS_RETRY_INTERVAL (15) seconds while it fails, for
# ROOT_KEYS_RETRY_SECONDS (default 300) at most. On the first provision the role assignments the template just made
# may not be in force yet: Azure RBAC changes can take several minutes to apply
# (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
with_retry() {
    waited=0
    until "$@"; do
        if [ "$waited" -ge "${ROOT_KEYS_RETRY_SECONDS:-300}" ]; then
            return 1
        fi
        interval=${ROOT_KEYS_RETRY_INTERVAL:-15}
        say "not allowed (yet?); trying again in $interval s (role assignments can take minutes to apply)"
        sleep "$interval"
        waited=$((waited + interval))
    done
}

list_secrets() {
    az keyvault secret list --vault-name "$vault" --query "[].name" --output tsv > "$work/existing" 2> "$work/list.err"
}

# Names of the secrets that exist (enabled or not). Metadata only: the Key Vault Reader role is enough.
if ! with_retry list_secrets; then
    sed 's/^/    /' "$work/list.err" >&2
    die "could not list the secrets of Key Vault '$vault': nothing was written. A root key is only created once its absence is known."
fi

: > "$work/todo"
while read -r family id name; do
    if grep -qxF "$name" "$work/existing"; then
        say "kept    $name (exists; never rewritten)"
    else
        echo "$family $id $name" >> "$work/todo"
    fi
done < "$work/wanted"

if [ ! -s "$work/todo" ]; then
    say "every root key exists in $vault; nothing written"
    exit 0
fi

# A missing name may be a soft-deleted secret: Key Vault refuses to reuse the name, and creating a new key would
# in any case break every code, link or checkpoint made with the old one. Recovery is the operator's decision.
deleted_known=false
if az keyvault secret list-deleted --vault-name "$vault" --query "[].name" --output tsv > "$work/deleted" 2> /dev/null; then
    deleted_known=true
fi

random_key() {
    if command -v openssl >/dev/null 2>&1; then
        openssl rand -base64 48 | tr -d '\n'
    else
        head -c 48 /dev/urandom | base64 | tr -d '\n'
    fi
}

# All checks before the first write: a run either creates every missing key or, when one is soft-deleted, none.
if [ "$deleted_known" = true ]; then
    while read -r family id name; do
        if grep -qxF "$name" "$work/deleted"; then
            die "secret $name of $vault is soft-deleted. It is not recreated (nothing was written): recover it with
    az keyvault secret recover --vault-name $vault --name $name
then run this again (or 'azd provision'). Purge it only if that key must die (docs/deploy.md, 'Root keys')."
        fi
    done < "$work/todo"
fi

created=0
while read -r family id name; do
    random_key > "$work/value"
    [ "$(wc -c < "$work/value")" -ge 44 ] || die "could not generate a random key"
    set_secret() {
        az keyvault secret set --vault-name "$vault" --name "$name" --file "$work/value" --encoding utf-8 \
            --content-type "$(content_type "$family" "$id")" --output none < /dev/null 2> "$work/set.err"
    }
    # Development grants write access (it may take minutes to apply); production does not: no point in waiting.
    if [ "${ENVIRONMENT_KIND:-production}" = development ]; then
        set_ok() { with_retry set_secret; }
    else
        set_ok() { set_secret; }
    fi
    if ! set_ok; then
        sed 's/^/    /' "$work/set.err" >&2
        die "could not create $name in $vault. In production the deploying identity has no secret write access:
    take temporary access (docs/deploy.md, 'Temporary access in production'), run 'azd provision' again, give it back."
    fi
    rm -f "$work/value"
    say "created $name (key id $id: 48 random bytes, base64)"
    created=$((created + 1))
done < "$work/todo"

# Key Vault references are resolved when the app starts: restart it so that the new secrets are read now.
app=${AZURE_FUNCTION_APP_NAME:-}
group=${AZURE_RESOURCE_GROUP:-}
if [ "$created" -gt 0 ] && [ -n "$app" ] && [ -n "$group" ]; then
    if az functionapp restart --name "$app" --resource-group "$group" --output none 2> /dev/null; then
        say "restarted $app so that its Key Vault references resolve"
    else
        say "WARNING: could not restart $app; the new keys are read at its next start (or within 24 hours)"
    fi
fi
say "$created root key(s) created in $vault"
