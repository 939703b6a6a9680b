import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForText, waitVisible } from '../kit/browser.ts';
import { waitFor } from '../kit/index.ts';
import { runNamedContainer, useWebBed } from '../kit/web-bed.ts';
import {
  connectionStatus,
  downloadLines,
  firstBreak,
  logList,
  logsUrl,
  numbersIn,
  sourceChip,
  waitForConnection,
  waitForLineCount,
  waitForNewestLine,
} from './log-viewer-page.ts';

// The viewer stays open through a container restart and a manager restart, and what it holds
// afterwards is every line the container printed, once, in order.

const HOST = 'edge-01';
const bed = useWebBed({ agentName: HOST });
let page: Page;
let ticker: string;

// A counter kept in the container's file system, so it goes on after a restart instead of
// starting again at 1. The TERM trap only sets a flag: the loop finishes the line it is on (print,
// then save), so a stop can neither lose nor repeat a number.
const TICKER = [
  'stop=""',
  "trap 'stop=1' TERM",
  'n=$(cat /tmp/n 2>/dev/null || echo 0)',
  'while [ -z "$stop" ]; do n=$((n+1)); echo "tick $n"; echo $n > /tmp/n; sleep 0.05; done',
].join('; ');

const TICK = /tick (\d+)\b/;

function tickOf(text: string): number {
  return Number(TICK.exec(text)?.[1] ?? -1);
}

beforeAll(async () => {
  page = bed.page;
  ticker = (await runNamedContainer(bed.engine, 'ticker', TICKER)).name;
  await bed.waitForContainer(ticker);
  await bed.logInAsAdmin();
  await page.goto(logsUrl(bed.url, [`${HOST}/${ticker}`]));
  await waitVisible(logList(page), 'the log list');
  await waitForConnection(page, 'Live');
});

async function expectEveryTickOnce(what: string): Promise<number[]> {
  const { lines } = await downloadLines(page);
  const { numbers, other } = numbersIn(lines, TICK);
  expect(numbers[0], `${what}: the download starts at the first tick`).toBe(1);
  expect(
    firstBreak(numbers),
    `${what}: no gap, no repeat (other lines: ${JSON.stringify(other)})`,
  ).toBeUndefined();
  return numbers;
}

describe('log viewer across restarts', () => {
  it('a container restart shows a marker, and the stream goes on without repeating a line', async () => {
    await waitForLineCount(page, (c) => c.held >= 20, 'twenty ticks');
    const restarted = await bed.admin.call('POST', `/api/agents/${HOST}/containers/${ticker}/restart`, {
      timeoutSeconds: 10,
    });
    expect(restarted.status).toBe(200);
    const marker = logList(page).locator('[data-marker="restart"]');
    await waitForText(marker, /Container restarted/, {
      what: 'a "Container restarted" marker in the list',
      timeoutMs: 15_000,
    });
    const afterMarker = await waitForNewestLine(page, (l) => TICK.test(l.text), 'a tick after the restart');
    await waitForNewestLine(
      page,
      (l) => tickOf(l.text) >= tickOf(afterMarker.text) + 20,
      'twenty more ticks after the restart',
    );
    const numbers = await expectEveryTickOnce('after the container restart');
    expect(numbers.length).toBeGreaterThanOrEqual(40);
  });

  it('a manager restart shows "Reconnecting…" then "Live", and the lines go on with no gap and no repeat', async () => {
    const before = await waitForNewestLine(page, (l) => TICK.test(l.text), 'a tick before the restart');
    const listen = bed.manager.manager.address.port;
    // The viewer asks /api/me before each reconnect; a manager that is down cannot tell, so the
    // viewer must try the socket again rather than take the session for expired.
    const triedAgain = page.waitForEvent('websocket', {
      predicate: (socket) => socket.url().endsWith('/ws/logs'),
      timeout: 15_000,
    });
    await bed.manager.close();
    await waitForConnection(page, 'Reconnecting…', 15_000);
    await triedAgain;
    // The container keeps printing while the manager is away.
    await waitFor(
      async () => {
        const { Running } = (await bed.engine.docker.getContainer(ticker).inspect()).State;
        return Running;
      },
      { timeoutMs: 5_000, what: 'the container to keep running' },
    );
    await bed.restartManager();
    expect(bed.manager.manager.address.port).toBe(listen);
    await waitForConnection(page, 'Live', 30_000);
    await waitForNewestLine(
      page,
      (l) => tickOf(l.text) >= tickOf(before.text) + 60,
      'ticks printed during and after the manager restart to arrive',
      30_000,
    );
    const numbers = await expectEveryTickOnce('after the manager restart');
    expect(numbers.at(-1)!).toBeGreaterThanOrEqual(tickOf(before.text) + 60);
    expect(await connectionStatus(page).textContent()).toContain('Live');
  });
});

describe('the host away while the manager restarts', () => {
  it('the source says "host offline" until the host is back, then the lines go on with no gap and no repeat', async () => {
    const before = await waitForNewestLine(page, (l) => TICK.test(l.text), 'a tick before the host goes');
    const source = `${HOST}/${ticker}`;
    await bed.stopAgent();
    await waitForText(sourceChip(page, source), /host offline/, {
      what: 'the source chip to say "host offline" once the host is gone',
    });
    await bed.manager.close();
    await bed.restartManager();
    // The viewer is back before the host: the new manager does not know the container yet, and
    // the viewer keeps asking instead of giving up.
    await waitForConnection(page, 'Live', 30_000);
    await waitForText(sourceChip(page, source), /host offline/, {
      what: 'the source chip to say "host offline" on the restarted manager',
    });
    await bed.startAgent();
    await waitForNewestLine(
      page,
      (l) => tickOf(l.text) >= tickOf(before.text) + 60,
      'ticks printed while the host was away, and after, to arrive',
      30_000,
    );
    expect(await sourceChip(page, source).textContent()).not.toMatch(/offline|retrying|error/);
    await expectEveryTickOnce('after the host came back');
  });
});
