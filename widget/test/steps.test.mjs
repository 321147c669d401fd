import { test } from "node:test";
import assert from "node:assert/strict";
import { stepsOf, stepErrors, stepOfField, nextView, stepLabel, answersOf } from "../src/steps.js";
import { texts } from "../src/texts.js";

// Shaped as GET /api/procedures/school-enrolment serves it (only what the step logic reads).
const definition = {
  fields: [
    { name: "childFirstName", type: "text", label: "Prénom de l'enfant" },
    { name: "school", type: "choice", label: "École", choices: [{ value: "ecole-jules-ferry", label: "École Jules-Ferry" }] },
    { name: "diet", type: "yesNo", label: "Régime" },
    { name: "dietDetails", type: "text", label: "Détails", showIf: { field: "diet", in: ["yes"] } },
    { name: "days", type: "choice", display: "checkboxes", label: "Jours", choices: [{ value: "lundi", label: "Lundi" }, { value: "mardi", label: "Mardi" }] },
    { name: "proof", type: "file", label: "Justificatif" },
  ],
  steps: [
    { id: "child", title: "L'enfant", fields: ["childFirstName", "school", "ghost"] },
    { id: "more", title: "Le reste", fields: ["diet", "dietDetails", "days", "proof"] },
    { id: "empty", title: "Rien", fields: ["ghost"] },
  ],
};
const t = texts("fr");

test("stepsOf_StepsNamingUnknownFields_KeepsOnlyDeclaredFieldsAndDropsEmptySteps", () => {
  const steps = stepsOf(definition);
  assert.deepEqual(steps.map((step) => step.id), ["child", "more"]);
  assert.deepEqual(steps[0].fields, ["childFirstName", "school"]);
});

test("stepsOf_ProcedureWithoutSteps_IsOnePageWithoutReview", () => {
  assert.deepEqual(stepsOf({ fields: definition.fields }), []);
  assert.deepEqual(stepsOf({ fields: definition.fields, steps: [] }), []);
});

test("stepErrors_ErrorsOfTheWholeForm_KeepsOnlyTheStepsOwnInOrder", () => {
  const errors = [
    { field: "childFirstName", message: "« Prénom de l'enfant » est obligatoire." },
    { field: "proof", message: "joignez" },
    { field: "school", message: "« École » est obligatoire." },
  ];
  const steps = stepsOf(definition);
  assert.deepEqual(stepErrors(errors, steps[0]).map((error) => error.field), ["childFirstName", "school"]);
  assert.deepEqual(stepErrors(errors, steps[1]).map((error) => error.message), ["joignez"]);
});

test("stepOfField_FieldOfTheSecondStep_IsIndexOneAndUnknownIsTheFirst", () => {
  const steps = stepsOf(definition);
  assert.equal(stepOfField(steps, "days"), 1);
  assert.equal(stepOfField(steps, "nothing"), 0);
});

test("nextView_MiddleLastAndFromReview_LeadsToNextStepReviewAndBackToReview", () => {
  assert.deepEqual(nextView(0, 3, false), { step: 1 });
  assert.deepEqual(nextView(2, 3, false), { review: true });
  assert.deepEqual(nextView(0, 3, true), { review: true });
});

test("stepLabel_FrenchAndEnglish_SaysWhichStepOfHowMany", () => {
  assert.equal(stepLabel(t, 1, 3, "Le responsable légal"), "Étape 2 sur 3 : Le responsable légal");
  assert.equal(stepLabel(texts("en"), 0, 3, "The child"), "Step 1 of 3: The child");
});

test("answersOf_GivenValues_ShowsLabelsOfChoicesYesNoAndFilesByName", () => {
  const steps = stepsOf(definition);
  const values = { childFirstName: " Léa ", school: "ecole-jules-ferry", diet: "yes", dietDetails: "", days: ["lundi", "mardi"] };
  assert.deepEqual(answersOf(definition, steps[0], values, {}, t), [
    { field: "childFirstName", label: "Prénom de l'enfant", shown: "Léa" },
    { field: "school", label: "École", shown: "École Jules-Ferry" },
  ]);
  assert.deepEqual(answersOf(definition, steps[1], values, { proof: ["domicile.pdf"] }, t), [
    { field: "diet", label: "Régime", shown: "Oui" },
    { field: "dietDetails", label: "Détails", shown: null },
    { field: "days", label: "Jours", shown: "Lundi, Mardi" },
    { field: "proof", label: "Justificatif", shown: "domicile.pdf" },
  ]);
});

test("answersOf_FieldHiddenByItsCondition_IsNotListed", () => {
  const steps = stepsOf(definition);
  const answers = answersOf(definition, steps[1], { diet: "no" }, {}, t);
  assert.deepEqual(answers.map((answer) => answer.field), ["diet", "days", "proof"]);
  assert.equal(answers[0].shown, "Non");
  assert.equal(answers[2].shown, null);
});
