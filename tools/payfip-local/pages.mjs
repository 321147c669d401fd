// The payment page a citizen reaches with an idOp (PayFiP's /tpa/paiementws.web?idop=...), and the pages PayFiP shows
// when it cannot take the payment. French first, English in spans marked lang="en"; WCAG 2.1 AA: one h1, every field
// labelled with its format, errors listed at the top (role="alert") and linked from their fields, a visible focus,
// contrast above 4.5:1, no information by colour alone, usable from 320 px wide with targets of 44 px.

export const stylesheetPath = '/tpa/payfip-local.css';

export const stylesheet = `*,*::before,*::after{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;line-height:1.5;color:#161616;background:#fff}
.skip{position:absolute;left:-999px;top:0;background:#fff;color:#000091;padding:.5rem 1rem}
.skip:focus{left:.5rem}
header{background:#000091;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:700}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
.mode{border-left:.35rem solid #b34000;background:#fff4ed;padding:.5rem 1rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}
dt{font-weight:700}
dd{margin:0;overflow-wrap:anywhere}
fieldset{border:1px solid #666;border-radius:.25rem;margin:0 0 1rem;padding:.5rem 1rem 1rem}
legend{font-weight:700;padding:0 .25rem}
label{display:block;font-weight:700;margin-top:.75rem}
.hint{display:block;font-weight:400;color:#3a3a3a;font-size:.95rem}
input[type=text]{display:block;width:100%;max-width:24rem;min-height:2.75rem;font-size:1.05rem;padding:.4rem .6rem;border:1px solid #3a3a3a;border-radius:.25rem;margin-top:.25rem}
input[aria-invalid=true]{border:2px solid #ce0500}
.choice{display:flex;align-items:center;gap:.5rem;font-weight:400;margin-top:.5rem;min-height:2.75rem}
.choice input{width:1.25rem;height:1.25rem;margin:0}
.field-error{color:#ce0500;font-weight:700;display:block;margin-top:.25rem}
.errors{border:2px solid #ce0500;padding:.5rem 1rem;margin:0 0 1rem}
.errors h2{font-size:1.1rem;margin:.25rem 0}
.actions{display:flex;flex-direction:column;gap:.75rem;margin-top:1.5rem}
button{font:inherit;font-weight:700;min-height:2.75rem;padding:.6rem 1.2rem;border-radius:.25rem;cursor:pointer;width:100%}
.primary{background:#000091;color:#fff;border:2px solid #000091}
.secondary{background:#fff;color:#000091;border:2px solid #000091}
a{color:#000091}
:focus-visible{outline:3px solid #0a76f6;outline-offset:2px}
@media (min-width:36rem){.actions{flex-direction:row;flex-wrap:wrap}button{width:auto}}
`;

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** An amount in cents as a French reader writes euros: 1 500,00 €. */
export function euros(cents) {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(Number(cents) / 100);
}

const modeNames = { T: 'test', X: 'activation', W: 'production' };

