// Builds the widget (src/embed.js) into dist/embed.js with esbuild, prints its size gzipped and fails above the
// budget or when the output could need 'unsafe-eval'. Run by the Serverless.Core build (which embeds the file) and
// by scripts/test.sh.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const budget = 30 * 1024;
// Failures in MSBuild's canonical error format ("origin : error CODE: text"), so that `dotnet build`, which runs this
// script, shows the reason itself rather than only "exited with code 1".
const fail = (code, text) => {
  console.error(`widget/build.mjs : error ${code}: ${text}`);
  process.exit(1);
};
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  fail("WIDGET001", "esbuild is missing; run `npm ci` at the repository root.");
}

const outfile = path.join(here, "dist", "embed.js");
await esbuild.build({
  entryPoints: [path.join(here, "src", "embed.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  legalComments: "none",
  outfile,
  logLevel: "warning",
});

const code = readFileSync(outfile);
const gzipped = gzipSync(code, { level: 9 }).length;
console.log(`widget: dist/embed.js ${code.length} bytes, ${gzipped} bytes gzipped (budget ${budget})`);
if (gzipped > budget) {
  fail("WIDGET002", `dist/embed.js is ${gzipped} bytes gzipped, over the ${budget}-byte budget`);
}
if (/\beval\s*\(|new Function\s*\(/.test(code.toString("utf8"))) {
  fail("WIDGET003", "the output calls eval or new Function, which a strict CSP forbids");
}
