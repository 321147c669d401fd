import { test } from "node:test";
import assert from "node:assert/strict";
import { prefillOf } from "../src/prefill.js";

const definition = {
  fields: [
    { name: "parentEmail", type: "email" },
    { name: "childFirstName", type: "text" },
    { name: "proofOfAddress", type: "file" },
  ],
};

test("prefillOf_AddressAndAttributes_KeepsDeclaredFieldsOnlyAndNeverFiles", () => {
  const values = prefillOf(definition, [{ name: "prefill-parentemail", value: "claire@example.org" }, { name: "procedure", value: "x" }, { name: "prefill-ghost", value: "1" }],
    "?childFirstName=L%C3%A9a&proofOfAddress=x&admin=1");
  assert.deepEqual(values, { parentEmail: "claire@example.org", childFirstName: "Léa" });
});

test("prefillOf_SameFieldInBoth_TheAttributeWins", () => {
  const values = prefillOf(definition, [{ name: "prefill-childfirstname", value: "Léo" }], "?childFirstName=Lea");
  assert.deepEqual(values, { childFirstName: "Léo" });
});

test("prefillOf_QueryNamesAreExact_ACaseVariantIsNotAField", () => {
  assert.deepEqual(prefillOf(definition, [], "?childfirstname=Lea&childFirstName="), {});
});
