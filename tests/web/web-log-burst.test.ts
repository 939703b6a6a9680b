import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForText, waitVisible } from '../kit/browser.ts';
import { waitForExit } from '../kit/index.ts';
import { runNamedContainer, startWebBed, type WebBed } from '../kit/web-bed.ts';
import {
  button,
  downloadLines,
  firstBreak,
  logList,
  logsUrl,
  newestLine,
  numbersIn,
  waitForConnection,
  waitForLineCount,
} from './log-viewer-page.ts';

// A burst of thousands of lines per second for ten seconds: the page keeps answering, Pause
// takes effect in the middle of it, and afterwards the viewer holds exactly every line printed.

const HOST = 'batch-01';
const LINES = 50_000;
const CHUNK = 500;
// 100 chunks of 500 lines, 100 ms apart: 5,000 lines/s for about 10 s if the engine keeps up.
const BURST = `for i in $(seq 0 ${LINES / CHUNK - 1}); do seq $((i*${CHUNK}+1)) $((i*${CHUNK}+${CHUNK})) | sed 's/^/burst line /'; sleep 0.1; done`;
const NUMBERED = /burst line (\d+)\b/;
// A liveness bound, not a performance goal: a page that takes this long to answer is hung.
const ANSWER_BOUND_MS = 5_000;

let bed: WebBed;
let page: Page;
let burst: { id: string; name: string };

beforeAll(async () => {
  bed = await startWebBed({ agentName: HOST });
  page = bed.page;
  // Created, not started: the viewer subscribes first, so every line reaches it live (the
  // manager's ring keeps only the newest 1,000 for late viewers).
  burst = await runNamedContainer(bed.engine, 'importer', BURST, { start: false });
  await bed.waitForContainer(burst.name);
  await bed.logInAsAdmin();
});

afterAll(async () => {
  bed?.browser.assertLoopbackOnly();
  await bed?.close();
});

/** How long the page takes to run a trivial script: its main thread is free again. */
async function answerTime(): Promise<number> {
  const started = performance.now();
  await page.evaluate(() => 1);
  return performance.now() - started;
}

describe('a burst of log lines', () => {
  it('keeps the page responsive, lets Pause take effect, and ends with exactly every line', async () => {
    await page.goto(logsUrl(bed.url, [`${HOST}/${burst.name}`]));
    await waitVisible(logList(page), 'the log list');
    await waitForConnection(page, 'Live');

    await bed.engine.docker.getContainer(burst.id).start();
    const answers: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        answers.push(await answerTime());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    try {
      await waitForLineCount(page, (c) => c.held >= 5_000, 'the burst to be under way', 20_000);
      // Pause in the middle of the burst: the view stops moving while lines keep coming.
      await button(page, 'Pause').click();
      await waitVisible(button(page, 'Resume'), 'the Pause button to turn into Resume', ANSWER_BOUND_MS);
      const pausedAt = await newestLine(page);
      const waiting = page.getByLabel('New lines while paused', { exact: true });
      await waitForText(waiting, (t) => Number(t.replaceAll(/[^\d]/g, '')) >= 2_000, {
        what: 'the "New lines while paused" count to grow',
        timeoutMs: 15_000,
      });
      const stillAt = await newestLine(page);
      expect(stillAt?.seq, 'the list does not move while paused').toBe(pausedAt?.seq);
      await button(page, 'Resume').click();
      await waitVisible(button(page, 'Pause'), 'Resume to turn back into Pause', ANSWER_BOUND_MS);

      await waitForExit(bed.engine, burst.id, { timeoutMs: 60_000 });
      await waitForLineCount(
        page,
        (c) => c.held === LINES && c.shown === LINES,
        `exactly ${LINES} lines`,
        30_000,
      );
    } finally {
      sampling = false;
      await sampler;
    }

    const { State } = await bed.engine.docker.getContainer(burst.id).inspect();
    const seconds = (Date.parse(State.FinishedAt) - Date.parse(State.StartedAt)) / 1000;
    const rate = Math.round(LINES / seconds);
    console.info(
      `burst: ${LINES} lines in ${seconds.toFixed(1)} s (${rate} lines/s); page answered in at most ` +
        `${Math.round(Math.max(...answers))} ms (${answers.length} samples, median ` +
        `${Math.round(answers.toSorted((a, b) => a - b)[answers.length >> 1] ?? 0)} ms)`,
    );
    expect(rate, 'the container printed thousands of lines per second').toBeGreaterThan(1_000);
    expect(Math.max(...answers), 'the page kept answering during the burst').toBeLessThan(ANSWER_BOUND_MS);

    // Every line once, in order, as the download shows (the list itself only renders what is in view).
    const { lines } = await downloadLines(page);
    const { numbers, other } = numbersIn(lines, NUMBERED);
    expect(other).toEqual([]);
    expect(numbers.length).toBe(LINES);
    expect(numbers[0]).toBe(1);
    expect(firstBreak(numbers)).toBeUndefined();
    expect(await answerTime()).toBeLessThan(ANSWER_BOUND_MS);
  }, 120_000);
});

describe('diagnostics', () => {
  it('the page raised no uncaught errors', () => {
    expect(bed.browser.pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
