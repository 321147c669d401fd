#!/bin/sh
# azd postprovision hook (POSIX sh): runs after `azd provision` / `azd up`.
#
# 0. Creates the root keys that Key Vault does not have yet, and never touches one that exists
#    (infra/hooks/root-keys.sh; docs/decisions/0010-root-keys-survive-provisioning.md). If it cannot, the hook
#    fails and `azd up` stops before deploying an app that would have no keys.
# 1. Prints the URL of the deployed function app.
# 2. Writes functions/Serverless.Functions/local.settings.azure.json: the settings of the
#    deployed app that are NOT secret, with identity-based storage settings for a
#    developer machine (credential "azurecli": your `az login` identity, which
#    main.bicep granted data roles on the storage account). Copy it over
#    local.settings.json to debug locally against the Azure resources.
#
# Safety choices for local debugging:
#   - TaskHubName gets a "local" suffix: a local host must not take work items from the
#     task hub that the app in Azure runs.
#   - E-mail goes to a local SMTP sink (localhost:1025, e.g. maildev) unless
#     LOCAL_SETTINGS_SMTP=azure is set, so that a debug session does not e-mail real
#     agents and citizens through the commune's relay.
#   - No secret is written: the script prints how to read them from Key Vault.
# The file name matches the git-ignored pattern local.settings*.json.
set -eu

script_dir=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
repo_root=$(CDPATH='' cd -- "$script_dir/../.." && pwd)
app_dir="$repo_root/functions/Serverless.Functions"
target="$app_dir/local.settings.azure.json"

values_file=$(mktemp)
trap 'rm -f "$values_file"' EXIT INT TERM
azd env get-values > "$values_file"

# value NAME: the value of NAME in `azd env get-values` output, which has lines
# NAME="value" (with \" \\ \$ \! escapes) or NAME=123 for integers.
value() {
    sed -n "s/^$1=//p" "$values_file" | head -n 1 |
        sed 's/^"\(.*\)"$/\1/; s/\\\(.\)/\1/g'
}

# json STRING: STRING as a JSON string literal.
json() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g; s/	/\\t/g')"
}

require() {
    if [ -z "$(value "$1")" ]; then
        echo "postprovision: $1 is missing from the azd environment; was the provision successful?" >&2
        exit 1
    fi
}

for name in FUNCTION_APP_URL AZURE_STORAGE_BLOB_ENDPOINT AZURE_STORAGE_QUEUE_ENDPOINT AZURE_STORAGE_TABLE_ENDPOINT AZURE_KEY_VAULT_NAME; do
    require "$name"
done

# 0. Root keys: the key ids come from the provision's outputs, as the app settings do.
ENVIRONMENT_KIND="$(value ENVIRONMENT_KIND)" \
    AZURE_KEY_VAULT_NAME="$(value AZURE_KEY_VAULT_NAME)" \
    AZURE_FUNCTION_APP_NAME="$(value AZURE_FUNCTION_APP_NAME)" \
    AZURE_RESOURCE_GROUP="$(value AZURE_RESOURCE_GROUP)" \
    REVIEW_TOKEN_KEY_IDS="$(value REVIEW_TOKEN_KEY_IDS)" \
    REVIEW_TOKEN_ACTIVE_KEY_ID="$(value REVIEW_TOKEN_ACTIVE_KEY_ID)" \
    CITIZEN_ACCESS_KEY_IDS="$(value CITIZEN_ACCESS_KEY_IDS)" \
    CITIZEN_ACCESS_ACTIVE_KEY_ID="$(value CITIZEN_ACCESS_ACTIVE_KEY_ID)" \
    TRANSPARENCY_SIGNING_KEY_IDS="$(value TRANSPARENCY_SIGNING_KEY_IDS)" \
    TRANSPARENCY_SIGNING_ACTIVE_KEY_ID="$(value TRANSPARENCY_SIGNING_ACTIVE_KEY_ID)" \
    sh "$script_dir/root-keys.sh"

task_hub="$(value TASK_HUB_NAME)"
[ -n "$task_hub" ] || task_hub=citizenservices

if [ "${LOCAL_SETTINGS_SMTP:-sink}" = "azure" ]; then
    smtp_host="$(value SMTP_HOST)"
    smtp_port="$(value SMTP_PORT)"
    smtp_security="$(value SMTP_SECURITY)"
    smtp_user="$(value SMTP_USERNAME)"
