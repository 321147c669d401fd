#!/usr/bin/env bash
# Checks the Azure infrastructure templates (infra/bicep) without an Azure subscription.
#
#   bash infra/check.sh              compile + lint every Bicep file; fail on ANY
#                                    warning or error; then check the compiled template
#                                    (infra/tests/check-roles.py: role assignments, root keys)
#                                    and run the root-key hook twice against a fake az
#                                    (infra/tests/root-keys.test.sh)
#   bash infra/check.sh --resources  print the resources of the compiled ARM template
#                                    (type and name expression, nested deployments indented)
#
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64, fetched
# with `dotnet restore` of a throw-away project in a temporary folder (which has its own
# empty Directory.Build.props / Directory.Packages.props, so the repository's central
# package management is neither used nor touched), and cached in
# $HOME/.cache/citizen-eservices/bicep/<version>/. Set BICEP=/path/to/bicep to use
# another binary of the same version (e.g. on macOS or arm64).
set -euo pipefail

readonly BICEP_VERSION=0.49.2
readonly BICEP_PACKAGE=Azure.Bicep.CommandLine.linux-x64

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
readonly bicep_dir="$script_dir/bicep"
readonly main_bicep="$bicep_dir/main.bicep"
readonly parameters_file="$bicep_dir/main.parameters.json"
HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
readonly cache_dir="$HOME/.cache/citizen-eservices/bicep/$BICEP_VERSION"

usage() {
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

mode=check
case "${1:-}" in
    "") ;;
    --resources) mode=resources ;;
    -h | --help) usage; exit 0 ;;
    *) echo "check.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

work_dir=$(mktemp -d)
cleanup() { rm -rf "$work_dir"; }
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# --- tools ---------------------------------------------------------------------------

ensure_jq() {
    command -v jq >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "check.sh: installing jq (apt-get)" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq; } >/dev/null 2>&1 ||
            fail "could not install jq"
        return 0
    fi
    fail "jq is required (apt-get install jq / brew install jq)"
}

ensure_python3() {
    command -v python3 >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "check.sh: installing python3 (apt-get)" >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-minimal; } >/dev/null 2>&1 ||
            fail "could not install python3"
        return 0
    fi
    fail "python3 is required (apt-get install python3-minimal)"
}

bicep_is_ok() {
    [ -x "$1" ] && "$1" --version 2>/dev/null | grep -q "Bicep CLI version $BICEP_VERSION "
}

ensure_bicep() {
    if [ -n "${BICEP:-}" ]; then
        bicep_is_ok "$BICEP" || fail "BICEP=$BICEP is not Bicep CLI $BICEP_VERSION"
        bicep=$BICEP
        return 0
    fi
    bicep="$cache_dir/bicep"
    if bicep_is_ok "$bicep"; then
        return 0
    fi
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) ;;
        *) fail "no cached Bicep CLI for $(uname -s)-$(uname -m): set BICEP=/path/to/bicep ($BICEP_VERSION)" ;;
    esac
    command -v dotnet >/dev/null 2>&1 || fail "dotnet is required to fetch $BICEP_PACKAGE"

    echo "check.sh: fetching $BICEP_PACKAGE $BICEP_VERSION from NuGet (cached in $cache_dir)" >&2
    local fetch="$work_dir/fetch"
    mkdir -p "$fetch"
    # Stop MSBuild's upward search for Directory.*.props/targets here: the repository's
    # files (central package management, analyzers) must not apply to this project.
    printf '<Project />\n' > "$fetch/Directory.Build.props"
    printf '<Project />\n' > "$fetch/Directory.Build.targets"
    printf '<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n' \
        > "$fetch/Directory.Packages.props"
    cat > "$fetch/fetch.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$BICEP_PACKAGE" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
EOF
    (
        cd "$fetch"
        DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
            dotnet restore fetch.csproj --packages "$fetch/packages" -v quiet
    ) > "$work_dir/restore.log" 2>&1 || { cat "$work_dir/restore.log" >&2; fail "dotnet restore of $BICEP_PACKAGE $BICEP_VERSION failed"; }

    local package_id_lower
    package_id_lower=$(printf '%s' "$BICEP_PACKAGE" | tr '[:upper:]' '[:lower:]')
    local src="$fetch/packages/$package_id_lower/$BICEP_VERSION/tools/bicep"
    [ -f "$src" ] || fail "the package has no tools/bicep"
    mkdir -p "$cache_dir"
    cp "$src" "$cache_dir/bicep.tmp.$$"
    chmod 0755 "$cache_dir/bicep.tmp.$$"
    mv -f "$cache_dir/bicep.tmp.$$" "$bicep"
    bicep_is_ok "$bicep" || fail "$bicep does not report version $BICEP_VERSION"
}

