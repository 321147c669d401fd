// Sends PayFiP's server-to-server notification: once an outcome is known, an HTTP POST to the urlnotif the régie gave,
// form-encoded, carrying only the idOp (the régie reads the result back with recupererDetailPaiementSecurise). One
// attempt, no retry: the public sources describe none, so a régie must not depend on the notification arriving.
//
// For tests, the next notifications can be dropped, sent twice or delayed (POST /admin/faults).

const notificationTimeoutMs = 10_000;

export class Notifier {
  #fault = { mode: 'none', remaining: 0, delayMs: 0 };
  #ledger;
  #pending = new Set();

  constructor(ledger) {
    this.#ledger = ledger;
  }

  /** Sets what happens to the next `count` notifications: drop, duplicate or delay (by delayMs); none clears it. */
  setFault({ mode, count = 1, delayMs = 0 }) {
    if (!['none', 'drop', 'duplicate', 'delay'].includes(mode)) {
      throw new RangeError('mode must be none, drop, duplicate or delay');
    }
    if (!Number.isInteger(count) || count < 0 || count > 1000 || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) {
      throw new RangeError('count must be 0 to 1000, delayMs 0 to 600000');
    }
    this.#fault = { mode: count === 0 ? 'none' : mode, remaining: mode === 'none' ? 0 : count, delayMs };
    return this.fault();
  }

  fault() {
    return { ...this.#fault };
  }

  /**
   * Notifies the régie of a payment's outcome. Resolves when the notification was sent (or dropped); a delayed one is
   * scheduled and resolves at once, as PayFiP's own may reach the régie after the citizen came back.
   */
  async notify(payment) {
    const mode = this.#take();
    if (mode === 'drop') {
      this.#ledger.noteNotification(payment.idOp, { at: new Date().toISOString(), status: 'dropped' });
      return;
    }
    if (mode === 'delay') {
      const { delayMs } = this.#fault;
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        this.#send(payment).catch(() => {});
      }, delayMs);
      this.#pending.add(timer);
      return;
    }
    await this.#send(payment);
    if (mode === 'duplicate') {
      await this.#send(payment);
    }
  }

  /** Stops delayed notifications not yet sent (the simulator is closing). */
  close() {
    for (const timer of this.#pending) {
      clearTimeout(timer);
    }
    this.#pending.clear();
  }

  #take() {
    if (this.#fault.remaining <= 0) {
      return 'none';
    }
    this.#fault.remaining -= 1;
    const { mode } = this.#fault;
    if (this.#fault.remaining === 0) {
      this.#fault = { ...this.#fault, mode: 'none' };
    }
    return mode;
  }

  async #send(payment) {
    const at = new Date().toISOString();
    try {
      const response = await fetch(payment.urlnotif, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ idOp: payment.idOp }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(notificationTimeoutMs),
      });
      await response.arrayBuffer();
      this.#ledger.noteNotification(payment.idOp, { at, status: response.status });
    } catch (error) {
      this.#ledger.noteNotification(payment.idOp, { at, status: 'failed', error: error.message });
    }
  }
}