else
    smtp_host=localhost
    smtp_port=1025
    smtp_security=None
    smtp_user=
fi

mkdir -p "$app_dir"
tmp_target="$target.tmp.$$"
{
    printf '{\n  "IsEncrypted": false,\n  "Values": {\n'
    sep=''
    # setting NAME VALUE
    setting() {
        printf '%s    %s: %s' "$sep" "$(json "$1")" "$(json "$2")"
        sep=',
'
    }
    setting FUNCTIONS_WORKER_RUNTIME dotnet-isolated
    setting AzureWebJobsStorage__credential azurecli
    setting AzureWebJobsStorage__blobServiceUri "$(value AZURE_STORAGE_BLOB_ENDPOINT)"
    setting AzureWebJobsStorage__queueServiceUri "$(value AZURE_STORAGE_QUEUE_ENDPOINT)"
    setting AzureWebJobsStorage__tableServiceUri "$(value AZURE_STORAGE_TABLE_ENDPOINT)"
    setting TaskHubName "${task_hub}local"
    setting PublicBaseUrl "http://localhost:7071"
    setting Review__ReviewerEmails "$(value REVIEWER_EMAILS)"
    setting Review__DayLength "$(value REVIEW_DAY_LENGTH)"
    setting Review__MaxReminders "$(value REVIEW_MAX_REMINDERS)"
    setting Review__LinkLifetime "$(value REVIEW_LINK_LIFETIME)"
    setting ReviewTokens__ActiveKeyId "$(value REVIEW_TOKEN_ACTIVE_KEY_ID)"
    setting CitizenAccess__ActiveKeyId "$(value CITIZEN_ACCESS_ACTIVE_KEY_ID)"
    setting Transparency__ActiveKeyId "$(value TRANSPARENCY_SIGNING_ACTIVE_KEY_ID)"
    setting Smtp__Host "$smtp_host"
    setting Smtp__Port "$smtp_port"
    setting Smtp__Security "$smtp_security"
    setting Smtp__UserName "$smtp_user"
    setting Smtp__FromAddress "$(value SMTP_FROM_ADDRESS)"
    setting Smtp__FromName "$(value SMTP_FROM_NAME)"
    setting Cors__AllowedOrigins "$(value CORS_ALLOWED_ORIGINS)"
    printf '\n  }\n}\n'
} > "$tmp_target"
mv "$tmp_target" "$target"

vault="$(value AZURE_KEY_VAULT_NAME)"
echo ""
echo "Function app:     $(value FUNCTION_APP_URL)"
echo "Resource group:   $(value AZURE_RESOURCE_GROUP)"
echo "Key Vault:        $vault"
echo "Local settings:   $target"
echo "  (non-secret settings of the deployed app; storage through your 'az login' identity;"
echo "   task hub '${task_hub}local'; SMTP: ${smtp_host}:${smtp_port})"
echo "  Secrets are not written to disk. To debug, add them to local.settings.json yourself:"
for id in $(value REVIEW_TOKEN_KEY_IDS | tr ',' ' '); do
    echo "    ReviewTokens__Keys__$id  az keyvault secret show --vault-name $vault --name review-token-key-${id#k} --query value -o tsv"
done
for id in $(value CITIZEN_ACCESS_KEY_IDS | tr ',' ' '); do
    name=citizen-access-key; [ "$id" = k1 ] || name="citizen-access-key-${id#k}"
    echo "    CitizenAccess__Keys__$id  az keyvault secret show --vault-name $vault --name $name --query value -o tsv"
done
for id in $(value TRANSPARENCY_SIGNING_KEY_IDS | tr ',' ' '); do
    name=transparency-signing-key; [ "$id" = k1 ] || name="transparency-signing-key-${id#k}"
    echo "    Transparency__SigningKeys__$id  az keyvault secret show --vault-name $vault --name $name --query value -o tsv"
done
if [ "$(value ENVIRONMENT_KIND)" = production ]; then
    echo "  This is a production environment: you have no data role on its storage and cannot read secret values"
    echo "  without temporary access (docs/deploy.md, 'Temporary access in production')."
fi

if command -v git >/dev/null 2>&1 && git -C "$repo_root" rev-parse --git-dir >/dev/null 2>&1; then
    if ! git -C "$repo_root" check-ignore -q "$target"; then
        echo "WARNING: $target is not git-ignored: add 'local.settings*.json' (except the sample) to .gitignore." >&2
    fi
fi