# run_quiet LABEL COMMAND...: runs the command; any output on stdout or stderr (a
# warning, an error, anything) or a non-zero exit code is a failure.
run_quiet() {
    local label=$1
    shift
    local out="$work_dir/out.txt"
    local rc=0
    "$@" > "$out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$out" ]; then
        sed 's/^/    /' "$out" >&2
        fail "$label (exit code $rc, $(wc -l < "$out") line(s) of diagnostics)"
    fi
    echo "ok: $label"
}

compile() {
    # --stdout: the compiled template goes to stdout only; diagnostics go to stderr.
    local rc=0
    "$bicep" build "$main_bicep" --stdout > "$work_dir/main.json" 2> "$work_dir/build.txt" || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$work_dir/build.txt" ]; then
        sed 's/^/    /' "$work_dir/build.txt" >&2
        fail "bicep build infra/bicep/main.bicep (exit code $rc)"
    fi
}

# All resources of the compiled template, nested deployments included, one JSON object
# per line: {depth, type, name, existing, condition, loop}. Handles both resource
# layouts (array in languageVersion 1.0, object keyed by symbolic name in 2.0).
# shellcheck disable=SC2016 # a jq program, not shell
readonly jq_resources='
def resources_of:
  (.resources // []) | if type == "object" then [.[]] else . end;
def walk_resources(depth):
  resources_of[] as $r
  | ({depth: depth, type: $r.type, name: $r.name,
      existing: ($r.existing // false), condition: ($r | has("condition")), loop: ($r | has("copy"))}),
    (if $r.type == "Microsoft.Resources/deployments" and ($r.properties.template? != null)
     then ($r.properties.template | walk_resources(depth + 1)) else empty end);
walk_resources(0)'

print_resources() {
    jq -r "$jq_resources"'
        | ([range(0; .depth)] | map("  ") | join("")) as $indent
        | ($indent + .type) as $t
        | $t + ([range(0; (80 - ($t | length)) | if . < 1 then 1 else . end)] | map(" ") | join(""))
          + .name
          + (if .existing then "  (existing)" else "" end)
          + (if .condition then "  (conditional)" else "" end)
          + (if .loop then "  (loop)" else "" end)' "$work_dir/main.json"
}

# --- checks of the compiled template ---------------------------------------------------

# Setting names the application reads (functions/, see docs/deploy.md). Every one must be
# an app setting in Azure; FUNCTIONS_WORKER_RUNTIME and the AzureWebJobsStorage
# connection string are local-only and must NOT be.
readonly required_settings=(
    AzureWebJobsStorage__credential
    AzureWebJobsStorage__clientId
    AzureWebJobsStorage__blobServiceUri
    AzureWebJobsStorage__queueServiceUri
    AzureWebJobsStorage__tableServiceUri
    TaskHubName
    PublicBaseUrl
    Catalogue__Path
    Revocation__LinkLifetime
    Review__ReviewerEmails
    Review__DayLength
    Review__MaxReminders
    Review__LinkLifetime
    ReviewTokens__ActiveKeyId
    ReviewTokens__Keys__
    CitizenAccess__Key
    CitizenAccess__ActiveKeyId
    CitizenAccess__Keys__
    Transparency__SigningKey
    Transparency__ActiveKeyId
    Transparency__SigningKeys__
    Smtp__Host
    Smtp__Port
    Smtp__Security
    Smtp__UserName
    Smtp__Password
    Smtp__FromAddress
    Smtp__FromName
    Cors__AllowedOrigins
    CertificateSigning__Pfx
    Webhooks__ScheduleScale
    Webhooks__AttemptTimeout
    Webhooks__AllowLocalDestinations
    APPLICATIONINSIGHTS_CONNECTION_STRING
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING
)
readonly forbidden_settings=(
    AzureWebJobsStorage
    FUNCTIONS_WORKER_RUNTIME
    FUNCTIONS_EXTENSION_VERSION
    WEBSITE_RUN_FROM_PACKAGE
    WEBSITE_CONTENTAZUREFILECONNECTIONSTRING
)

check_template() {
    local template="$work_dir/main.json"
    local problems=()

    # App settings: the properties expression of the sites/config 'appsettings' resource
    local settings
    # (plus the variables of that template, where the per-key ReviewTokens__Keys__<id>
    # settings are built).
    settings=$(jq -r '
        [.. | objects | select(has("resources")) | . as $t
         | ($t.resources | if type == "object" then [.[]] else . end)
         | map(select(.type? == "Microsoft.Web/sites/config"))
         | select(length > 0)
         | (map(.properties | tostring) + [$t.variables // {} | tostring])[]]
        | join("\n")' "$template")
    [ -n "$settings" ] || problems+=("no Microsoft.Web/sites/config (appsettings) resource")
    local name
    for name in "${required_settings[@]}"; do
        grep -qF "'$name" <<< "$settings" || grep -qF "\"$name" <<< "$settings" || problems+=("app setting $name is missing")
    done
    for name in "${forbidden_settings[@]}"; do
        if grep -qF "'$name'" <<< "$settings"; then problems+=("app setting $name must not be set in Azure"); fi
    done

    # No key or connection string to a storage account anywhere.
    local pattern
    for pattern in 'listKeys(' 'AccountKey=' 'DefaultEndpointsProtocol=' 'SharedAccessSignature'; do
        if grep -qF "$pattern" "$template"; then problems+=("the template contains '$pattern'"); fi
    done

    # Blob containers, tables and queues the application uses.
    for name in attachments certificates catalogue-versions audit-archive open-data drafts TransparencyLog Drafts Applications AuditTrail Certificates ReviewDecisions IdempotencyKeys CertificateHashes Outbox PendingRequests WebhookEvents WebhookLog Retention Tombstones StatisticsFacts StatisticsMonths UsageFacts UsageMonths AgentSignIns AgentSessions BackOfficeIndex AgentNotes CitizenSignIns CitizenSessions CitizenApplications webhook-deliveries workflow-starts email-deliveries outbox-messages; do
        grep -qF "\"$name\"" "$template" || grep -qF "'$name'" "$template" || problems+=("container, table or queue $name is missing")
    done

    # Outbound events: the SSRF guard stays on in Azure.
    grep -qF "'Webhooks__AllowLocalDestinations', 'false'" <<< "$settings" || problems+=("Webhooks__AllowLocalDestinations must be 'false' in Azure")

    # Secure-by-default properties: each line is a jq test that must print true.
    local assertion
    while IFS= read -r assertion; do
        [ -n "$assertion" ] || continue
        [ "$(jq "[.. | objects | select(.type? != null and .apiVersion? != null and .existing? != true)] as \$r | $assertion" "$template")" = "true" ] ||
            problems+=("assertion failed: $assertion")
    done <<'EOF'
[$r[] | select(.type == "Microsoft.Storage/storageAccounts") | .properties | .allowSharedKeyAccess == false and .minimumTlsVersion == "TLS1_2" and .supportsHttpsTrafficOnly == true] | length > 0 and all
[$r[] | select(.type == "Microsoft.Storage/storageAccounts") | .properties.allowBlobPublicAccess == false] | length > 0 and all
[$r[] | select(.type == "Microsoft.Storage/storageAccounts/blobServices/containers") | .properties.publicAccess == "None"] | length > 0 and all
[$r[] | select(.type == "Microsoft.KeyVault/vaults/secrets") | .name | tostring | test("review-token-key|citizen-access-key|transparency-signing-key") | not] | all
[$r[] | select(.type == "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies") | .properties.immutabilityPeriodSinceCreationInDays != null] | length == 1
[$r[] | select(.type == "Microsoft.Storage/storageAccounts/tableServices/tables")] | length > 0
[$r[] | select(.type == "Microsoft.KeyVault/vaults") | .properties | .enableRbacAuthorization == true and .enableSoftDelete == true] | length > 0 and all
[$r[] | select(.type == "Microsoft.Insights/components") | .properties.DisableLocalAuth == true] | length > 0 and all
[$r[] | select(.type == "Microsoft.Web/sites") | .properties | .httpsOnly == true and .siteConfig.minTlsVersion == "1.2" and .siteConfig.ftpsState == "Disabled" and .functionAppConfig.runtime.name == "dotnet-isolated" and .functionAppConfig.runtime.version == "10.0" and .functionAppConfig.deployment.storage.authentication.type == "UserAssignedIdentity"] | length > 0 and all
[$r[] | select(.type == "Microsoft.Web/sites") | .identity.type == "UserAssigned" and (.tags | tostring | test("azd-service-name"))] | length > 0 and all
[$r[] | select(.type == "Microsoft.Web/sites/basicPublishingCredentialsPolicies") | .properties.allow == false] | length == 2 and all
[$r[] | select(.type == "Microsoft.Web/serverfarms") | .sku.name == "FC1" and .sku.tier == "FlexConsumption"] | length > 0 and all
[$r[] | select(.type == "Microsoft.Authorization/roleAssignments") | .properties.principalType != null] | length > 0 and all
EOF

    # main.parameters.json against the template's parameters.
    jq -e . "$parameters_file" > /dev/null || problems+=("main.parameters.json is not valid JSON")
    local line
    while IFS= read -r line; do
        [ -n "$line" ] && problems+=("main.parameters.json: $line")
    done < <(jq -r --slurpfile p "$parameters_file" '
        .parameters as $t
        | ($p[0].parameters) as $f
        | ($f | keys[] | select($t[.] == null) | "\(.) is not a parameter of main.bicep"),
          ($t | to_entries[] | select(.value | has("defaultValue") | not) | select($f[.key] == null)
             | "\(.key) has no default and is missing (azd would prompt for it every time)"),
          ($f | to_entries[]
             | select(.value.value | type == "string")
             | (.value.value | capture("^\\$\\{[A-Z0-9_]+=(?<d>[^}]*)\\}$")?) as $m
             | select($m != null)
             | select($t[.key].defaultValue != null)
             | select(($t[.key].defaultValue | tostring) != $m.d)
             | "\(.key): default \($m.d) differs from main.bicep default \($t[.key].defaultValue | tostring)")
        ' "$work_dir/main.json")

    if [ "${#problems[@]}" -gt 0 ]; then
        printf '    %s\n' "${problems[@]}" >&2
        fail "compiled template checks (${#problems[@]} problem(s))"
    fi
    echo "ok: compiled template checks (app settings, no keys, secure defaults, parameters file)"
}

# --- main ------------------------------------------------------------------------------

ensure_jq
ensure_python3
ensure_bicep
cd "$repo_root"

if [ "$mode" = resources ]; then
    compile
    print_resources
    exit 0
fi

echo "Bicep CLI: $("$bicep" --version)"
compile
echo "ok: bicep build infra/bicep/main.bicep"
# One file per call (`bicep lint --pattern` passes silently when its glob matches nothing).
lint_count=0
for file in "$main_bicep" "$bicep_dir"/modules/*.bicep; do
    run_quiet "bicep lint ${file#"$repo_root"/}" "$bicep" lint "$file"
    lint_count=$((lint_count + 1))
done
[ "$lint_count" -ge 2 ] || fail "no module found under infra/bicep/modules"
check_template
# Role assignments and root keys, evaluated for a development and a production environment; then the same checks
# against deliberately broken copies of the template, to show they catch what they claim to.
python3 "$script_dir/tests/check-roles.py" "$work_dir/main.json" "$repo_root" || fail "role assignment checks (infra/tests/check-roles.py)"
python3 "$script_dir/tests/check-roles.py" --self-test "$work_dir/main.json" "$repo_root" || fail "role assignment checks' self-test"
# Provisioning twice leaves the root keys as they were (the hook against a fake az, no network).
sh "$script_dir/tests/root-keys.test.sh" > "$work_dir/root-keys.txt" 2>&1 || { cat "$work_dir/root-keys.txt" >&2; fail "infra/tests/root-keys.test.sh"; }
grep -E '^(root-keys:|    second run|      root-keys:)' "$work_dir/root-keys.txt"
echo "infra/check.sh: all checks passed"
