import { test } from "node:test";
import assert from "node:assert/strict";
import { progressAnnouncer } from "../src/progress.js";

test("progressAnnouncer_ManyEventsQuickly_AnnouncesOnlyNewStepsAfterTheInterval", () => {
  let time = 0;
  const heard = [];
  const report = progressAnnouncer((percent) => heard.push(percent), { step: 25, minInterval: 1000, now: () => time });
  for (let loaded = 0; loaded <= 90; loaded += 5) {
    report(loaded, 100);
    time += 100;
  }
  // 0 % at once; 25 % came 500 ms later (too soon); the next announcement waited for 1 s and a new step.
  assert.deepEqual(heard, [0, 50]);
});

test("progressAnnouncer_Complete_AnnouncesOneHundredOnceWhateverTheInterval", () => {
  let time = 0;
  const heard = [];
  const report = progressAnnouncer((percent) => heard.push(percent), { now: () => time });
  report(10, 100);
  report(100, 100);
  report(100, 100);
  assert.deepEqual(heard, [10, 100]);
});

test("progressAnnouncer_UnknownTotal_SaysNothing", () => {
  const heard = [];
  progressAnnouncer((percent) => heard.push(percent))(5, 0);
  assert.deepEqual(heard, []);
});
