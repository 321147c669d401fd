// For the parity test (tests/Serverless.Core.Tests/WidgetValidationParityTests.cs): reads
// {definition, today: "yyyy-MM-dd", cases: [{values, files: {name: [{name, base64}]}}]} on stdin and prints, per case,
// the widget validator's errors.
import { validate } from "../src/validate.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { definition, today, cases } = JSON.parse(input);
const [year, month, day] = today.split("-").map(Number);
const results = cases.map(({ values, files }) => {
  const described = Object.fromEntries(Object.entries(files ?? {}).map(([name, list]) => [name, list.map((file) => {
    const bytes = Buffer.from(file.base64, "base64");
    return { name: file.name, size: bytes.length, head: new Uint8Array(bytes.subarray(0, 16)) };
  })]));
  return validate(definition, values, described, { year, month, day });
});
process.stdout.write(JSON.stringify(results));
