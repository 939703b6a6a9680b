import { setTimeout as delay } from 'node:timers/promises';
import { launchBrowser, logIn, parseLineCount, setChecked } from '../../tests/kit/browser.ts';
import { waitFor } from '../../tests/kit/index.ts';
import { go, pacedCommand } from '../lib/line-scripts.ts';
import { BENCH_ADMIN_PASSWORD } from '../lib/manager-process.ts';
import { installPageProbes, startRecording, stopRecording, timeInputToRender } from '../lib/page-probes.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { AGENT_NAME, startStreamBed } from '../lib/stream-bed.ts';

const RATE = 5_000;
// 20 s at 5,000 lines/s: with the container's "ready" line first, the viewer ends up holding
// exactly 100k lines (its default limit, so nothing is evicted), the state in which the filter
// is timed.
const LINES = 99_999;

/**
 * The log viewer in Chromium while a container prints 5,000 lines/s until the page holds 100k
 * lines: long tasks and frame times during the stream, whether every line arrived, then the time
 * from typing a search to the filtered list on screen, over those 100k lines.
 */
export async function browserViewer(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await installPageProbes(page);
    const container = await bed.container('bench-browser', pacedCommand(RATE, LINES));
    await logIn(page, bed.manager.url, 'admin', BENCH_ADMIN_PASSWORD);
    await page.goto(`${bed.manager.url}/logs?c=${AGENT_NAME}/${container.name}`);
    const held = async () =>
      parseLineCount((await page.getByLabel('Line count').textContent()) ?? '')?.held ?? 0;
    // The "ready" line: the viewer is subscribed and live.
    await waitFor(async () => (await held()) >= 1, { timeoutMs: 30_000, what: 'the viewer to show "ready"' });

    await startRecording(page);
    const started = performance.now();
    await go(container.container);
    let last = -1;
    let lastChange = performance.now();
    // Done when every line is there, or when nothing new arrived for 10 s (lines lost).
    while ((await held()) < LINES + 1) {
      const now = await held();
      if (now !== last) {
        last = now;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > 10_000) break;
      await delay(200);
    }
    const receiveSeconds = (performance.now() - started) / 1000;
    const probes = await stopRecording(page);
    // The "ready" line is held too.
    const received = (await held()) - 1;

    // Filtering: "only matching lines" on, then a search that keeps about 1 line in 10.
    // The filters live in the URL: a checkbox settles a moment after the click, as a user sees.
    await setChecked(page.getByLabel('Only matching lines'), true, 30_000);
    const substringMs = await timeInputToRender(page, 'Search logs', '7 ', 'Line count');
    await page.getByLabel('Search logs').fill('');
    await setChecked(page.getByLabel('Regex'), true, 30_000);
    const regexMs = await timeInputToRender(page, 'Search logs', '^\\d*99 ', 'Line count');

    const frames = probes.frames;
    const measures: Measure[] = [
      {
        name: 'lines received of 99,999 at 5,000/s',
        unit: 'lines',
        value: received,
        target: { op: '>=', value: LINES },
      },
      { name: 'time to receive them', unit: 's', value: round(receiveSeconds, 1) },
      { name: 'long tasks while receiving', unit: 'count', value: probes.longTasks.length },
      { name: 'longest task', unit: 'ms', value: round(Math.max(0, ...probes.longTasks), 0) },
      { name: 'frame time p50', unit: 'ms', value: round(percentile(frames, 0.5), 1) },
      { name: 'frame time p99', unit: 'ms', value: round(percentile(frames, 0.99), 1) },
      {
        name: 'filter 100k lines (substring)',
        unit: 'ms',
        value: round(substringMs, 0),
        target: { op: '<=', value: 150 },
      },
      {
        name: 'filter 100k lines (regex)',
        unit: 'ms',
        value: round(regexMs, 0),
        target: { op: '<=', value: 150 },
      },
    ];
    return {
      measures,
      raw: {
        rate: RATE,
        lines: LINES,
        received,
        frames: frames.length,
        longTasks: probes.longTasks.length,
        longTaskMs: round(
          probes.longTasks.reduce((a, b) => a + b, 0),
          0,
        ),
      },
    };
  } finally {
    await browser.close();
    await bed.close();
  }
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
