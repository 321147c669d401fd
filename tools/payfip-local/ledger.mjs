// Every payment the simulator issued an idOp for, and its outcome: in memory, and in a JSON file when one is given
// (written whole to a temporary file then renamed, so a crash never leaves half a ledger).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';

/** resultrans: P paid by card, V paid by direct debit, R card refused, Z direct debit refused, A abandoned. */
export const resultCodes = Object.freeze({
  paid: { card: 'P', 'direct-debit': 'V' },
  refused: { card: 'R', 'direct-debit': 'Z' },
  abandoned: { card: 'A', 'direct-debit': 'A' },
});

const paidCodes = new Set(['P', 'V']);
const authorizationAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** The date and time of a transaction as PayFiP writes them (dattrans JJMMAAAA, heurtrans HHMM), Paris time. */
export function parisDateAndTime(at) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((part) => [part.type, part.value]));
  return { dattrans: `${parts.day}${parts.month}${parts.year}`, heurtrans: `${parts.hour}${parts.minute}`, isoDate: `${parts.year}-${parts.month}-${parts.day}` };
}

export class Ledger {
  #payments = new Map();
  #file;

  constructor(file) {
    this.#file = file;
    if (file && existsSync(file)) {
      for (const payment of JSON.parse(readFileSync(file, 'utf8')).payments ?? []) {
        this.#payments.set(payment.idOp, payment);
      }
    }
  }

  /** Records a payment PayFiP accepted (creerPaiementSecurise): no outcome yet. */
  open(idOp, fields, now) {
    const payment = { idOp, ...fields, createdAt: now.toISOString(), outcome: null, notifications: [] };
    this.#payments.set(idOp, payment);
    this.#save();
    return payment;
  }

  get(idOp) {
    return this.#payments.get(idOp);
  }

  /**
   * Records the citizen's outcome once: paid, refused or abandoned, by card or direct debit. A paid payment gets an
   * authorisation number (numauto); the others have none, as PayFiP leaves it empty.
   */
  settle(idOp, outcome, means, now) {
    const payment = this.#payments.get(idOp);
    const resultrans = resultCodes[outcome]?.[means];
    if (!payment || !resultrans || payment.outcome) {
      return null;
    }
    const numauto = paidCodes.has(resultrans)
      ? Array.from({ length: 6 }, () => authorizationAlphabet[randomInt(authorizationAlphabet.length)]).join('')
      : null;
    const { dattrans, heurtrans, isoDate } = parisDateAndTime(now);
    payment.outcome = { result: outcome, means, resultrans, numauto, dattrans, heurtrans, day: isoDate, at: now.toISOString() };
    this.#save();
    return payment;
  }

  /** Notes one attempt to deliver the notification (what the tests and the tester look at). */
  noteNotification(idOp, attempt) {
    const payment = this.#payments.get(idOp);
    if (payment) {
      payment.notifications.push(attempt);
      this.#save();
    }
  }

  all() {
    return [...this.#payments.values()];
  }

  /** The payments cashed on a day (Paris), for a régie or all: what the daily report lists. */
  paidOn(day, numcli) {
    return this.all().filter((payment) => payment.outcome && paidCodes.has(payment.outcome.resultrans)
      && payment.outcome.day === day && (!numcli || payment.numcli === numcli));
  }

  #save() {
    if (!this.#file) {
      return;
    }
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ payments: this.all() }, null, 2));
    renameSync(temporary, this.#file);
  }
}
