import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForText, waitVisible } from '../kit/browser.ts';
import { waitForExit } from '../kit/index.ts';
import { runNamedContainer, useWebBed } from '../kit/web-bed.ts';
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

// A burst of thousands of lines per second for ten seconds: Pause takes effect in the middle of
// it, and afterwards the viewer holds exactly every line printed, once and in order. How fast the
// page answers under a stream is the bench's to measure (browser scenario), not this test's.

const HOST = 'batch-01';
const LINES = 50_000;
const CHUNK = 500;
// 100 chunks of 500 lines, 100 ms apart: 5,000 lines/s for about 10 s if the engine keeps up.
const BURST = `for i in $(seq 0 ${LINES / CHUNK - 1}); do seq $((i*${CHUNK}+1)) $((i*${CHUNK}+${CHUNK})) | sed 's/^/burst line /'; sleep 0.1; done`;
const NUMBERED = /burst line (\d+)\b/;

const bed = useWebBed({ agentName: HOST });
let page: Page;
let burst: { id: string; name: string };

beforeAll(async () => {
  page = bed.page;
  // Created, not started: the viewer subscribes first, so every line reaches it live (the
  // manager's ring keeps only the newest 1,000 for late viewers).
  burst = await runNamedContainer(bed.engine, 'importer', BURST, { start: false });
  await bed.waitForContainer(burst.name);
  await bed.logInAsAdmin();
});

describe('a burst of log lines', () => {
  it('lets Pause take effect in the middle of it, and ends with exactly every line', async () => {
    await page.goto(logsUrl(bed.url, [`${HOST}/${burst.name}`]));
    await waitVisible(logList(page), 'the log list');
    await waitForConnection(page, 'Live');

    await bed.engine.docker.getContainer(burst.id).start();
    await waitForLineCount(page, (c) => c.held >= 5_000, 'the burst to be under way', 20_000);
    // Pause in the middle of the burst: the view stops moving while lines keep coming.
    await button(page, 'Pause').click();
    await waitVisible(button(page, 'Resume'), 'the Pause button to turn into Resume');
    const pausedAt = await newestLine(page);
    const waiting = page.getByLabel('New lines while paused', { exact: true });
    await waitForText(waiting, (t) => Number(t.replaceAll(/[^\d]/g, '')) >= 2_000, {
      what: 'the "New lines while paused" count to grow',
    });
    const stillAt = await newestLine(page);
    expect(stillAt?.seq, 'the list does not move while paused').toBe(pausedAt?.seq);
    await button(page, 'Resume').click();
    await waitVisible(button(page, 'Pause'), 'Resume to turn back into Pause');

    await waitForExit(bed.engine, burst.id, { timeoutMs: 60_000 });
    await waitForLineCount(
      page,
      (c) => c.held === LINES && c.shown === LINES,
      `exactly ${LINES} lines`,
      30_000,
    );

    // Every line once, in order, as the download shows (the list itself only renders what is in view).
    const { lines } = await downloadLines(page);
    const { numbers, other } = numbersIn(lines, NUMBERED);
    expect(other).toEqual([]);
    expect(numbers.length).toBe(LINES);
    expect(numbers[0]).toBe(1);
    expect(firstBreak(numbers)).toBeUndefined();
  }, 120_000);
});
