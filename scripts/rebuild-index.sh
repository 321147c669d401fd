#!/usr/bin/env bash
# Recomputes the back office's index rows (table BackOfficeIndex) from the applications, e.g. after a restore.
# Storage comes from AzureWebJobsStorage as the app reads it (a connection string, or the identity-based
# AzureWebJobsStorage__tableServiceUri / __blobServiceUri with `az login`). Safe while the app runs.
# Usage: AzureWebJobsStorage='…' ./scripts/rebuild-index.sh [--catalogue FOLDER] [--parallelism 16]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet run -c Release --project tools/Serverless.IndexRebuild -- "$@"
