// When the widget saves its draft: `delay` ms after the last change (typing does not send a request per key), or at
// once when asked (a step change, "save and continue later"). Never two saves at once: a change made while one is
// in flight is saved right after it, so the draft always ends with the latest answers. Timers are injected so node's
// test runner can drive them.
export function autosaver(save, delay, timers = globalThis) {
  let timer = null;
  let running = null;
  let queued = null;
  let stopped = false;

  function cancel() {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  }

  function run() {
    cancel();
    if (stopped) return Promise.resolve();
    if (running) {
      queued = queued ?? running.then(() => {
        queued = null;
        return run();
      });
      return queued;
    }
    running = Promise.resolve()
      .then(save)
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    /** A change: save once the person pauses. */
    schedule() {
      if (stopped) return;
      cancel();
      timer = timers.setTimeout(run, delay);
    },
    /** Save now (and wait for it). */
    flush: run,
    /** The application is filed: nothing is saved any more. */
    stop() {
      stopped = true;
      cancel();
    },
  };
}

/** "14 h 32" in French, "2:32 pm" in English: the time a draft was saved, as the person's clock says it. */
export function clockTime(date, language) {
  const minutes = String(date.getMinutes()).padStart(2, "0");
  const hours = date.getHours();
  if (language === "en") return `${hours % 12 === 0 ? 12 : hours % 12}:${minutes} ${hours < 12 ? "am" : "pm"}`;
  return `${hours} h ${minutes}`;
}
