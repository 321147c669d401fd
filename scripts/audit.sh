#!/usr/bin/env bash
# Dependency audit: NuGet packages (direct and transitive) and the npm packages the product ships, failing on a
# vulnerability of high or critical severity. Run by .ci/run; needs the NuGet and npm registries' audit data.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

dotnet list Serverless.sln package --vulnerable --include-transitive --format json >"$WORK/nuget.json" 2>"$WORK/nuget.err"
node - "$WORK/nuget.json" <<'JS'
const report = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const found = [];
for (const project of report.projects ?? []) {
  for (const framework of project.frameworks ?? []) {
    for (const pkg of [...(framework.topLevelPackages ?? []), ...(framework.transitivePackages ?? [])]) {
      for (const vulnerability of pkg.vulnerabilities ?? []) {
        found.push({ project: project.path.split("/").pop(), id: pkg.id, version: pkg.resolvedVersion, severity: vulnerability.severity, url: vulnerability.advisoryurl });
      }
    }
  }
}
const high = found.filter(v => /^(high|critical)$/i.test(v.severity));
for (const v of found) console.log(`nuget: ${v.severity} ${v.id} ${v.version} (${v.project}) ${v.url}`);
console.log(`nuget audit: ${found.length} vulnerable package versions, ${high.length} high or critical`);
process.exit(high.length > 0 ? 1 : 0);
JS

# The npm packages are development tools (Azurite, maildev); --omit=dev audits what would ship.
npm audit --omit=dev --audit-level=high
echo "npm audit (--omit=dev): no high or critical vulnerability"
