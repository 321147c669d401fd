// Entry point of /api/embed.js. Loaded by a host page: defines <citizen-form>, and turns a script tag's
// data-procedure into a widget right after it. Loaded by the iframe fallback page (data-frame-origins): reports the
// page's height to the frame's parent instead.
import { defineCitizenForm } from "./widget.js";
import { startFrameReporter } from "./frame.js";

const script = document.currentScript;
const apiBase = new URL(".", script?.src ?? document.baseURI).href;

if (script?.hasAttribute("data-frame-origins")) {
  const origins = script.getAttribute("data-frame-origins").split(" ").filter(Boolean);
  startFrameReporter(window, origins);
} else {
  defineCitizenForm(apiBase);
  const procedure = script?.getAttribute("data-procedure");
  if (procedure) {
    const element = document.createElement("citizen-form");
    element.setAttribute("procedure", procedure);
    const lang = script.getAttribute("data-lang");
    if (lang) element.setAttribute("lang", lang);
    script.after(element);
  }
}
