// The widget's validator: the same checks, in the same order and with the same messages, as the server's
// SubmissionValidator (functions/Serverless.Core/Submission/SubmissionValidator.cs). The messages come from the
// definition the server serves (field.messages, rules[].message), so the two cannot drift apart in wording;
// tests/Serverless.Core.Tests/WidgetValidationParityTests.cs runs the same inputs through both.
// Pure functions only: no DOM, so node's test runner checks them directly.

const YES = "yes";
const NO = "no";
const FILE_NAME = "{file}";

/** Trim and Unicode NFC, as the server's Normalise; blank is empty. */
export function normalise(raw) {
  if (raw == null) return "";
  const trimmed = String(raw).trim();
  return trimmed.length === 0 ? "" : trimmed.normalize("NFC");
}

/** "yes"/"no" from what forms send: oui/non, true/false, on, 1/0. */
export function yesNoValue(value) {
  switch (value.toUpperCase()) {
    case "YES": case "OUI": case "TRUE": case "ON": case "1": return YES;
    case "NO": case "NON": case "FALSE": case "OFF": case "0": return NO;
    default: return null;
  }
}

/** The value a condition looks at: several joined by commas, a single one mapped to yes/no when it is one. */
function controlling(values, name) {
  const raw = values[name];
  if (Array.isArray(raw) && raw.length > 1) return raw.map(normalise).join(",");
  const one = Array.isArray(raw) ? raw[0] : raw;
  if (one == null) return null;
  const value = normalise(one);
  return yesNoValue(value) ?? value;
}

export function holdsFor(condition, value) {
  return value != null && value.split(",").map((part) => part.trim()).some((part) => condition.in.includes(part));
}

function sent(values, name) {
  const raw = values[name];
  const list = raw == null ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map(normalise).filter((value) => value.length > 0);
}

const FRENCH_PHONE = /^(?:(?:\+|00)33[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}$/;
const POSTAL_CODE = /^\d{5}$/;
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// What System.Net.Mail.MailAddress accepts of a bare address, near enough: a dot-atom local part and host.
const EMAIL_ATOMS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*@[A-Za-z0-9\u0080-\uFFFF-]+(?:\.[A-Za-z0-9\u0080-\uFFFF-]+)+$/;

function isEmail(value) {
  return EMAIL_SHAPE.test(value) && EMAIL_ATOMS.test(value);
}

function hasControlCharacters(value, allowNewLines) {
  for (const character of value) {
    const code = character.codePointAt(0);
    const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
    if (control && !(allowNewLines && (character === "\n" || character === "\r" || character === "\t"))) return true;
  }
  return false;
}

/** yyyy-MM-dd or dd/MM/yyyy, a real calendar day; returns {year, month, day} or null. */
export function parseDate(value) {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let year, month, day;
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value))) {
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const limit = month === 2 ? (leap ? 29 : 28) : daysInMonth;
  return day <= limit ? { year, month, day } : null;
}

function compareDates(a, b) {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Full years between a birth date and a day, as DeclarativeRules.AgeOn. */
export function ageOn(birth, day) {
  let age = day.year - birth.year;
  // birth.AddYears(age) > day; 29 February becomes 28 February in a year that has none.
  let month = birth.month;
  let date = birth.day;
  const year = birth.year + age;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (month === 2 && date === 29 && !leap) date = 28;
  if (compareDates({ year, month, day: date }, day) > 0) age -= 1;
  return age;
}

/** decimal.TryParse after the server's replacements (',' → '.', spaces removed); returns a Number or null. */
function parseNumber(value) {
  const text = value.replace(/,/g, ".").replace(/ /g, "");
  const match = /^\s*([+-]?)((?:\d+\.?\d*)|(?:\.\d+))([+-]?)\s*$/.exec(text);
  if (!match || (match[1] && match[3])) return null;
  const sign = match[1] === "-" || match[3] === "-" ? -1 : 1;
  return sign * Number(match[2]);
}

function format(template, args) {
  return template.replace(/\{(\d+)\}/g, (whole, index) => (index in args ? String(args[index]) : whole));
}

function withFile(template, name) {
  return template.split(FILE_NAME).join(name);
}

function startsWith(head, hex) {
  if (head.length < hex.length / 2) return false;
  for (let i = 0; i < hex.length / 2; i++) {
    if (head[i] !== parseInt(hex.substr(i * 2, 2), 16)) return false;
  }
  return true;
}

function checkFiles(field, required, uploads, errors) {
  const messages = field.messages;
  const rules = field.files;
  if (uploads.length === 0) {
    if (required) errors.push({ field: field.name, message: messages.fileMissing });
    return;
  }
  if (uploads.length > rules.maxCount) {
    errors.push({ field: field.name, message: messages.tooManyFiles });
    return;
  }
  for (const upload of uploads) {
    const shown = upload.name == null || upload.name.trim() === "" ? "?" : upload.name;
    if (upload.size === 0) {
      errors.push({ field: field.name, message: withFile(messages.fileEmpty, shown) });
    } else if (upload.size > rules.maxBytes) {
      errors.push({ field: field.name, message: withFile(messages.fileTooLarge, shown) });
    } else if (!rules.types.some((type) => startsWith(upload.head, type.magic))) {
      errors.push({ field: field.name, message: withFile(messages.fileType, shown) });
    }
  }
}

function patternMatches(pattern, value) {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return true; // A pattern JavaScript cannot read is left to the server.
  }
}

