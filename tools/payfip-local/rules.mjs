// What PayFiP checks in creerPaiementSecurise and recupererDetailPaiementSecurise, and the FonctionnelleErreur code it
// answers for each (docs/PAYMENTS.md lists the sources). Codes marked "simulator's own" are cases the public sources
// give no code for: the simulator still refuses them, so that a client cannot rely on PayFiP accepting them.

/** The business error codes and their wording. */
export const errors = Object.freeze({
  S1: 'Mode de saisie invalide.',
  T1: 'Numéro client invalide.',
  T2: 'Le numéro de client doit être pré-existant dans la base PayFiP.',
  E1: 'Exercice invalide.', // simulator's own
  R3: "Le format du paramètre REFDET n'est pas conforme.",
  M1: "Le format du montant n'est pas correct.",
  M3: 'Le montant doit être supérieur ou égal à 1 euro.',
  M5: 'Le montant dépasse la limite autorisée.',
  A1: 'Adresse mel non renseignée.',
  A2: 'Adresse mel incorrecte.',
  O1: "L'objet dépasse 100 caractères.", // simulator's own
  N1: 'URL de notification non valide.',
  D1: 'URL de redirection non valide.',
  P1: 'IdOp incorrect.',
  P3: "L'idOp a déjà été utilisé pour un paiement.",
  P4: "L'idOp a été enregistré depuis plus de 15 minutes.",
  P5: 'Résultat de la transaction non connu.',
});

/** saisie: T test, X activation (the régie's first real payments), W production (payment on the web). */
export const saisieValues = Object.freeze(['T', 'X', 'W']);

/** Smallest and largest amounts, in cents: 1 euro (M3) up to 99 999,99 euros (M5). */
export const amountLimits = Object.freeze({ min: 100, max: 9_999_999 });

const isUrl = (value) => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 250) {
    return false;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const text = (value) => (typeof value === 'string' ? value.trim() : '');

/**
 * The first rule creerPaiementSecurise's arguments break, as { code, libelle }, or null when PayFiP would issue an
 * idOp. knownClients: the régies' numbers this PayFiP knows.
 */
export function checkCreation(args, knownClients) {
  const numcli = text(args.numcli);
  if (!/^\d{6}$/.test(numcli)) {
    return refusal('T1');
  }
  if (!knownClients.has(numcli)) {
    return refusal('T2');
  }
  if (!saisieValues.includes(text(args.saisie))) {
    return refusal('S1');
  }
  if (!/^\d{4}$/.test(text(args.exer))) {
    return refusal('E1');
  }
  if (!/^[A-Za-z0-9]{6,30}$/.test(text(args.refdet))) {
    return refusal('R3');
  }
  const montant = text(args.montant);
  if (!/^\d{1,11}$/.test(montant)) {
    return refusal('M1');
  }
  if (Number(montant) < amountLimits.min) {
    return refusal('M3');
  }
  if (Number(montant) > amountLimits.max) {
    return refusal('M5');
  }
  const mel = text(args.mel);
  if (mel.length === 0) {
    return refusal('A1');
  }
  if (mel.length < 6 || mel.length > 80 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mel)) {
    return refusal('A2');
  }
  if (text(args.objet).length > 100) {
    return refusal('O1');
  }
  if (!isUrl(text(args.urlnotif))) {
    return refusal('N1');
  }
  if (!isUrl(text(args.urlredirect))) {
    return refusal('D1');
  }
  return null;
}

export function refusal(code) {
  return { code, libelle: errors[code] };
}
