#!/usr/bin/env bash
# Says whether the tables of before decision 0012 (AuditTrail, Outbox, ReviewDecisions) can be deleted: exit 0 when no
# application of layout 0 is left unerased, 3 (with the first references) otherwise. Reads only.
# Storage comes from AzureWebJobsStorage as the app reads it (a connection string, or the identity-based
# AzureWebJobsStorage__tableServiceUri with `az login`).
# Usage: AzureWebJobsStorage='…' ./scripts/old-tables.sh [--list 20]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet run -c Release --project tools/Serverless.OldTables -- "$@"
