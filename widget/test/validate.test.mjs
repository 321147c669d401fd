import { test } from "node:test";
import assert from "node:assert/strict";
import { validate, parseDate, ageOn, normalise, isShown } from "../src/validate.js";

// A definition shaped as GET /api/procedures/{id} serves it (messages already formatted by the server).
const messages = (label) => ({
  required: `« ${label} » est obligatoire.`,
  tooLong: `« ${label} » ne doit pas dépasser 5 caractères.`,
  tooShort: `« ${label} » doit comporter au moins 0 caractères.`,
  controlCharacters: `« ${label} » contient des caractères non autorisés.`,
  singleValueExpected: `« ${label} » n'accepte qu'une seule valeur.`,
  invalidDate: `« ${label} » doit être une date valide.`,
  futureDate: `« ${label} » ne peut pas être dans le futur.`,
  invalidPhone: `« ${label} » doit être un numéro français.`,
  invalidPostalCode: `« ${label} » doit comporter 5 chiffres.`,
  postalCodeOutsideCommune: `« ${label} » : hors commune (30000).`,
  notAllowed: `« ${label} » : valeur non proposée.`,
  invalidYesNo: `« ${label} » : répondez oui ou non.`,
  invalidNumber: `« ${label} » doit être un nombre.`,
  numberOutOfRange: `« ${label} » doit être compris entre 1 et 10.`,
});
const definition = {
  commune: { postalCodes: ["30000"] },
  fields: [
    { name: "name", type: "text", label: "Nom", required: true, maxLength: 5, messages: messages("Nom") },
    { name: "birth", type: "date", label: "Naissance", required: true, maxLength: 200, messages: messages("Naissance") },
    { name: "phone", type: "phone", label: "Téléphone", required: false, maxLength: 20, messages: messages("Téléphone") },
    { name: "postalCode", type: "postalCode", label: "Code postal", required: false, maxLength: 5, messages: messages("Code postal") },
    { name: "diet", type: "yesNo", label: "Régime", required: false, messages: messages("Régime") },
    { name: "dietDetails", type: "text", label: "Détails", required: false, maxLength: 200, showIf: null, requiredIf: { field: "diet", in: ["yes"] }, messages: messages("Détails") },
    { name: "days", type: "choice", display: "checkboxes", label: "Jours", required: false, choices: [{ value: "lundi" }, { value: "mardi" }], messages: messages("Jours") },
    { name: "guests", type: "number", label: "Invités", required: false, min: 1, max: 10, maxLength: 200, messages: messages("Invités") },
    {
      name: "proof", type: "file", label: "Justificatif", required: true,
      files: { maxCount: 1, maxBytes: 1024, types: [{ name: "PDF", magic: "255044462d" }] },
      messages: { fileMissing: "joignez", tooManyFiles: "trop", fileEmpty: "vide « {file} »", fileTooLarge: "gros « {file} »", fileType: "pas un PDF « {file} »" },
    },
  ],
  rules: [{ type: "ageToday", field: "birth", min: 2, max: 11, message: "L'âge doit être compris entre {0} et {1} ans (âge actuel : {2} ans)." }],
};
const today = { year: 2026, month: 12, day: 1 };
const pdf = { name: "a.pdf", size: 10, head: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]) };

test("validate_EmptyForm_ReportsTheRequiredFieldsInDefinitionOrder", () => {
  const errors = validate(definition, {}, {}, today);
  assert.deepEqual(errors.map((error) => error.field), ["name", "birth", "proof"]);
  assert.equal(errors[0].message, "« Nom » est obligatoire.");
  assert.equal(errors[2].message, "joignez");
});

test("validate_ValidForm_ReportsNothing", () => {
  const values = { name: " Léa ", birth: "04/05/2021", phone: "06 12 34 56 78", postalCode: "30000", days: ["lundi", "mardi"], guests: "3,5" };
  assert.deepEqual(validate(definition, values, { proof: [pdf] }, today), []);
});

test("validate_BadValues_UsesEachFieldsOwnMessage", () => {
  const values = { name: "Maximilien", birth: "2030-01-01", phone: "12", postalCode: "75001", days: ["dimanche"], guests: "11" };
  const errors = Object.fromEntries(validate(definition, values, { proof: [{ ...pdf, name: "photo.pdf", head: new Uint8Array([1, 2, 3]) }] }, today).map((e) => [e.field, e.message]));
  assert.equal(errors.name, "« Nom » ne doit pas dépasser 5 caractères.");
  assert.equal(errors.birth, "« Naissance » ne peut pas être dans le futur.");
  assert.equal(errors.phone, "« Téléphone » doit être un numéro français.");
  assert.equal(errors.postalCode, "« Code postal » : hors commune (30000).");
  assert.equal(errors.days, "« Jours » : valeur non proposée.");
  assert.equal(errors.guests, "« Invités » doit être compris entre 1 et 10.");
  assert.equal(errors.proof, "pas un PDF « photo.pdf »");
});

test("validate_RequiredIfHolds_RequiresTheDependentField", () => {
  const values = { name: "Léa", birth: "2021-05-04", diet: "oui" };
  const errors = validate(definition, values, { proof: [pdf] }, today);
  assert.deepEqual(errors, [{ field: "dietDetails", message: "« Détails » est obligatoire." }]);
  assert.deepEqual(validate(definition, { ...values, diet: "non" }, { proof: [pdf] }, today), []);
});

test("validate_FieldsValidButRuleBroken_ReportsTheRuleWithItsNumbers", () => {
  const errors = validate(definition, { name: "Léa", birth: "2010-12-02" }, { proof: [pdf] }, today);
  assert.deepEqual(errors, [{ field: "birth", message: "L'âge doit être compris entre 2 et 11 ans (âge actuel : 15 ans)." }]);
});

test("validate_EmptyOrTooLargeFile_NamesTheFile", () => {
  assert.deepEqual(validate(definition, { name: "Léa", birth: "2021-05-04" }, { proof: [{ ...pdf, size: 0, name: "vide.pdf" }] }, today),
    [{ field: "proof", message: "vide « vide.pdf »" }]);
  assert.deepEqual(validate(definition, { name: "Léa", birth: "2021-05-04" }, { proof: [{ ...pdf, size: 2048, name: "gros.pdf" }] }, today),
    [{ field: "proof", message: "gros « gros.pdf »" }]);
});

test("validate_ShowIfDoesNotHold_IgnoresTheField", () => {
  const hidden = { ...definition, fields: [{ name: "x", type: "text", required: true, maxLength: 5, showIf: { field: "y", in: ["yes"] }, messages: messages("X") }] };
  assert.deepEqual(validate(hidden, {}, {}, today), []);
  assert.equal(isShown(hidden.fields[0], { y: "on" }), true);
});

test("parseDate_ImpossibleDays_AreRefused", () => {
  assert.equal(parseDate("2023-02-29"), null);
  assert.deepEqual(parseDate("29/02/2024"), { year: 2024, month: 2, day: 29 });
  assert.equal(parseDate("2024-13-01"), null);
  assert.equal(parseDate("4/5/2021"), null);
});

test("ageOn_BirthdayNotYetReached_CountsOneYearLess", () => {
  assert.equal(ageOn({ year: 2020, month: 9, day: 2 }, { year: 2026, month: 9, day: 1 }), 5);
  assert.equal(ageOn({ year: 2020, month: 2, day: 29 }, { year: 2021, month: 2, day: 28 }), 1);
});

test("normalise_ComposedAndDecomposedAccents_AreTheSame", () => {
  assert.equal(normalise("  Le\u0301a "), "Léa");
  assert.equal(normalise("   "), "");
});
