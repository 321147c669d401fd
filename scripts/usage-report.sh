#!/usr/bin/env bash
# The monthly usage report per commune as CSV on standard output, for the deployment's administrator: applications
# by procedure, e-mails sent, certificates issued, storage held, webhook deliveries and the estimated cost from
# functions/catalogue/pricing.json. Reads AzureWebJobsStorage (connection string, or the identity-based
# AzureWebJobsStorage__blobServiceUri/__tableServiceUri) and Catalogue__Path from the environment.
# Usage: ./scripts/usage-report.sh --month 2026-12 [--commune saint-exemple]... [--fold]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$ROOT/tools/Serverless.UsageReport/Serverless.UsageReport.csproj"
DLL="$ROOT/tools/Serverless.UsageReport/bin/Release/net10.0/Serverless.UsageReport.dll"
if [ ! -f "$DLL" ] || [ -n "$(find "$ROOT/tools/Serverless.UsageReport" "$ROOT/functions/Serverless.Core" -name '*.cs' -newer "$DLL" -print -quit)" ]; then
  dotnet build "$PROJECT" -c Release --nologo -v q >&2
fi
exec dotnet "$DLL" "$@"
