import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setChecked, waitForText } from '../kit/browser.ts';
import { waitFor, waitForDockerLog } from '../kit/index.ts';
import { runNamedContainer, stoppable, useWebBed } from '../kit/web-bed.ts';
import { checkbox, logList, logsUrl, renderedLines, searchBox, waitForLineCount } from './log-viewer-page.ts';

// A shared link whose regex backtracks catastrophically on a held line must not hang the tab:
// the viewer's pattern worker is stopped by its watchdog and the pattern rerun on the linear
// engine, while the page stays responsive and ends up with the right lines.

const HOST = 'regex-host';
const bed = useWebBed({ agentName: HOST });
let page: Page;
let source: string;

// The longest line bosun carries whole (the agent cuts lines at 64 KiB). A backtracking engine
// tries 2^65535 ways to split the a's before giving up on (a+)+$ at the final b.
const LONG_LINE = "head -c 65535 /dev/zero | tr '\\0' a; echo b";
const ORDINARY = ['alpha', 'GET /api/items/942 200', 'beta gamma'];

beforeAll(async () => {
  page = bed.page;
  const script = `${LONG_LINE}; ${ORDINARY.map((line) => `echo '${line}'`).join('; ')}; while true; do sleep 0.2; done`;
  const container = await runNamedContainer(bed.engine, 'backtrack', stoppable(script));
  await bed.waitForContainer(container.name);
  await waitForDockerLog(bed.engine, container.name, 'beta gamma\n', {
    what: 'the container to print its lines',
  });
  source = `${HOST}/${container.name}`;
  await bed.logInAsAdmin();
});

/** The ordinary line each rendered row ends with (rows begin with their time and level). */
async function shownTexts(): Promise<Array<string | undefined>> {
  return (await renderedLines(page)).map((row) => ORDINARY.find((line) => row.text.endsWith(line)));
}

/** Fails instead of waiting for ever when the page's thread does not answer. */
async function answers(what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: the page did not answer within 10 s`)), 10_000);
  });
  try {
    expect(await Promise.race([page.evaluate(() => 1), deadline])).toBe(1);
  } finally {
    clearTimeout(timer);
  }
}

describe('the log viewer and a catastrophic regex', () => {
  it('a shared link with (a+)+$ keeps the tab responsive and shows the lines it matches', async () => {
    await page.goto(logsUrl(bed.url, [source], { q: '(a+)+$', regex: '1', only: '1' }));
    expect(page.url()).toContain('q=%28a%2B%29%2B%24&regex=1');
    await answers('while the pattern runs');
    await waitForText(
      page.getByRole('status', { name: 'Search notice' }),
      'Slow pattern: using the linear engine',
      {
        what: 'the notice that the linear engine took over',
        timeoutMs: 30_000,
      },
    );
    await waitForLineCount(page, (c) => c.held === 4 && c.shown === 2, 'the two lines ending in a', 30_000);
    expect(await shownTexts()).toEqual(['alpha', 'beta gamma']);
    await answers('after the result');
  });

  it('the search box can be typed into, and an ordinary regex filters at once', async () => {
    await searchBox(page).fill('items/9\\d+');
    await waitForLineCount(page, (c) => c.held === 4 && c.shown === 1, 'the GET line alone');
    expect(await shownTexts()).toEqual(['GET /api/items/942 200']);
    await waitFor(async () => (await page.getByRole('status', { name: 'Search notice' }).count()) === 0, {
      timeoutMs: 5_000,
      what: 'the slow-pattern notice to go with its pattern',
    });
    // Back to the catastrophic pattern, typed this time, with the case toggle on.
    await setChecked(checkbox(page, 'Match case'), true);
    await searchBox(page).fill('(a+)+$');
    await answers('while the typed pattern runs');
    await waitForLineCount(
      page,
      (c) => c.held === 4 && c.shown === 2,
      'the two lines ending in a again',
      30_000,
    );
    expect(await shownTexts()).toEqual(['alpha', 'beta gamma']);
  });

  it('a shared link that only highlights (a+)+$ keeps the tab answering and reacting to clicks', async () => {
    await page.goto(logsUrl(bed.url, [source], { q: '(a+)+$', regex: '1' }));
    expect(page.url()).toContain('q=%28a%2B%29%2B%24&regex=1');
    await answers('while the highlights are worked out');
    // A click takes effect while the pattern runs: the page's thread is free.
    await setChecked(checkbox(page, 'Only matching lines'), true);
    await waitFor(() => page.url().includes('only=1'), {
      timeoutMs: 5_000,
      what: 'the click to reach the URL',
    });
    await setChecked(checkbox(page, 'Only matching lines'), false);
    await answers('after the clicks');
    await waitForLineCount(
      page,
      (c) => c.held === 4 && c.shown === 4,
      'every line, the pattern only marking',
      30_000,
    );
    await waitFor(async () => (await logList(page).locator('mark').count()) >= 2, {
      timeoutMs: 30_000,
      what: 'the matches of the two lines ending in a to be marked',
    });
    expect(await logList(page).locator('mark').allInnerTexts()).toEqual(['a', 'a']);
  });
});
