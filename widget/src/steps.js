// The widget's pages, as the no-JS pages have them (Drafts/DraftForm.cs, Pages/CheckAnswersPage.cs): a procedure
// with steps shows one step per page, then "check your answers", then sends; a procedure without steps is one page
// that sends directly (the no-JS form page of such a procedure has no review either). Pure functions: no DOM, so
// node's test runner checks them directly.
import { isShown } from "./validate.js";

/** The catalogue's steps, keeping only fields the definition declares; [] for a one-page procedure. */
export function stepsOf(definition) {
  const names = new Set(definition.fields.map((field) => field.name));
  return (definition.steps ?? [])
    .map((step) => ({ id: step.id, title: step.title, fields: step.fields.filter((name) => names.has(name)) }))
    .filter((step) => step.fields.length > 0);
}

/** The index of the step that holds a field (0 when no step does, e.g. a one-page procedure). */
export function stepOfField(steps, name) {
  const index = steps.findIndex((step) => step.fields.includes(name));
  return index < 0 ? 0 : index;
}

/** The errors a step must fix before going on: those of its own fields (the whole form is checked around them). */
export function stepErrors(errors, step) {
  return errors.filter((error) => step.fields.includes(error.field));
}

/**
 * Where "next" leads from step `index`: the following step, or the review after the last one; straight back to
 * the review when the person came from its « Modifier » button (the other steps were already checked).
 */
export function nextView(index, count, fromReview) {
  if (fromReview || index + 1 >= count) return { review: true };
  return { step: index + 1 };
}

/** "Étape 2 sur 3 : Le responsable légal" (the no-JS pages' DraftForm.StepLabel). */
export function stepLabel(t, index, count, title) {
  return t.stepOf.replace("{0}", String(index + 1)).replace("{1}", String(count)).replace("{2}", title);
}

/**
 * One step's answers for "check your answers": every field the form shows, its label, and the answer as the person
 * reads it (a choice's label, Oui/Non, the files by name), or null when nothing was given.
 */
export function answersOf(definition, step, values, fileNames, t) {
  return step.fields
    .map((name) => definition.fields.find((field) => field.name === name))
    .filter((field) => field && isShown(field, values))
    .map((field) => ({ field: field.name, label: field.label, shown: shownValue(field, values[field.name], fileNames[field.name], t) }));
}

function shownValue(field, value, files, t) {
  if (field.type === "file") return files && files.length > 0 ? files.join(", ") : null;
  const all = (Array.isArray(value) ? value : [value]).filter((one) => one != null && String(one).trim() !== "");
  if (all.length === 0) return null;
  const label = (one) => {
    if (field.type === "yesNo") return one === "yes" ? t.yes : one === "no" ? t.no : one;
    return field.choices?.find((choice) => choice.value === one)?.label ?? String(one).trim();
  };
  return all.map(label).join(", ");
}
