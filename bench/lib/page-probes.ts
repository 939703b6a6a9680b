import type { Page } from 'playwright-core';

// Probes that run inside the page, written as page-side JavaScript (the bench is type-checked
// without the DOM library): every long task (main thread busy over 50 ms, as Chromium reports it)
// and every frame's time (requestAnimationFrame to requestAnimationFrame), recorded as plain
// numbers so the probes' own cost stays tiny.

export type PageProbes = { longTasks: number[]; frames: number[] };

const INSTALL = `(() => {
  const probes = { longTasks: [], frames: [], recording: false };
  window.__benchProbes = probes;
  new PerformanceObserver((list) => {
    if (!probes.recording) return;
    for (const entry of list.getEntries()) probes.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  let last = 0;
  const tick = (now) => {
    if (probes.recording && last !== 0) probes.frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

const START = `(() => {
  const probes = window.__benchProbes;
  probes.longTasks.length = 0;
  probes.frames.length = 0;
  probes.recording = true;
})()`;

const STOP = `(() => {
  const probes = window.__benchProbes;
  probes.recording = false;
  return { longTasks: [...probes.longTasks], frames: [...probes.frames] };
})()`;

// Sets the input as a keystroke would (React reads the native setter's value on an input event)
// and resolves once the status shows new text and the next frame has painted.
const TIME_INPUT = `([inputLabel, value, statusLabel]) => new Promise((resolve, reject) => {
  const input = document.querySelector('input[aria-label="' + inputLabel + '"]');
  const status = document.querySelector('[aria-label="' + statusLabel + '"]');
  if (!input || !status) return reject(new Error('no input ' + inputLabel + ' or status ' + statusLabel));
  const before = status.textContent;
  const timeout = setTimeout(() => reject(new Error('the status did not change within 30 s')), 30000);
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (status.textContent === before) return;
    observer.disconnect();
    requestAnimationFrame(() => { clearTimeout(timeout); resolve(performance.now() - t0); });
  });
  observer.observe(status, { childList: true, characterData: true, subtree: true });
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
})`;

export async function installPageProbes(page: Page): Promise<void> {
  await page.addInitScript(INSTALL);
}

export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(START);
}

export async function stopRecording(page: Page): Promise<PageProbes> {
  return (await page.evaluate(STOP)) as PageProbes;
}

/** Time from typing `value` into the labelled input to the labelled status showing the result. */
export async function timeInputToRender(
  page: Page,
  inputLabel: string,
  value: string,
  statusLabel: string,
): Promise<number> {
  return (await page.evaluate(
    `(${TIME_INPUT})(${JSON.stringify([inputLabel, value, statusLabel])})`,
  )) as number;
}