function page(title, body) {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — PayFiP local</title>
<link rel="stylesheet" href="${stylesheetPath}">
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu <span lang="en">(skip to content)</span></a>
<header><p>PayFiP — simulateur local de la DGFiP <span lang="en">(local PayFiP simulator)</span></p></header>
<main id="contenu" tabindex="-1">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/** The errors a card form can have, by field: { field: message }. */
export function paymentPage(payment, errors = {}, values = {}) {
  const entries = Object.entries(errors);
  const summary = entries.length === 0 ? '' : `<div class="errors" role="alert" aria-labelledby="errors-title">
<h2 id="errors-title">${entries.length === 1 ? 'Une erreur empêche le paiement' : `${entries.length} erreurs empêchent le paiement`} <span lang="en">(please correct)</span></h2>
<ul>${entries.map(([field, message]) => `<li><a href="#${field}">${escapeHtml(message)}</a></li>`).join('')}</ul>
</div>`;
  const field = (name, label, hint, autocomplete) => {
    const error = errors[name];
    const describedBy = [`${name}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
    return `<label for="${name}">${label}</label>
<span class="hint" id="${name}-hint">${hint}</span>
${error ? `<span class="field-error" id="${name}-error">Erreur : ${escapeHtml(error)}</span>` : ''}
<input type="text" id="${name}" name="${name}" inputmode="numeric" autocomplete="${autocomplete}" value="${escapeHtml(values[name] ?? '')}" aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ''}>`;
  };
  const means = values.means === 'direct-debit' ? 'direct-debit' : 'card';
  const amount = euros(payment.montant);
  return page(`Payer ${amount}`, `${payment.saisie === 'W' ? '' : `<p class="mode"><strong>Mode ${modeNames[payment.saisie]}</strong> : aucun compte n'est débité. <span lang="en">No account is charged.</span></p>`}
${summary}
<dl>
<dt>Montant <span lang="en">(amount)</span></dt><dd>${amount}</dd>
<dt>Objet <span lang="en">(for)</span></dt><dd>${escapeHtml(payment.objet || '—')}</dd>
<dt>Référence <span lang="en">(reference)</span></dt><dd>${escapeHtml(payment.refdet)} (exercice ${escapeHtml(payment.exer)})</dd>
<dt>Régie <span lang="en">(payee)</span></dt><dd>n° ${escapeHtml(payment.numcli)}</dd>
</dl>
<form method="post" action="/tpa/paiementws.web" novalidate>
<input type="hidden" name="idop" value="${escapeHtml(payment.idOp)}">
<fieldset>
<legend>Moyen de paiement <span lang="en">(payment method)</span></legend>
<label class="choice"><input type="radio" name="means" value="card"${means === 'card' ? ' checked' : ''}> Carte bancaire <span lang="en">(card)</span></label>
<label class="choice"><input type="radio" name="means" value="direct-debit"${means === 'direct-debit' ? ' checked' : ''}> Prélèvement unique <span lang="en">(one-off direct debit)</span></label>
</fieldset>
<fieldset>
<legend>Carte de test <span lang="en">(test card, card payments only)</span></legend>
${field('card', 'Numéro de carte <span lang="en">(card number)</span>', '12 à 19 chiffres, par exemple 4970 1000 0000 0003', 'cc-number')}
${field('expiry', "Date d'expiration <span lang=\"en\">(expiry)</span>", 'MM/AA, par exemple 12/30', 'cc-exp')}
${field('cvc', 'Cryptogramme <span lang="en">(security code)</span>', '3 chiffres au dos de la carte', 'cc-csc')}
</fieldset>
<div class="actions">
<button class="primary" type="submit" name="action" value="pay">Payer ${amount} <span lang="en">(pay)</span></button>
<button class="secondary" type="submit" name="action" value="refuse">Simuler un refus de la banque <span lang="en">(bank refuses)</span></button>
<button class="secondary" type="submit" name="action" value="abandon">Abandonner et revenir au site <span lang="en">(cancel)</span></button>
</div>
</form>`);
}

/** The checks of the fake card form: { field: message } for each problem (none for a direct debit). */
export function checkCard(values) {
  if (values.means === 'direct-debit') {
    return {};
  }
  const errors = {};
  const digits = String(values.card ?? '').replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) {
    errors.card = 'Le numéro de carte doit compter 12 à 19 chiffres.';
  }
  const expiry = /^(\d{2})\s*\/\s*(\d{2})$/.exec(String(values.expiry ?? '').trim());
  if (!expiry || Number(expiry[1]) < 1 || Number(expiry[1]) > 12) {
    errors.expiry = "La date d'expiration doit être au format MM/AA.";
  }
  if (!/^\d{3}$/.test(String(values.cvc ?? '').trim())) {
    errors.cvc = 'Le cryptogramme doit compter 3 chiffres.';
  }
  return errors;
}

/** PayFiP's page when the idOp cannot be paid: unknown (P1), already used (P3) or older than 15 minutes (P4). */
export function refusalPage(code, libelle, returnUrl) {
  const back = returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">Revenir au site de la collectivité <span lang="en">(back to the site)</span></a></p>` : '';
  return page('Paiement impossible', `<p>${escapeHtml(libelle)} (code ${escapeHtml(code)})</p>
<p lang="en">This payment cannot be made.</p>${back}`);
}
