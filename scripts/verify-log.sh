#!/usr/bin/env bash
# Verifies a commune's transparency log from what is public (the app's checkpoint, entries, the verifier key, and
# any checkpoints you saved earlier), and, given the storage connection (--storage or VERIFY_LOG_STORAGE), also every
# audit row against its leaf and the write-once checkpoint archive. Prints each check and each problem; exits 1 on
# any problem.
# Usage: ./scripts/verify-log.sh --url https://services.example --commune saint-exemple --key @saint-exemple.vkey \
#          [--checkpoint saved.txt]... [--storage "$CONNECTION"]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$ROOT/tools/Serverless.LogVerifier/Serverless.LogVerifier.csproj"
DLL="$ROOT/tools/Serverless.LogVerifier/bin/Release/net10.0/Serverless.LogVerifier.dll"
if [ ! -f "$DLL" ] || [ -n "$(find "$ROOT/tools/Serverless.LogVerifier" -name '*.cs' -newer "$DLL" -print -quit)" ]; then
  dotnet build "$PROJECT" -c Release --nologo -v q >&2
fi
exec dotnet "$DLL" "$@"
