#!/usr/bin/env bash
# Publishes the Functions app from a clean clone of the committed tree, as `azd deploy` packages it (dotnet publish
# -c Release of functions/Serverless.Functions, nothing installed beforehand: the build runs `npm ci` for the widget
# itself), then checks the package the Functions host will load (scripts/check-package.mjs).
# Usage: ./scripts/check-package.sh [output folder]   (default: a temporary folder, removed afterwards)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
package=${1:-$work/package}

git clone -q "$ROOT" "$work/clone"
echo "package: dotnet publish -c Release from a clean clone of $(git -C "$ROOT" rev-parse --short HEAD)"
(cd "$work/clone" && dotnet publish functions/Serverless.Functions -c Release -o "$package" --nologo -v q -clp:ErrorsOnly)
node "$ROOT/scripts/check-package.mjs" "$package" "$work/clone"
