// <citizen-form procedure="…" lang="fr|en">: renders a procedure from GET /api/procedures/{id} inside its own
// shadow root, checks it with the definition's rules and messages (validate.js), uploads with progress announced
// to screen readers, submits with CORS and shows the receipt in place. A procedure with steps shows one step at a
// time, then "check your answers" (steps.js), as the no-JS pages do.
import { h } from "./dom.js";
import { CSS } from "./styles.js";
import { texts, languageOf } from "./texts.js";
import { validate, isShown, isRequired, todayOf, yesNoValue } from "./validate.js";
import { progressAnnouncer } from "./progress.js";
import { autosaver, clockTime } from "./autosave.js";
import { prefillOf } from "./prefill.js";
import { stepsOf, stepErrors, stepOfField, nextView, stepLabel, answersOf } from "./steps.js";

let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// One key per filled form, so a retried send is recorded once (Idempotency-Key). getRandomValues, unlike
// randomUUID, works on a host page served over plain http too.
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

// How many bytes of each file the type check reads (the longest signature is PNG's 8).
const HEAD_BYTES = 16;

// How long after the last change the draft is saved.
const AUTOSAVE_DELAY_MS = 2000;

export function defineCitizenForm(apiBase) {
  if (customElements.get("citizen-form")) return;

  class CitizenForm extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [stylesheet()];
      this.language = languageOf(this.getAttribute("lang") || document.documentElement.lang);
      this.t = texts(this.language);
      this.idempotencyKey = randomKey();
      this.container = h("div", { class: "cf", lang: this.language });
      this.status = h("p", { class: "status", role: "status", "aria-live": "polite" });
      // Failures to save a draft interrupt: the person would otherwise believe the answers are kept.
      this.alert = h("p", { class: "status message", role: "alert", "aria-live": "assertive" });
      this.container.append(h("p", {}, this.t.loading));
      root.append(this.container);
      this.load();
    }

    // Not `id`: that would hide the element's own id property from the host page.
    idOf(name) {
      return `cf-${name}`;
    }

    byId(id) {
      return this.shadowRoot.getElementById(id);
    }

    async load() {
      const procedure = this.getAttribute("procedure") || "";
      try {
        const response = await fetch(`${apiBase}procedures/${encodeURIComponent(procedure)}?lang=${this.language}`, {
          headers: { Accept: "application/json" },
          mode: "cors",
          credentials: "omit",
        });
        if (!response.ok) throw new Error(String(response.status));
        this.definition = await response.json();
      } catch {
        this.container.replaceChildren(h("p", { class: "message", role: "alert" }, this.t.loadFailed));
        return;
      }
      this.render();
    }

    render() {
      const d = this.definition;
      const t = this.t;
      this.applyColour(d.commune?.colour);
      // A group may be named by its heading (a bare div may not: axe flags aria-labelledby there).
      this.summary = h("div", { class: "summary", role: "group", tabindex: "-1", hidden: true, "aria-labelledby": this.idOf("summary-title") });
      this.form = h("form", { novalidate: true, "aria-labelledby": this.idOf("title") });
      this.steps = stepsOf(d);
      this.progress = h("progress", { max: "100", value: "0", hidden: true, "aria-labelledby": this.idOf("progress-label") });
      this.sending = [h("span", { id: this.idOf("progress-label"), hidden: true }, t.sending), this.progress];
      if (this.steps.length === 0) {
        for (const field of d.fields) this.form.append(this.renderField(field));
        this.submitButton = h("button", { type: "submit" }, t.submit);
        this.form.append(this.submitButton, ...this.sending);
      } else {
        this.renderSteps();
      }
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (this.steps.length === 0) this.submit();
        else this.next();
      });
      this.form.addEventListener("change", () => this.changed());
      this.form.addEventListener("input", () => this.changed());
      if (d.drafts?.createUrl) {
        this.autosave = autosaver(() => this.saveDraft(), AUTOSAVE_DELAY_MS);
        this.renderLater();
      }
      // replaceChildren and append would write "null" for a missing part: only what exists goes in.
      this.container.replaceChildren(...[
        h("h2", { id: this.idOf("title") }, d.title),
        d.description ? h("p", {}, d.description) : null,
        this.summary,
        this.form,
        this.review,
        this.later,
        this.status,
        this.alert,
        d.legal?.receiptMentions ? h("p", { class: "legal" }, d.legal.receiptMentions) : null,
      ].filter(Boolean));
      this.applyConditions();
      if (this.steps.length > 0) this.showStep(0, { focus: false });
      this.applyPrefill();
    }

    /**
     * The commune's colour (contrast-checked by the catalogue) as a custom property, in a stylesheet of this element's
     * own: a constructable stylesheet, not a style attribute, so the host's strict CSP is enough. A page that sets
     * --citizen-form-accent itself still wins.
     */
    applyColour(colour) {
      if (!/^#[0-9a-f]{6}$/i.test(colour ?? "")) return;
      const own = new CSSStyleSheet();
      own.replaceSync(`:host{--cf-commune:${colour}}`);
      this.shadowRoot.adoptedStyleSheets = [stylesheet(), own];
    }

    /** Prefilled values go into the fields, then are checked as typed ones: problems of the first page are shown at once (focus stays where the host page has it). */
    applyPrefill() {
      const values = prefillOf(this.definition, [...this.attributes], window.location.search);
      const names = Object.keys(values);
      if (names.length === 0) return;
      for (const name of names) {
        const field = this.fieldOf(name);
        const inputs = [...this.form.elements].filter((element) => element.name === name);
        if (inputs[0]?.type === "radio" || inputs[0]?.type === "checkbox") {
          const wanted = values[name].split(",").map((one) => (field.type === "yesNo" ? yesNoValue(one.trim()) ?? one.trim() : one.trim()));
          for (const input of inputs) input.checked = wanted.includes(input.value);
        } else if (inputs[0]) {
          inputs[0].value = values[name];
        }
      }
      this.applyConditions();
      const page = this.steps.length > 0 ? this.steps[0].fields : this.definition.fields.map((field) => field.name);
      const errors = validate(this.definition, this.values(), {}, todayOf(new Date()))
        .filter((error) => names.includes(error.field) && page.includes(error.field));
      if (errors.length > 0) this.showErrors(errors, this.t.errorsAnnounced(errors.length), { focus: false });
    }

    /** One group per step (the others hidden, their values kept), the step's buttons, and the review's place. */
    renderSteps() {
      const t = this.t;
      const count = this.steps.length;
      const placed = new Set(this.steps.flatMap((step) => step.fields));
      // A field no step names still has to be answered somewhere: on the last step.
      const leftover = this.definition.fields.filter((field) => !placed.has(field.name)).map((field) => field.name);
      this.stepGroups = this.steps.map((step, index) => {
        const headingId = this.idOf(`step-${index}`);
        const names = index === count - 1 ? [...step.fields, ...leftover] : step.fields;
        return h("div", { class: "step", role: "group", "aria-labelledby": headingId, hidden: index !== 0 },
          h("h3", { id: headingId, tabindex: "-1" }, stepLabel(t, index, count, step.title)),
          names.map((name) => this.renderField(this.fieldOf(name))));
      });
      this.nextButton = h("button", { type: "submit" }, t.next);
      this.previousButton = h("button", { type: "button", class: "secondary" }, t.previous);
      this.previousButton.addEventListener("click", () => this.showStep(this.stepIndex - 1));
      this.form.append(...this.stepGroups, h("div", { class: "actions" }, this.nextButton, this.previousButton));
      this.review = h("div", { class: "review", hidden: true });
      this.submitButton = h("button", { type: "button" }, t.submit);
      this.submitButton.addEventListener("click", () => this.submit());
    }

    /** Shows step `index`; focus goes to its heading ("Étape 2 sur 3 : …") unless told otherwise. */
    showStep(index, { focus = true, fromReview = false } = {}) {
      const t = this.t;
      this.stepIndex = index;
      this.fromReview = fromReview;
      this.clearErrors();
      this.review.hidden = true;
      this.form.hidden = false;
      this.stepGroups.forEach((group, at) => { group.hidden = at !== index; });
      this.previousButton.hidden = index === 0 || fromReview;
      this.nextButton.textContent = fromReview || index === this.steps.length - 1 ? t.toReview : t.next;
      if (focus) this.byId(this.idOf(`step-${index}`)).focus();
    }

    /** "Suivant": the step's own errors stop it (checked with the whole form around them), else on. */
    async next() {
      if (this.busy) return;
      const errors = stepErrors(validate(this.definition, this.values(), await this.files(), todayOf(new Date())), this.steps[this.stepIndex]);
      if (errors.length > 0) {
        this.showErrors(errors, this.t.stepErrorsAnnounced(errors.length));
        return;
      }
      const view = nextView(this.stepIndex, this.steps.length, this.fromReview);
      if (view.review) this.showReview();
      else this.showStep(view.step);
      this.autosave?.flush();
    }

    changed() {
      this.applyConditions();
      this.autosave?.schedule();
    }

    /** The answers a draft keeps: those given, of fields the form shows; never files. */
    draftValues() {
      const values = this.values();
      const kept = {};
      for (const field of this.definition.fields) {
        const value = values[field.name];
        if (field.type === "file" || !isShown(field, values) || value == null) continue;
        if (Array.isArray(value) ? value.length > 0 : value.trim() !== "") kept[field.name] = value;
      }
      return kept;
    }

    async post(url, body) {
      const response = await fetch(new URL(url, apiBase).href, {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": this.language },
        body: JSON.stringify({ lang: this.language, ...body }),
      });
      let answer = null;
      try {
        answer = await response.json();
      } catch {
        answer = null;
      }
      return { status: response.status, ok: response.ok, answer };
    }

    /**
     * Saves the answers: the first save starts a draft (POST …/drafts), later ones replace its answers. The draft's
     * address (its signed token) stays in this element's memory only: no cookie, no storage.
     */
    async saveDraft({ force = false } = {}) {
      if (this.busy || this.submitted) return;
      const values = this.draftValues();
      if (!this.draftUrl && !force && Object.keys(values).length === 0) return;
      let result;
      try {
        result = this.draftUrl
          ? await this.post(this.draftUrl, { action: "autosave", ...values })
          : await this.post(this.definition.drafts.createUrl, values);
      } catch {
        result = { ok: false, answer: null };
      }
      if (result.status === 404 || result.status === 410) this.draftUrl = null;
      if (!result.ok || !result.answer?.draftUrl) {
        this.alarm(result.answer?.detail ? `${this.t.draftFailed} ${result.answer.detail}` : this.t.draftFailed);
        return;
      }
      this.draftUrl = result.answer.draftUrl;
      this.draftExpiry = result.answer.expiresAtText;
      this.alert.textContent = "";
      this.announce(this.t.draftSaved(clockTime(new Date(), this.language)));
    }

    /** "Enregistrer et reprendre plus tard": the address to send the resume link to, then the link's expiry. */
    renderLater() {
      const t = this.t;
      const button = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": this.idOf("later") }, t.later);
      const errorId = this.idOf("later-email-error");
      this.laterEmail = h("input", { type: "email", id: this.idOf("later-email"), name: "laterEmail", autocomplete: "email", spellcheck: "false", "aria-describedby": errorId });
      this.laterError = h("p", { class: "message", id: errorId, hidden: true });
      const send = h("button", { type: "button" }, t.sendLink);
      this.laterPanel = h("div", { class: "later-panel", id: this.idOf("later"), role: "group", "aria-labelledby": this.idOf("later-title"), hidden: true },
        h("h3", { id: this.idOf("later-title") }, t.later),
        h("p", {}, t.laterHelp),
        h("label", { for: this.idOf("later-email") }, t.laterEmail),
        this.laterError,
        this.laterEmail,
        send);
      button.addEventListener("click", () => {
        this.laterPanel.hidden = false;
        button.setAttribute("aria-expanded", "true");
        const contact = this.definition.fields.find((field) => field.type === "email");
        if (!this.laterEmail.value && contact) this.laterEmail.value = this.values()[contact.name] ?? "";
        this.laterEmail.focus();
      });
      send.addEventListener("click", () => this.sendLink());
      this.laterEmail.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        this.sendLink();
      });
      this.later = h("div", { class: "later" }, h("p", { class: "help" }, t.autosaveNote), button, this.laterPanel);
    }

    async sendLink() {
      const t = this.t;
      this.laterError.hidden = true;
      this.laterEmail.removeAttribute("aria-invalid");
      await this.autosave.flush();
      if (!this.draftUrl) await this.saveDraft({ force: true });
      if (!this.draftUrl) return;
      let result;
      try {
        result = await this.post(this.draftUrl, { action: "send-link", email: this.laterEmail.value });
      } catch {
        result = { ok: false, answer: null };
      }
      if (!result.ok) {
        const message = result.answer?.errors?.email?.[0] ?? result.answer?.detail ?? t.networkError;
        this.laterError.textContent = message;
        this.laterError.hidden = false;
        this.laterEmail.setAttribute("aria-invalid", "true");
        this.laterEmail.focus();
        this.alarm(message);
        return;
      }
      const done = h("p", { class: "sent", tabindex: "-1" }, t.linkSent(result.answer.sentTo, result.answer.expiresAtText));
      this.laterPanel.replaceChildren(done);
      done.focus();
      this.announce(done.textContent);
    }

    alarm(text) {
      this.alert.textContent = this.alert.textContent === text ? `${text}\u00a0` : text;
    }

    /** "Vérifier vos réponses": every answer, step by step, each with a « Modifier » button back to its step (RGAA 11.12). */
    showReview() {
      const t = this.t;
      const values = this.values();
      const fileNames = {};
      for (const field of this.definition.fields) {
        if (field.type === "file") fileNames[field.name] = [...(this.byId(this.idOf(field.name))?.files ?? [])].map((file) => file.name);
      }
      this.clearErrors();
      this.form.hidden = true;
      const title = h("h3", { id: this.idOf("review-title"), tabindex: "-1" }, t.reviewTitle);
      const blocks = this.steps.map((step, index) => [
        h("h4", {}, step.title),
        h("dl", {}, answersOf(this.definition, step, values, fileNames, t).map((answer) => {
          const change = h("button", { type: "button", class: "secondary change" }, t.change, h("span", { class: "sr" }, ` : ${answer.label}`));
          change.addEventListener("click", () => {
            this.showStep(index, { focus: false, fromReview: true });
            this.focusTarget(this.fieldOf(answer.field)).focus();
          });
          return h("div", { class: "answer", "data-answer": answer.field },
            h("dt", {}, answer.label),
            h("dd", {}, answer.shown ?? h("em", {}, t.notGiven)),
            h("dd", {}, change));
        })),
      ]);
      this.review.replaceChildren(title, h("p", { class: "help" }, t.reviewHelp), ...blocks.flat(), this.submitButton, ...this.sending);
      this.review.hidden = false;
      title.focus();
    }

    /** Errors met after the review (the server's answer): shown on the step of the first one, with that step's others. */
    showErrorsOnTheirStep(errors) {
      const known = errors.filter((error) => this.fieldOf(error.field));
      if (this.steps.length === 0 || known.length === 0) {
        this.showErrors(errors);
        return;
      }
      const index = stepOfField(this.steps, known[0].field);
      this.showStep(index, { focus: false });
      this.showErrors(errors.filter((error) => !this.fieldOf(error.field) || this.steps[index].fields.includes(error.field)));
    }

    fieldOf(name) {
      return this.definition.fields.find((field) => field.name === name);
    }

    conditionNote(field) {
      const condition = field.showIf ?? field.requiredIf;
      const controlling = condition && this.fieldOf(condition.field);
      if (!controlling) return null;
      const shown = condition.in.map((value) => this.display(controlling, value)).join(" / ");
      const template = field.showIf ? this.t.onlyIf : this.t.requiredIf;
      return template.replace("{0}", controlling.label).replace("{1}", shown);
    }

    display(field, value) {
      if (field.type === "yesNo") return value === "yes" ? this.t.yes : this.t.no;
      return field.choices?.find((choice) => choice.value === value)?.label ?? value;
    }

    renderField(field) {
      const t = this.t;
      const id = this.idOf(field.name);
      const helpId = `${id}-help`;
      const errorId = `${id}-error`;
      const helpText = [field.help, field.type === "date" ? t.dateHint : null, this.conditionNote(field)].filter(Boolean).join(" ");
      const help = helpText ? h("span", { class: "help", id: helpId }, helpText) : null;
      const error = h("p", { class: "message", id: errorId, hidden: true });
      const describedBy = [help ? helpId : null, errorId].filter(Boolean).join(" ");
      const mark = field.required ? h("span", { class: "mark" }, ` ${t.required}`) : null;
      const wrapper = h("div", { class: "field", "data-field": field.name });
      const group = field.type === "yesNo" || (field.type === "choice" && field.display !== "select");
      if (group) {
        const options = field.type === "yesNo"
          ? [{ value: "yes", label: t.yes }, { value: "no", label: t.no }]
          : field.choices ?? [];
        const type = field.display === "checkboxes" ? "checkbox" : "radio";
        const fieldset = h("fieldset", { id, tabindex: "-1", "aria-describedby": describedBy },
          h("legend", {}, field.label, mark),
          help,
          error,
          options.map((option, index) => h("label", { class: "choice" },
            h("input", { type, name: field.name, value: option.value, id: index === 0 ? `${id}-first` : `${id}-${index}`, required: type === "radio" && field.required }),
            option.label)));
        wrapper.append(fieldset);
        return wrapper;
      }
      const common = { id, name: field.name, "aria-describedby": describedBy, required: field.required };
      let control;
      if (field.type === "choice") {
        control = h("select", common, h("option", { value: "" }, ""), (field.choices ?? []).map((choice) => h("option", { value: choice.value }, choice.label)));
      } else if (field.type === "longText") {
        control = h("textarea", { ...common, maxlength: field.maxLength, rows: "5" });
      } else if (field.type === "file") {
        control = h("input", { ...common, type: "file", accept: (field.files?.accept ?? []).join(","), multiple: (field.files?.maxCount ?? 1) > 1 });
      } else {
        const kinds = {
          email: { type: "email", autocomplete: "email", spellcheck: "false" },
          phone: { type: "tel", autocomplete: "tel" },
          postalCode: { type: "text", inputmode: "numeric", autocomplete: "postal-code" },
          number: { type: "text", inputmode: "decimal" },
          date: { type: "text", inputmode: "numeric" },
        };
        control = h("input", { ...common, type: "text", maxlength: field.maxLength, ...(kinds[field.type] ?? {}) });
      }
      wrapper.append(...[h("label", { for: id }, field.label, mark), help, error, control].filter(Boolean));
      return wrapper;
    }

    values() {
      const values = {};
      for (const field of this.definition.fields) {
        if (field.type === "file") continue;
        const inputs = [...this.form.elements].filter((element) => element.name === field.name);
        if (field.type === "yesNo" || (field.type === "choice" && field.display !== "select")) {
          const checked = inputs.filter((input) => input.checked).map((input) => input.value);
          if (checked.length === 1) values[field.name] = checked[0];
          else if (checked.length > 1) values[field.name] = checked;
        } else if (inputs[0]) {
          values[field.name] = inputs[0].value;
        }
      }
      return values;
    }

    applyConditions() {
      const values = this.values();
      for (const field of this.definition.fields) {
        const wrapper = this.byId(this.idOf(field.name)).closest(".field");
        const shown = isShown(field, values);
        wrapper.hidden = !shown;
        for (const element of wrapper.querySelectorAll("input,select,textarea")) element.disabled = !shown;
        const control = this.byId(this.idOf(field.name));
        if (control && field.requiredIf) control.setAttribute("aria-required", String(isRequired(field, values)));
      }
    }

    async files() {
      const files = {};
      for (const field of this.definition.fields) {
        if (field.type !== "file") continue;
        const input = this.byId(`${this.idOf(field.name)}`);
        files[field.name] = await Promise.all([...(input?.files ?? [])].map(async (file) => ({
          name: file.name,
          size: file.size,
          head: new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()),
          file,
        })));
      }
      return files;
    }

    async submit() {
      if (this.busy) return;
      const values = this.values();
      const files = await this.files();
      const errors = validate(this.definition, values, files, todayOf(new Date()));
      if (errors.length > 0) {
        this.showErrorsOnTheirStep(errors);
        return;
      }
      this.clearErrors();
      this.send(values, files);
    }

    clearErrors() {
      this.summary.hidden = true;
      this.summary.replaceChildren();
      for (const message of this.form.querySelectorAll(".message")) {
        message.hidden = true;
        message.textContent = "";
      }
      for (const invalid of this.form.querySelectorAll("[aria-invalid]")) invalid.removeAttribute("aria-invalid");
    }

    /** errors: [{field, message}] (field may be a name the form does not show: the message is still listed). */
    showErrors(errors, announcement = this.t.errorsAnnounced(errors.length), { focus = true } = {}) {
      this.clearErrors();
      const t = this.t;
      const items = errors.map((error) => {
        const field = this.fieldOf(error.field);
        const target = field && this.focusTarget(field);
        if (field) {
          const message = this.byId(`${this.idOf(field.name)}-error`);
          message.hidden = false;
          message.textContent = message.textContent ? `${message.textContent} ${error.message}` : error.message;
          this.byId(`${this.idOf(field.name)}`)?.setAttribute("aria-invalid", "true");
        }
        if (!target) return h("li", {}, error.message);
        const link = h("a", { href: `#${target.id}` }, error.message);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          target.focus();
        });
        return h("li", {}, link);
      });
      this.summary.append(h("h3", { id: this.idOf("summary-title") }, t.summaryTitle(errors.length)), h("ul", {}, items));
      this.summary.hidden = false;
      if (focus) this.summary.focus();
      this.announce(announcement);
    }

    focusTarget(field) {
      return this.byId(`${this.idOf(field.name)}-first`) ?? this.byId(`${this.idOf(field.name)}`);
    }

    announce(text) {
      // A change of text is what a live region reads; the same text twice in a row must still be heard.
      this.status.textContent = this.status.textContent === text ? `${text}\u00a0` : text;
    }

    send(values, files) {
      const t = this.t;
      const body = new FormData();
      body.append("lang", this.language);
      for (const field of this.definition.fields) {
        if (!isShown(field, values)) continue;
        if (field.type === "file") {
          for (const upload of files[field.name] ?? []) body.append(field.name, upload.file, upload.name);
          continue;
        }
        const value = values[field.name];
        if (value == null) continue;
        for (const one of Array.isArray(value) ? value : [value]) body.append(field.name, one);
      }
      // XMLHttpRequest rather than fetch: fetch reports no upload progress. Still CORS, without credentials.
      const request = new XMLHttpRequest();
      request.open("POST", new URL(this.definition.submitUrl, apiBase).href);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("Accept-Language", this.language);
      request.setRequestHeader("Idempotency-Key", this.idempotencyKey);
      const report = progressAnnouncer((percent) => this.announce(percent === 100 ? t.sent : t.progress(percent)));
      request.upload.addEventListener("progress", (event) => {
        if (!event.lengthComputable) return;
        this.progress.value = Math.round((event.loaded / event.total) * 100);
        report(event.loaded, event.total);
      });
      request.addEventListener("load", () => this.answered(request));
      request.addEventListener("error", () => this.failed(t.networkError));
      this.busy = true;
      this.submitButton.disabled = true;
      this.progress.hidden = false;
      this.progress.value = 0;
      this.announce(t.sending);
      request.send(body);
    }

    answered(request) {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 202 && body?.reference) {
        this.showReceipt(body);
        return;
      }
      if (request.status === 400 && body?.errors) {
        this.done();
        const errors = Object.entries(body.errors).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
        this.showErrorsOnTheirStep(errors);
        return;
      }
      this.failed(body?.detail ?? this.t.networkError);
    }

    failed(message) {
      this.done();
      this.showErrors([{ field: "", message }]);
    }

    done() {
      this.busy = false;
      this.submitButton.disabled = false;
      this.progress.hidden = true;
    }

    showReceipt(receipt) {
      const t = this.t;
      // Filed: the draft has done its job (its answers are in the application now) and is deleted.
      this.submitted = true;
      this.autosave?.stop();
      if (this.draftUrl) this.post(this.draftUrl, { action: "discard" }).catch(() => undefined);
      const title = h("h2", { id: this.idOf("receipt-title"), tabindex: "-1" }, t.receiptTitle);
      const receipt_ = h("div", { class: "receipt", role: "region", "aria-labelledby": this.idOf("receipt-title") },
        title,
        h("p", {}, receipt.message),
        h("p", {}, t.reference, " ", h("strong", { "data-reference": "" }, receipt.reference)),
        h("p", {}, t.accessCode, " ", h("strong", {}, receipt.accessCode)),
        h("p", {}, h("a", { href: receipt.statusUrl, target: "_top" }, t.statusLink)));
      this.container.replaceChildren(receipt_, this.status);
      title.focus();
      this.announce(`${t.receiptTitle}. ${t.reference} ${receipt.reference}`);
    }
  }

  customElements.define("citizen-form", CitizenForm);
}
