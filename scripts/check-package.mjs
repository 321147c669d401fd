// Checks a published Functions app package (scripts/check-package.sh): what the Functions host loads from it, the
// catalogue deployed beside the app, and the widget embedded in Serverless.Core.dll. Prints one line per check and
// exits 1 when one fails.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const [packageDir, cloneDir] = process.argv.slice(2);
let failed = 0;
const check = (ok, text) => {
  console.log(`${ok ? "ok" : "FAIL"}: ${text}`);
  if (!ok) failed++;
};
const file = (name) => path.join(packageDir, name);
const json = (name) => JSON.parse(readFileSync(file(name), "utf8"));

// The function index the host reads (worker indexing): every trigger kind, and the catch-all tried last.
const functions = json("functions.metadata");
const triggers = {};
for (const f of functions) {
  const trigger = f.bindings.find((b) => b.type.endsWith("Trigger"));
  triggers[trigger.type] = (triggers[trigger.type] ?? 0) + 1;
}
check(functions.length > 0 && triggers.httpTrigger > 0 && triggers.orchestrationTrigger > 0 && triggers.activityTrigger > 0 && triggers.timerTrigger > 0 && triggers.queueTrigger > 0,
  `functions.metadata: ${functions.length} functions (${Object.entries(triggers).map(([k, v]) => `${v} ${k}`).join(", ")})`);
const upper = (s) => s.toUpperCase();
const http = functions.filter((f) => f.bindings.some((b) => b.type === "httpTrigger"));
const last = [...http].sort((a, b) => (upper(a.name) < upper(b.name) ? -1 : upper(a.name) > upper(b.name) ? 1 : 0)).at(-1);
const catchAll = http.filter((f) => f.bindings.some((b) => b.type === "httpTrigger" && (b.route ?? "").startsWith("{*")));
check(catchAll.length === 1 && catchAll[0] === last, `the catch-all route is the last the host tries (${catchAll.length} catch-all, last by name: ${last.name.slice(0, 12)}…)`);

// The worker and the WebJobs extensions the host loads.
const worker = json("worker.config.json");
check(existsSync(file(worker.description.defaultWorkerPath)), `worker.config.json: ${worker.description.defaultWorkerPath} present`);
const extensions = json("extensions.json").extensions;
for (const name of ["DurableTask", "AzureStorageQueues"]) {
  const extension = extensions.find((e) => e.name === name);
  check(extension !== undefined && existsSync(file(extension.hintPath)), `extensions.json: ${name} at ${extension?.hintPath}`);
}
const hostJson = json("host.json");
check(hostJson.version === "2.0" && hostJson.extensions?.http?.routePrefix === "api", "host.json: version 2.0, routePrefix api");
check(!existsSync(file("local.settings.json")), "no local.settings.json in the package");

// The catalogue deployed beside the app (Catalogue__Path empty in Azure).
for (const folder of ["communes", "procedures", "schema"]) {
  const dir = file(path.join("catalogue", folder));
  const count = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")).length : 0;
  check(count > 0, `catalogue/${folder}: ${count} JSON files`);
}

// The widget, served at /api/embed.js from a resource of Serverless.Core.dll: the very bytes the clone built.
const core = readFileSync(file("Serverless.Core.dll"));
const widget = path.join(cloneDir, "widget", "dist", "embed.js");
const built = existsSync(widget) ? readFileSync(widget) : Buffer.alloc(0);
check(built.length > 0 && core.includes(Buffer.from("Widget.embed.js")) && core.includes(built), `widget: dist/embed.js (${built.length} bytes) embedded in Serverless.Core.dll`);

let bytes = 0;
let files = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) walk(p);
    else { bytes += s.size; files++; }
  }
};
walk(packageDir);
console.log(`package: ${files} files, ${(bytes / 1048576).toFixed(1)} MiB`);
process.exit(failed === 0 ? 0 : 1);
