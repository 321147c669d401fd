// Prefill: values the commune's page gives (`prefill-{field}` attributes on <citizen-form>, lower-cased as HTML
// writes attribute names) and values in the host page's address (`?field=value`), for fields the definition
// declares only (never a file). The attribute wins: the site that knows the person set it; the address fills the
// rest. The values are then checked like typed ones. Pure function: node's test runner checks it directly.
export function prefillOf(definition, attributes, search) {
  const byName = new Map(definition.fields.filter((field) => field.type !== "file").map((field) => [field.name.toLowerCase(), field.name]));
  const values = {};
  const query = new URLSearchParams(search ?? "");
  for (const [key, value] of query) {
    const name = definition.fields.find((field) => field.name === key && field.type !== "file")?.name;
    if (name && value !== "") values[name] = value;
  }
  for (const { name: attribute, value } of attributes) {
    const lower = attribute.toLowerCase();
    if (!lower.startsWith("prefill-")) continue;
    const name = byName.get(lower.slice("prefill-".length));
    if (name && value !== "") values[name] = value;
  }
  return values;
}
