#!/usr/bin/env pwsh
# azd postprovision hook (PowerShell 7): Windows twin of postprovision.sh.
#
# 0. Creates the root keys that Key Vault does not have yet (infra/hooks/root-keys.sh, through sh).
# 1. Prints the URL of the deployed function app.
# 2. Writes functions/Serverless.Functions/local.settings.azure.json: the settings of the
#    deployed app that are NOT secret, with identity-based storage settings for a
#    developer machine (credential "azurecli": your `az login` identity, which
#    main.bicep granted data roles on the storage account). Copy it over
#    local.settings.json to debug locally against the Azure resources.
#
# Safety choices for local debugging (same as postprovision.sh):
#   - TaskHubName gets a "local" suffix, so a local host never takes work items from
#     the task hub that the app in Azure runs.
#   - E-mail goes to a local SMTP sink (localhost:1025) unless $env:LOCAL_SETTINGS_SMTP
#     is "azure".
#   - No secret is written: the script prints how to read them from Key Vault.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$appDir = Join-Path $repoRoot 'functions' 'Serverless.Functions'
$target = Join-Path $appDir 'local.settings.azure.json'

# `azd env get-values` prints NAME="value" (with \" \\ \$ \! escapes) or NAME=123.
$values = @{}
$lines = & azd env get-values
if ($LASTEXITCODE -ne 0) { throw "azd env get-values failed ($LASTEXITCODE)" }
foreach ($line in $lines) {
    if ($line -match '^([A-Za-z_][A-Za-z0-9_]*)=(.*)$') {
        $name = $Matches[1]
        $raw = $Matches[2]
        if ($raw.Length -ge 2 -and $raw.StartsWith('"') -and $raw.EndsWith('"')) {
            $raw = $raw.Substring(1, $raw.Length - 2)
        }
        if (-not $values.ContainsKey($name)) {
            $values[$name] = [regex]::Replace($raw, '\\(.)', '$1')
        }
    }
}

function Get-Value([string] $Name) {
    if ($values.ContainsKey($Name)) { return [string] $values[$Name] }
    return ''
}

foreach ($name in 'FUNCTION_APP_URL', 'AZURE_STORAGE_BLOB_ENDPOINT', 'AZURE_STORAGE_QUEUE_ENDPOINT', 'AZURE_STORAGE_TABLE_ENDPOINT', 'AZURE_KEY_VAULT_NAME') {
    if ([string]::IsNullOrEmpty((Get-Value $name))) {
        throw "postprovision: $name is missing from the azd environment; was the provision successful?"
    }
}

# 0. Root keys (docs/decisions/0010-root-keys-survive-provisioning.md): the same script as on Linux and macOS,
#    through the `sh` of Git for Windows or WSL, so that there is one implementation of "create only when absent"
#    and one test of it (infra/tests/root-keys.test.sh). Without `sh` this hook stops: an app without its keys
#    must not be deployed.
$sh = Get-Command sh -ErrorAction SilentlyContinue
if (-not $sh) {
    throw "postprovision: 'sh' (Git for Windows or WSL) is needed to create missing root keys with infra/hooks/root-keys.sh"
}
foreach ($name in 'ENVIRONMENT_KIND', 'AZURE_KEY_VAULT_NAME', 'AZURE_FUNCTION_APP_NAME', 'AZURE_RESOURCE_GROUP', 'REVIEW_TOKEN_KEY_IDS',
    'REVIEW_TOKEN_ACTIVE_KEY_ID', 'CITIZEN_ACCESS_KEY_IDS', 'CITIZEN_ACCESS_ACTIVE_KEY_ID',
    'TRANSPARENCY_SIGNING_KEY_IDS', 'TRANSPARENCY_SIGNING_ACTIVE_KEY_ID') {
    Set-Item -Path "env:$name" -Value (Get-Value $name)
}
& $sh.Source (Join-Path $PSScriptRoot 'root-keys.sh')
if ($LASTEXITCODE -ne 0) { throw "postprovision: root keys ($LASTEXITCODE)" }

$taskHub = Get-Value 'TASK_HUB_NAME'
if ([string]::IsNullOrEmpty($taskHub)) { $taskHub = 'citizenservices' }

if ($env:LOCAL_SETTINGS_SMTP -eq 'azure') {
    $smtpHost = Get-Value 'SMTP_HOST'
    $smtpPort = Get-Value 'SMTP_PORT'
    $smtpSecurity = Get-Value 'SMTP_SECURITY'
    $smtpUser = Get-Value 'SMTP_USERNAME'
}
else {
    $smtpHost = 'localhost'
    $smtpPort = '1025'
    $smtpSecurity = 'None'
    $smtpUser = ''
}