function checkValue(definition, field, value, today) {
  const messages = field.messages;
  // Choices and yes/no carry no maxLength in the definition: a value the widget offers is never that long.
  if (field.maxLength != null && value.length > field.maxLength) return messages.tooLong;
  if (value.length < (field.minLength ?? 0)) return messages.tooShort;
  if (hasControlCharacters(value, field.type === "longText")) return messages.controlCharacters;
  if (field.pattern != null && !patternMatches(field.pattern, value)) return messages.pattern;
  switch (field.type) {
    case "email":
      return isEmail(value) ? null : messages.invalidEmail;
    case "phone":
      return FRENCH_PHONE.test(value) ? null : messages.invalidPhone;
    case "date": {
      const date = parseDate(value);
      if (!date) return messages.invalidDate;
      return compareDates(date, today) > 0 ? messages.futureDate : null;
    }
    case "number": {
      const number = parseNumber(value);
      if (number == null || Number.isNaN(number)) return messages.invalidNumber;
      if ((field.min != null && number < field.min) || (field.max != null && number > field.max)) return messages.numberOutOfRange;
      return null;
    }
    case "yesNo":
      return yesNoValue(value) ? null : messages.invalidYesNo;
    case "postalCode": {
      if (!POSTAL_CODE.test(value)) return messages.invalidPostalCode;
      const codes = definition.commune?.postalCodes ?? [];
      return codes.length === 0 || codes.includes(value) ? null : messages.postalCodeOutsideCommune;
    }
    case "choice":
      return (field.choices ?? []).some((choice) => choice.value === value) ? null : messages.notAllowed;
    default:
      return null;
  }
}

function normalisedDate(value) {
  const date = parseDate(value);
  return date ? date : null;
}

function checkRules(definition, values, today) {
  const errors = [];
  for (const rule of definition.rules ?? []) {
    const birthText = values[rule.field];
    if (birthText == null || rule.message == null) continue;
    const birth = normalisedDate(birthText);
    if (rule.type === "ageOnSchoolYearStart" && rule.schoolYearField && values[rule.schoolYearField] != null) {
      const startYear = Number(values[rule.schoolYearField].slice(0, 4));
      const age = ageOn(birth, { year: startYear, month: 9, day: 1 });
      if (age < rule.min || age > rule.max) errors.push({ field: rule.field, message: format(rule.message, [rule.min, rule.max, startYear, age]) });
    } else if (rule.type === "ageToday") {
      const age = ageOn(birth, today);
      if (age < rule.min || age > rule.max) errors.push({ field: rule.field, message: format(rule.message, [rule.min, rule.max, age]) });
    }
  }
  return errors;
}

/** Whether a field applies to what has been answered so far (its showIf holds, or it has none). */
export function isShown(field, values) {
  return !field.showIf || holdsFor(field.showIf, controlling(values, field.showIf.field));
}

/** Whether a field must be answered, given what has been answered so far. */
export function isRequired(field, values) {
  return field.required || (field.requiredIf ? holdsFor(field.requiredIf, controlling(values, field.requiredIf.field)) : false);
}

/**
 * Checks values (name → string, or string[] for checkboxes) and files (name → [{name, size, head: Uint8Array}])
 * against a definition as served by GET /api/procedures/{id}; today is {year, month, day}.
 * Returns [{field, message}] in the server's order.
 */
export function validate(definition, values, files, today) {
  const errors = [];
  const accepted = {};
  for (const field of definition.fields) {
    if (!isShown(field, values)) continue;
    const required = isRequired(field, values);
    if (field.type === "file") {
      checkFiles(field, required, files[field.name] ?? [], errors);
      continue;
    }
    const given = sent(values, field.name);
    const several = field.type === "choice" && field.display === "checkboxes";
    if (given.length > 1 && !several) {
      errors.push({ field: field.name, message: field.messages.singleValueExpected });
      continue;
    }
    if (given.length === 0) {
      if (required) errors.push({ field: field.name, message: field.messages.required });
      continue;
    }
    const message = several
      ? (given.every((value) => (field.choices ?? []).some((choice) => choice.value === value)) ? null : field.messages.notAllowed)
      : checkValue(definition, field, given[0], today);
    if (message == null) accepted[field.name] = normaliseAccepted(field, given);
    else errors.push({ field: field.name, message });
  }
  if (errors.length === 0) errors.push(...checkRules(definition, accepted, today));
  return errors;
}

function normaliseAccepted(field, given) {
  if (field.type === "date") {
    const date = parseDate(given[0]);
    return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
  }
  return given.join(",");
}

/** Today in the browser's calendar, as the validator wants it. */
export function todayOf(date) {
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}
