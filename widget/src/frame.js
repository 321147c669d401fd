// Frame mode (the page GET /api/procedures/{id}/embed loads this script with data-frame-origins): tells the page
// that frames the form how tall it is, so the host's snippet (docs/EMBED.md) can size the iframe. The height goes
// only to the origins allowed to frame the form; other origins never receive the message.

export const HEIGHT_MESSAGE = "citizen-form:height";

export function startFrameReporter(win, origins) {
  if (win.parent === win) return;
  const targets = origins.length > 0 ? origins : [];
  let last = 0;
  const report = () => {
    const height = Math.ceil(win.document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    for (const origin of targets) win.parent.postMessage({ type: HEIGHT_MESSAGE, height }, origin);
  };
  new win.ResizeObserver(report).observe(win.document.documentElement);
  win.addEventListener("load", report);
  report();
}
