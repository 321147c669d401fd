// The widget's one stylesheet, adopted by each shadow root (constructable stylesheet: no <style> element, no style
// attribute, so a host CSP without 'unsafe-inline' is enough). `all: initial !important` on the host stops the host
// page's inherited styles at the boundary (an important declaration of the shadow tree beats the page's own);
// custom properties still cross it, which is how a commune sets its colour: --citizen-form-accent.
export const CSS = `
:host{all:initial!important;display:block!important;contain:content}
:host([hidden]){display:none!important}
.cf{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1e1e1e;background:#fff;
  max-width:46rem;padding:1rem;border:1px solid #c8c8c8;border-radius:.25rem;box-sizing:border-box}
.cf *,.cf *::before,.cf *::after{box-sizing:border-box}
h2{font-size:1.4rem;margin:0 0 .5rem;line-height:1.25}
h3{font-size:1.1rem;margin:0 0 .5rem}
p{margin:.5rem 0}
.field{margin-top:1rem}
label,legend{display:block;font-weight:bold;margin:0 0 .25rem}
fieldset{border:0;margin:1rem 0 0;padding:0;min-width:0}
.mark{font-weight:normal}
.help{display:block;font-weight:normal;color:#4a4a4a;font-size:.95rem;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=tel],input[type=number],select,textarea{display:block;width:100%;padding:.5rem;
  font:inherit;color:inherit;background:#fff;border:1px solid #5a5a5a;border-radius:.25rem;min-height:2.75rem}
input[type=file]{display:block;width:100%;font:inherit;padding:.25rem 0}
textarea{min-height:6rem}
.choice{display:flex;align-items:center;gap:.5rem;font-weight:normal;margin:.25rem 0;min-height:2.75rem}
.choice input{width:1.25rem;height:1.25rem;margin:0;flex:none}
:focus-visible{outline:3px solid var(--citizen-form-focus,#0a76f6);outline-offset:2px}
[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.message{color:#b3261e;font-weight:bold;margin:.25rem 0}
.summary{border:3px solid #b3261e;padding:1rem;margin:1rem 0}
.summary ul{margin:0;padding-left:1.25rem}
.summary a{color:#b3261e;font-weight:bold}
button{font:inherit;margin-top:1.5rem;padding:.6rem 1.2rem;min-height:2.75rem;border:0;border-radius:.25rem;cursor:pointer;
  background:var(--citizen-form-accent,var(--cf-commune,#1f4e79));color:var(--citizen-form-accent-text,#fff)}
button[disabled]{opacity:.7;cursor:progress}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center}
.actions button{margin-right:0}
button.secondary{background:#fff;color:var(--citizen-form-link,var(--cf-commune,#1f4e79));box-shadow:inset 0 0 0 2px currentColor}
h4{font-size:1rem;margin:1.25rem 0 .25rem}
dl{margin:0}
.answer{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:center;border-bottom:1px solid #c8c8c8;padding:.5rem 0}
.answer dt{font-weight:bold;flex:1 1 12rem;margin:0}
.answer dd{margin:0;flex:1 1 12rem;overflow-wrap:anywhere}
.answer dd:last-child{flex:0 0 auto}
button.change{margin-top:0;padding:.3rem .8rem}
.later{margin-top:1.25rem;border-top:1px solid #c8c8c8;padding-top:.25rem}
.later-panel{margin-top:1rem;padding:1rem;border:1px solid #5a5a5a;border-radius:.25rem}
.sent{font-weight:bold}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
progress{display:block;width:100%;margin-top:.5rem}
.status{margin-top:.75rem;min-height:1.5rem}
.receipt{border-left:.4rem solid #18753c;padding:1rem;background:#eef8f0}
.receipt strong{font-size:1.15rem;word-break:break-all}
a{color:var(--citizen-form-link,var(--cf-commune,#1f4e79))}
.legal{font-size:.9rem;color:#4a4a4a;margin-top:1.25rem}
[hidden]{display:none!important}
`;