$settings = [ordered]@{
    IsEncrypted = $false
    Values      = [ordered]@{
        FUNCTIONS_WORKER_RUNTIME             = 'dotnet-isolated'
        AzureWebJobsStorage__credential      = 'azurecli'
        AzureWebJobsStorage__blobServiceUri  = Get-Value 'AZURE_STORAGE_BLOB_ENDPOINT'
        AzureWebJobsStorage__queueServiceUri = Get-Value 'AZURE_STORAGE_QUEUE_ENDPOINT'
        AzureWebJobsStorage__tableServiceUri = Get-Value 'AZURE_STORAGE_TABLE_ENDPOINT'
        TaskHubName                          = "${taskHub}local"
        PublicBaseUrl                        = 'http://localhost:7071'
        Review__ReviewerEmails               = Get-Value 'REVIEWER_EMAILS'
        Review__DayLength                = Get-Value 'REVIEW_DAY_LENGTH'
        Review__MaxReminders                 = Get-Value 'REVIEW_MAX_REMINDERS'
        Review__LinkLifetime                 = Get-Value 'REVIEW_LINK_LIFETIME'
        ReviewTokens__ActiveKeyId            = Get-Value 'REVIEW_TOKEN_ACTIVE_KEY_ID'
        CitizenAccess__ActiveKeyId           = Get-Value 'CITIZEN_ACCESS_ACTIVE_KEY_ID'
        Transparency__ActiveKeyId            = Get-Value 'TRANSPARENCY_SIGNING_ACTIVE_KEY_ID'
        Smtp__Host                           = $smtpHost
        Smtp__Port                           = $smtpPort
        Smtp__Security                       = $smtpSecurity
        Smtp__UserName                       = $smtpUser
        Smtp__FromAddress                    = Get-Value 'SMTP_FROM_ADDRESS'
        Smtp__FromName                       = Get-Value 'SMTP_FROM_NAME'
        Cors__AllowedOrigins                 = Get-Value 'CORS_ALLOWED_ORIGINS'
    }
}

New-Item -ItemType Directory -Force -Path $appDir | Out-Null
$tmpTarget = "$target.tmp.$PID"
$settings | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $tmpTarget -Encoding utf8NoBOM
Move-Item -LiteralPath $tmpTarget -Destination $target -Force

$vault = Get-Value 'AZURE_KEY_VAULT_NAME'
Write-Host ''
Write-Host "Function app:     $(Get-Value 'FUNCTION_APP_URL')"
Write-Host "Resource group:   $(Get-Value 'AZURE_RESOURCE_GROUP')"
Write-Host "Key Vault:        $vault"
Write-Host "Local settings:   $target"
Write-Host "  (non-secret settings of the deployed app; storage through your 'az login' identity;"
Write-Host "   task hub '${taskHub}local'; SMTP: ${smtpHost}:${smtpPort})"
Write-Host '  Secrets are not written to disk. To debug, add them to local.settings.json yourself:'
foreach ($id in (Get-Value 'REVIEW_TOKEN_KEY_IDS').Split(',', [System.StringSplitOptions]::RemoveEmptyEntries)) {
    $id = $id.Trim()
    Write-Host "    ReviewTokens__Keys__$id  az keyvault secret show --vault-name $vault --name review-token-key-$($id.TrimStart('k')) --query value -o tsv"
}
foreach ($id in (Get-Value 'CITIZEN_ACCESS_KEY_IDS').Split(',', [System.StringSplitOptions]::RemoveEmptyEntries)) {
    $id = $id.Trim()
    $name = if ($id -eq 'k1') { 'citizen-access-key' } else { "citizen-access-key-$($id.TrimStart('k'))" }
    Write-Host "    CitizenAccess__Keys__$id  az keyvault secret show --vault-name $vault --name $name --query value -o tsv"
}
foreach ($id in (Get-Value 'TRANSPARENCY_SIGNING_KEY_IDS').Split(',', [System.StringSplitOptions]::RemoveEmptyEntries)) {
    $id = $id.Trim()
    $name = if ($id -eq 'k1') { 'transparency-signing-key' } else { "transparency-signing-key-$($id.TrimStart('k'))" }
    Write-Host "    Transparency__SigningKeys__$id  az keyvault secret show --vault-name $vault --name $name --query value -o tsv"
}
if ((Get-Value 'ENVIRONMENT_KIND') -eq 'production') {
    Write-Host '  This is a production environment: you have no data role on its storage and cannot read secret values'
    Write-Host "  without temporary access (docs/deploy.md, 'Temporary access in production')."
}

if (Get-Command git -ErrorAction SilentlyContinue) {
    & git -C $repoRoot check-ignore -q $target
    if ($LASTEXITCODE -eq 1) {
        Write-Warning "$target is not git-ignored: add 'local.settings*.json' (except the sample) to .gitignore."
    }
    $global:LASTEXITCODE = 0
}
