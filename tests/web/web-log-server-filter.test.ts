import { decode, type LogEntry, unpackLogLines } from '@bosun/protocol';
import type { Page, WebSocket } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor, waitForDockerLog } from '../kit/index.ts';
import { runNamedContainer, stoppable, useWebBed } from '../kit/web-bed.ts';
import { checkbox, logList, logsUrl, renderedLines, waitForLineCount } from './log-viewer-page.ts';

// "Filter on the manager": the viewer subscribes with its filter, so a noisy container's noise
// never reaches the page. Counted on the socket itself, and in the page's own line count.

const HOST = 'noisy-01';
const bed = useWebBed({ agentName: HOST });
let page: Page;
let noisy: string;

// 1,000 lines of noise and an ERROR line at first, then 200 of noise and one ERROR a tick.
const NOISY_SCRIPT = stoppable(`
i=0; while [ $i -lt 1000 ]; do i=$((i+1)); echo "noise $i request handled in 3ms"; done
echo "ERROR 0 payment provider timeout"
t=0
while true; do
  t=$((t+1)); j=0
  while [ $j -lt 200 ]; do j=$((j+1)); echo "noise $t.$j request handled in 3ms"; done
  echo "ERROR $t payment provider timeout"
  sleep 0.1
done`);

/** Every line the page's logs socket received, by the frames' own subjects. */
function recordSocketLines(target: Page): LogEntry[] {
  const received: LogEntry[] = [];
  target.on('websocket', (socket: WebSocket) => {
    if (!socket.url().endsWith('/ws/logs')) return;
    socket.on('framereceived', ({ payload }) => {
      const decoded = decode(typeof payload === 'string' ? payload : payload.toString('utf8'));
      if (!decoded.ok) return;
      const { frame } = decoded;
      if (frame.subject === 'logs.history' || frame.subject === 'logs.batch') {
        received.push(...(frame.data as { entries: LogEntry[] }).entries);
      } else if (frame.subject === 'logs.batch.packed') {
        received.push(
          ...unpackLogLines((frame.data as { lines: Parameters<typeof unpackLogLines>[0] }).lines),
        );
      }
    });
  });
  return received;
}

function skippedStatus(target: Page) {
  return target.getByRole('status', { name: 'Skipped by the filter' });
}

async function skippedCount(target: Page): Promise<number> {
  const texts = await skippedStatus(target).allInnerTexts();
  const found = /([\d,]+) lines? skipped by the filter/.exec(texts[0] ?? '');
  return found ? Number(found[1]!.replaceAll(',', '')) : 0;
}

beforeAll(async () => {
  page = bed.page;
  noisy = (await runNamedContainer(bed.engine, 'noisy', NOISY_SCRIPT)).name;
  await bed.waitForContainer(noisy);
  await waitForDockerLog(bed.engine, noisy, 'ERROR 3 ', { what: 'the noisy container to get going' });
  await bed.logInAsAdmin();
});

describe('log viewer filtering on the manager', () => {
  it('receives only the matching lines of a noisy container, and shows how many were skipped', async () => {
    const received = recordSocketLines(page);
    await page.goto(logsUrl(bed.url, [`${HOST}/${noisy}`], { q: 'ERROR', only: '1', server: '1' }));
    await waitFor(async () => (await checkbox(page, 'Filter on the manager').isChecked()) === true, {
      timeoutMs: 15_000,
      what: 'the manager filter to be on',
    });
    let statuses: string[] = [];
    await waitFor(
      async () => {
        statuses = await page.getByRole('status').allInnerTexts();
        return (await skippedCount(page)) >= 2_000;
      },
      {
        timeoutMs: 30_000,
        what: 'the page to report thousands of skipped lines',
        detail: () => `statuses: ${JSON.stringify(statuses)}`,
      },
    );
    const held = await waitForLineCount(page, (c) => c.held >= 3, 'a few ERROR lines');
    const lines = received.filter((entry) => entry.kind === 'line');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(
      lines.filter((line) => !line.text.startsWith('ERROR ')),
      'no noise on the socket',
    ).toEqual([]);
    expect(held.shown).toBe(held.held);
    expect(lines.length).toBeLessThan((await skippedCount(page)) / 100);
    const rendered = await renderedLines(page);
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.every((line) => line.text.includes('ERROR'))).toBe(true);
  });

  it('by default receives every line and shows no skipped count', async () => {
    const received = recordSocketLines(page);
    await page.goto(logsUrl(bed.url, [`${HOST}/${noisy}`], { q: 'ERROR', only: '1' }));
    await waitFor(async () => (await logList(page).count()) === 1, {
      timeoutMs: 15_000,
      what: 'the log list',
    });
    await waitFor(() => received.filter((entry) => entry.kind === 'line').length >= 1_000, {
      timeoutMs: 30_000,
      what: 'the unfiltered stream to bring the noise',
    });
    expect(received.some((entry) => entry.kind === 'line' && entry.text.startsWith('noise'))).toBe(true);
    expect(await skippedStatus(page).count()).toBe(0);
  });
});
