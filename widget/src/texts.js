// The widget's own words (the procedure's come from its definition), French first.
const TEXTS = {
  fr: {
    loading: "Chargement du formulaire…",
    loadFailed: "Le formulaire n'a pas pu être chargé. Réessayez plus tard ou utilisez le formulaire en ligne de la commune.",
    required: "(obligatoire)",
    requiredIf: "(obligatoire si « {0} » : {1})",
    onlyIf: "(seulement si « {0} » : {1})",
    dateHint: "Format : JJ/MM/AAAA, par exemple 04/05/2021.",
    yes: "Oui",
    no: "Non",
    submit: "Envoyer ma demande",
    summaryTitle: (count) => (count === 1 ? "Le formulaire contient 1 erreur" : `Le formulaire contient ${count} erreurs`),
    errorsAnnounced: (count) => (count === 1 ? "Le formulaire contient 1 erreur. Corrigez-la puis renvoyez-le." : `Le formulaire contient ${count} erreurs. Corrigez-les puis renvoyez-le.`),
    sending: "Envoi de la demande…",
    progress: (percent) => `Envoi en cours : ${percent} %`,
    sent: "Envoi terminé, la demande est en cours d'enregistrement.",
    networkError: "La demande n'a pas pu être envoyée (connexion interrompue). Rien n'a été enregistré ; réessayez.",
    receiptTitle: "Demande reçue",
    reference: "Référence de votre demande :",
    accessCode: "Code d'accès (à conserver) :",
    statusLink: "Suivre ma demande",
    general: "Demande",
  },
  en: {
    loading: "Loading the form…",
    loadFailed: "The form could not be loaded. Try again later or use the commune's online form.",
    required: "(required)",
    requiredIf: "(required if \"{0}\": {1})",
    onlyIf: "(only if \"{0}\": {1})",
    dateHint: "Format: DD/MM/YYYY, for example 04/05/2021.",
    yes: "Yes",
    no: "No",
    submit: "Send my application",
    summaryTitle: (count) => (count === 1 ? "There is 1 error in the form" : `There are ${count} errors in the form`),
    errorsAnnounced: (count) => (count === 1 ? "There is 1 error in the form. Correct it and send it again." : `There are ${count} errors in the form. Correct them and send it again.`),
    sending: "Sending the application…",
    progress: (percent) => `Sending: ${percent}%`,
    sent: "Sent; the application is being recorded.",
    networkError: "The application could not be sent (connection lost). Nothing was stored; try again.",
    receiptTitle: "Application received",
    reference: "Your application's reference:",
    accessCode: "Access code (keep it):",
    statusLink: "Follow my application",
    general: "Application",
  },
};

export function texts(language) {
  return TEXTS[language] ?? TEXTS.fr;
}

export function languageOf(value) {
  return String(value ?? "").toLowerCase().startsWith("en") ? "en" : "fr";
}
