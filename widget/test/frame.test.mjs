import { test } from "node:test";
import assert from "node:assert/strict";
import { startFrameReporter, HEIGHT_MESSAGE } from "../src/frame.js";

function fakeWindow(height) {
  const posted = [];
  const win = {
    document: { documentElement: { scrollHeight: height } },
    addEventListener() {},
    ResizeObserver: class { observe() {} },
  };
  win.parent = { postMessage: (message, origin) => posted.push({ message, origin }) };
  return { win, posted };
}

test("startFrameReporter_InAFrame_PostsTheHeightToEachAllowedOriginOnly", () => {
  const { win, posted } = fakeWindow(812.4);
  startFrameReporter(win, ["https://www.saint-exemple.example", "https://partner.example"]);
  assert.deepEqual(posted, [
    { message: { type: HEIGHT_MESSAGE, height: 813 }, origin: "https://www.saint-exemple.example" },
    { message: { type: HEIGHT_MESSAGE, height: 813 }, origin: "https://partner.example" },
  ]);
});

test("startFrameReporter_NotFramed_PostsNothing", () => {
  const { win, posted } = fakeWindow(500);
  win.parent = win;
  win.postMessage = (message, origin) => posted.push({ message, origin });
  startFrameReporter(win, ["https://www.saint-exemple.example"]);
  assert.deepEqual(posted, []);
});
