// Builds the widget (src/embed.js) into dist/embed.js with esbuild, prints its size gzipped and fails above the
// budget or when the output could need 'unsafe-eval'. Run by the Serverless.Core build (which embeds the file) and
// by scripts/test.sh.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const budget = 30 * 1024;
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.error("widget: esbuild is missing; run `npm ci` at the repository root.");
  process.exit(1);
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
  console.error(`widget: ${gzipped} bytes gzipped is over the ${budget}-byte budget`);
  process.exit(1);
}
if (/\beval\s*\(|new Function\s*\(/.test(code.toString("utf8"))) {
  console.error("widget: the output calls eval or new Function, which a strict CSP forbids");
  process.exit(1);
}
