import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { autosaver, clockTime } from "../src/autosave.js";

function fakeTimers() {
  mock.timers.enable({ apis: ["setTimeout"] });
  return { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) };
}

test("schedule_SeveralChangesInQuickSuccession_SavesOnceAfterThePause", async () => {
  const timers = fakeTimers();
  try {
    let saves = 0;
    const saver = autosaver(async () => { saves += 1; }, 2000, timers);
    saver.schedule();
    mock.timers.tick(1500);
    saver.schedule();
    mock.timers.tick(1500);
    saver.schedule();
    mock.timers.tick(1999);
    assert.equal(saves, 0);
    mock.timers.tick(1);
    await Promise.resolve();
    assert.equal(saves, 1);
  } finally {
    mock.timers.reset();
  }
});

test("flush_PendingChange_SavesAtOnceAndCancelsTheTimer", async () => {
  const timers = fakeTimers();
  try {
    let saves = 0;
    const saver = autosaver(async () => { saves += 1; }, 2000, timers);
    saver.schedule();
    await saver.flush();
    assert.equal(saves, 1);
    mock.timers.tick(5000);
    await Promise.resolve();
    assert.equal(saves, 1);
  } finally {
    mock.timers.reset();
  }
});

test("flush_WhileASaveIsInFlight_SavesAgainAfterItNeverTwoAtOnce", async () => {
  let release;
  let inFlight = 0;
  let most = 0;
  let saves = 0;
  const saver = autosaver(async () => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    saves += 1;
    if (saves === 1) await new Promise((resolve) => { release = resolve; });
    inFlight -= 1;
  }, 2000);
  const first = saver.flush();
  await new Promise((resolve) => setImmediate(resolve));
  const second = saver.flush();
  const third = saver.flush();
  assert.equal(second, third);
  release();
  await Promise.all([first, second]);
  assert.equal(saves, 2);
  assert.equal(most, 1);
});

test("stop_AfterTheApplicationIsFiled_NothingIsSavedAnyMore", async () => {
  const timers = fakeTimers();
  try {
    let saves = 0;
    const saver = autosaver(async () => { saves += 1; }, 2000, timers);
    saver.schedule();
    saver.stop();
    mock.timers.tick(5000);
    await saver.flush();
    saver.schedule();
    mock.timers.tick(5000);
    assert.equal(saves, 0);
  } finally {
    mock.timers.reset();
  }
});

test("save_Failing_DoesNotStopLaterSaves", async () => {
  let saves = 0;
  const saver = autosaver(async () => {
    saves += 1;
    if (saves === 1) throw new Error("offline");
  }, 2000);
  await saver.flush();
  await saver.flush();
  assert.equal(saves, 2);
});

test("clockTime_FrenchAndEnglish_ReadsAsEachLanguageSaysTheTime", () => {
  const afternoon = new Date(2026, 11, 1, 14, 32);
  assert.equal(clockTime(afternoon, "fr"), "14 h 32");
  assert.equal(clockTime(afternoon, "en"), "2:32 pm");
  assert.equal(clockTime(new Date(2026, 11, 1, 0, 5), "en"), "12:05 am");
  assert.equal(clockTime(new Date(2026, 11, 1, 9, 5), "fr"), "9 h 05");
});
