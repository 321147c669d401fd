// The day's report of cashed payments that the régie's accountant reconciles with the bank statement. Its exact layout
// is not in the public sources found (docs/PAYMENTS.md): what is known comes from an integration that reads it — lines
// of three kinds, EN-TETE, LIGNE and PIED-DE-PAGE, the first LIGNE being the column titles, then the date, the debt
// reference (refdet) and the amount in the second to fourth fields. The other columns and the separator (;) are this
// simulator's choice, and say so in the header line.

const csvField = (value) => {
  const text = String(value ?? '');
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Euros with a decimal comma and no thousands separator, as a French spreadsheet reads them: 1500,00. */
const amount = (cents) => (Number(cents) / 100).toFixed(2).replace('.', ',');

const line = (fields) => fields.map(csvField).join(';');

/** The report of `day` (AAAA-MM-JJ, Paris) for a régie (or every régie when numcli is empty). */
export function dailyReport(ledger, day, numcli) {
  const payments = ledger.paidOn(day, numcli).sort((a, b) => a.outcome.at.localeCompare(b.outcome.at));
  const total = payments.reduce((sum, payment) => sum + Number(payment.montant), 0);
  const [year, month, date] = day.split('-');
  const lines = [
    line(['EN-TETE', 'PayFiP local (simulateur)', numcli || 'toutes régies', `${date}/${month}/${year}`]),
    line(['LIGNE', 'DATE', 'REFDET', 'MONTANT', 'EXER', 'NUMCLI', 'NUMAUTO', 'IDOP', 'RESULTRANS', 'SAISIE', 'OBJET']),
    ...payments.map((payment) => {
      const { dattrans, heurtrans } = payment.outcome;
      return line(['LIGNE', `${dattrans.slice(0, 2)}/${dattrans.slice(2, 4)}/${dattrans.slice(4)} ${heurtrans.slice(0, 2)}:${heurtrans.slice(2)}`,
        payment.refdet, amount(payment.montant), payment.exer, payment.numcli, payment.outcome.numauto,
        payment.idOp, payment.outcome.resultrans, payment.saisie, payment.objet]);
    }),
    line(['PIED-DE-PAGE', String(payments.length), amount(total)]),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
