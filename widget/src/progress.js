// Upload progress for screen readers: a polite live region that is told little and seldom, or it would talk over
// everything else. An announcement is made when progress crossed a new step (25 % by default) and at least
// minInterval ms passed since the last one; 100 % is always announced once.

export function progressAnnouncer(announce, { step = 25, minInterval = 1500, now = () => Date.now() } = {}) {
  let lastStep = -1;
  let lastTime = -Infinity;
  return function report(loaded, total) {
    if (!total) return;
    const percent = Math.min(100, Math.floor((loaded / total) * 100));
    const reached = Math.floor(percent / step);
    const time = now();
    if (percent === 100 && lastStep !== Infinity) {
      lastStep = Infinity;
      lastTime = time;
      announce(100);
      return;
    }
    if (reached > lastStep && time - lastTime >= minInterval && lastStep !== Infinity) {
      lastStep = reached;
      lastTime = time;
      announce(percent);
    }
  };
}
