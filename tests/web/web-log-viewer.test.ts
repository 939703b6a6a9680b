import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  blurActiveElement,
  isFocused,
  saveScreenshot,
  setChecked,
  waitForText,
  waitVisible,
} from '../kit/browser.ts';
import { waitFor, waitForDockerLog } from '../kit/index.ts';
import { runNamedContainer, stoppable, useWebBed } from '../kit/web-bed.ts';
import {
  button,
  checkbox,
  downloadLines,
  firstBreak,
  logList,
  logsUrl,
  newestLine,
  numbersIn,
  renderedLines,
  searchBox,
  streamSelect,
  waitForConnection,
  waitForLineCount,
  waitForNewestLine,
} from './log-viewer-page.ts';

// The log viewer against a real stream: history then live lines, search and filters, regex
// errors, URL state, and a merged view of two containers. The screenshot of a realistic log
// (levels, colours, JSON) taken here goes into the README.

const HOST = 'shop-01';
const bed = useWebBed({ agentName: HOST });
let page: Page;
let counter: string;
let mixed: string;
let api: string;

const API_SCRIPT = stoppable(`
printf '\\033[32mINFO\\033[0m  starting api v2.4.1 (commit 3f9c2e1)\\n'
echo '{"level":"info","msg":"connected to postgres","host":"db","pool":10,"latency_ms":4}'
printf '\\033[32mINFO\\033[0m  listening on :8080\\n'
i=0
while true; do
  i=$((i+1))
  case $((i % 11)) in
    0) echo "{\\"level\\":\\"error\\",\\"msg\\":\\"payment provider timeout\\",\\"order\\":$((1000+i)),\\"retry\\":true}" >&2 ;;
    2) printf '\\033[32mINFO\\033[0m  POST /api/cart 201 %dms\\n' $((i%30+8)) ;;
    3) printf '\\033[33mWARN\\033[0m  slow query: SELECT * FROM orders WHERE customer_id=%d (%dms)\\n' $((i*7)) $((300+i%200)) ;;
    5) echo "{\\"level\\":\\"debug\\",\\"msg\\":\\"cache hit\\",\\"key\\":\\"product:$((i%50))\\",\\"ttl\\":300}" ;;
    6) printf '\\033[32mINFO\\033[0m  GET /api/products?page=%d 200 %dms\\n' $((i%7+1)) $((i%20+5)) ;;
    7) printf '\\033[36mINFO\\033[0m  GET /healthz 200 1ms\\n' ;;
    8) printf '\\033[33mWARN\\033[0m  GET /api/orders/%d 404 2ms\\n' $((900+i)) ;;
    10) echo "{\\"level\\":\\"info\\",\\"msg\\":\\"order shipped\\",\\"order\\":$((1000+i)),\\"carrier\\":\\"dhl\\"}" ;;
    *) printf '\\033[32mINFO\\033[0m  GET /api/orders/%d 200 %dms\\n' $((1000+i)) $((i%40+3)) ;;
  esac
  sleep 0.1
done`);

beforeAll(async () => {
  page = bed.page;
  // 50 lines of history at once, then one line every 100 ms.
  counter = (
    await runNamedContainer(
      bed.engine,
      'orders',
      stoppable(
        'i=0; while [ $i -lt 50 ]; do i=$((i+1)); echo "line $i"; done; while true; do i=$((i+1)); echo "line $i"; sleep 0.1; done',
      ),
    )
  ).name;
  // Ten distinct lines on each stream, then quiet.
  mixed = (
    await runNamedContainer(
      bed.engine,
      'mailer',
      stoppable(
        'i=0; while [ $i -lt 10 ]; do i=$((i+1)); echo "out $i apple"; echo "err $i banana" >&2; done; while true; do sleep 0.2; done',
      ),
    )
  ).name;
  api = (await runNamedContainer(bed.engine, 'api', API_SCRIPT)).name;
  for (const name of [counter, mixed, api]) await bed.waitForContainer(name);
  await waitForDockerLog(bed.engine, counter, 'line 50\n', {
    what: 'the counter container to have printed its 50 lines of history',
  });
  await waitForDockerLog(bed.engine, mixed, 'err 10 banana\n', {
    stream: 'stderr',
    what: 'the mixed container to have printed its 20 lines',
  });
  await bed.logInAsAdmin();
});

async function openLogs(sources: string[], params: Record<string, string> = {}): Promise<void> {
  await page.goto(
    logsUrl(
      bed.url,
      sources.map((name) => `${HOST}/${name}`),
      params,
    ),
  );
  await waitVisible(logList(page), 'the log list');
}

/** The counter container's logs, live, with its 50 lines of history in. */
async function openCounter(): Promise<void> {
  await openLogs([counter]);
  await waitForConnection(page, 'Live');
  await waitForLineCount(page, (c) => c.held >= 50, 'the 50 lines of history');
}

/** The mixed container's logs, all 20 lines in, no filter set. */
async function openMixed(): Promise<void> {
  await openLogs([mixed]);
  await waitForLineCount(page, (c) => c.held === 20, 'the 20 lines of the mixed container');
}

describe('log viewer', () => {
  it('shows the stored history first, then live lines as they come', async () => {
    await openCounter();
    const first = await waitForNewestLine(page, (l) => /line \d+/.test(l.text), 'a line in view');
    const firstNumber = Number(/line (\d+)/.exec(first.text)![1]);
    // Following: the newest line in view keeps moving on.
    await waitForNewestLine(
      page,
      (l) => Number(/line (\d+)/.exec(l.text)?.[1] ?? 0) >= firstNumber + 5,
      'live lines to arrive at the bottom of the list',
    );
    const { name, lines } = await downloadLines(page);
    expect(name).toMatch(/\.log$/);
    const { numbers, other } = numbersIn(lines, /line (\d+)\b/);
    expect(other, 'every downloaded line is one the container printed').toEqual([]);
    expect(numbers.slice(0, 50), 'the history comes first').toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(firstBreak(numbers), 'no gap, no repeat').toBeUndefined();
    expect(numbers.length).toBeGreaterThanOrEqual(firstNumber + 5);
    // Downloads carry no ANSI escapes.
    expect(lines.some((l) => l.includes('\u001b['))).toBe(false);
  });

  it('scrolled up it stops following and stays put; the End key follows again', async () => {
    await openCounter();
    // Scrolling up with the mouse wheel, as a reader does, while lines keep coming.
    await logList(page).hover();
    await waitFor(
      async () => {
        await page.mouse.wheel(0, -2_000);
        return (await renderedLines(page)).some((l) => /line 1\b/.test(l.text));
      },
      {
        timeoutMs: 10_000,
        intervalMs: 100,
        what: 'the first line of history to be in view after scrolling up with the wheel',
      },
    );
    await waitVisible(button(page, 'Jump to latest'), 'the "Jump to latest" button');
    const count = (await waitForLineCount(page, () => true, 'a line count')).held;
    await waitForLineCount(page, (c) => c.held >= count + 5, 'more lines to arrive while scrolled up');
    const inView = await renderedLines(page);
    const scrollTop = await logList(page).evaluate(
      (el) => (el as unknown as { scrollTop: number }).scrollTop,
    );
    expect(
      inView.some((l) => /line 1\b/.test(l.text)),
      `the view stayed put (scrollTop ${scrollTop}, lines in view: ${inView[0]?.text} … ${inView.at(-1)?.text})`,
    ).toBe(true);
    // The End key jumps to the latest line (outside the search box, where it moves the caret).
    await blurActiveElement(page);
    await page.keyboard.press('End');
    const held = (await waitForLineCount(page, () => true, 'a line count')).held;
    await waitForNewestLine(
      page,
      (l) => Number(/line (\d+)/.exec(l.text)?.[1] ?? 0) >= held,
      'the newest lines to be in view again',
    );
  });

  it('one turn of the mouse wheel up while lines stream in stops following, every time', async () => {
    // A reader scrolls up a little to look at a line: the list must not snap back to the bottom
    // when the next line arrives. Five tries, since the failure is a race with incoming lines.
    await openCounter();
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (await button(page, 'Jump to latest').isVisible()) await button(page, 'Jump to latest').click();
      const held = (await waitForLineCount(page, () => true, 'a line count')).held;
      await waitForNewestLine(
        page,
        (l) => Number(/line (\d+)/.exec(l.text)?.[1] ?? 0) >= held,
        'the list to follow the newest line',
      );
      await logList(page).hover();
      await page.mouse.wheel(0, -300);
      const after = (await waitForLineCount(page, () => true, 'a line count')).held;
      await waitForLineCount(page, (c) => c.held >= after + 5, 'five more lines after the scroll');
      const stopped = await button(page, 'Jump to latest').isVisible();
      const newest = Number(/line (\d+)/.exec((await newestLine(page))?.text ?? '')?.[1] ?? 0);
      // The lines that came after the scroll are below the view, not in it.
      const stayed = newest < after + 5;
      outcomes.push(
        `try ${attempt}: ${stopped && stayed ? 'stopped following' : `snapped back to line ${newest} (button ${stopped ? 'shown' : 'hidden'})`}`,
      );
    }
    expect(
      outcomes.filter((o) => o.includes('snapped back')),
      outcomes.join('; '),
    ).toEqual([]);
  });

  it('search and the stream filter change what the list shows', async () => {
    await openMixed();

    // `/` focuses the search box.
    await blurActiveElement(page);
    await page.keyboard.press('/');
    await waitFor(() => isFocused(searchBox(page)), {
      timeoutMs: 5_000,
      what: 'the "/" key to focus the search box',
    });

    await searchBox(page).fill('apple');
    await setChecked(checkbox(page, 'Only matching lines'), true);
    await waitForLineCount(
      page,
      (c) => c.shown === 10 && c.held === 20,
      'the search to keep the 10 apple lines',
    );
    let rows = await renderedLines(page);
    expect(rows.length).toBe(10);
    expect(rows.every((r) => r.text.includes('apple') && r.stream === 'stdout')).toBe(true);
    await waitFor(() => new URL(page.url()).searchParams.get('q') === 'apple', {
      timeoutMs: 5_000,
      what: 'the URL to hold the search (q=apple)',
      detail: () => page.url(),
    });

    await searchBox(page).fill('APPLE');
    await waitForLineCount(page, (c) => c.shown === 10, 'a search that ignores case by default');
    await setChecked(checkbox(page, 'Match case'), true);
    await waitVisible(page.getByText('No lines match'), '"No lines match" for a case-sensitive APPLE');
    await setChecked(checkbox(page, 'Match case'), false);

    await searchBox(page).fill('');
    await setChecked(checkbox(page, 'Only matching lines'), false);
    await waitForLineCount(page, (c) => c.shown === 20 && c.held === 20, 'all lines back');
    await streamSelect(page).selectOption('stderr');
    await waitForLineCount(page, (c) => c.shown === 10 && c.held === 20, 'only the stderr lines');
    rows = await renderedLines(page);
    expect(rows.length).toBe(10);
    expect(rows.every((r) => r.stream === 'stderr' && r.text.includes('banana'))).toBe(true);
    await streamSelect(page).selectOption('all');
    await waitForLineCount(page, (c) => c.shown === 20, 'both streams again');
  });

  it('a regex that matches nothing shows "No lines match"; an invalid one shows an alert and the page goes on', async () => {
    await openMixed();
    await setChecked(checkbox(page, 'Regex'), true);
    await setChecked(checkbox(page, 'Only matching lines'), true);
    await searchBox(page).fill('^out [12] apple$');
    await waitForLineCount(page, (c) => c.shown === 2, 'the regex to keep "out 1 apple" and "out 2 apple"');
    await searchBox(page).fill('^zzz\\d+$');
    await waitVisible(page.getByText('No lines match'), '"No lines match"');
    await searchBox(page).fill('(');
    await waitForText(page.getByRole('alert'), /^\s*Invalid regular expression/, {
      what: 'the invalid regex alert',
    });
    // The page still works: a valid expression filters again and the alert goes.
    await searchBox(page).fill('(banana)');
    await waitForLineCount(page, (c) => c.shown === 10, 'the fixed regex to keep the 10 banana lines');
    await waitFor(
      async () =>
        !(await page.getByRole('alert').allInnerTexts()).some((t) =>
          t.includes('Invalid regular expression'),
        ),
      { timeoutMs: 5_000, what: 'the invalid regex alert to go away' },
    );
  });

  it('a URL with q, only and stream opens with those filters set', async () => {
    await openLogs([mixed], { q: 'banana', only: '1', stream: 'stderr' });
    await waitForLineCount(page, (c) => c.shown === 10 && c.held === 20, 'the filters from the URL to apply');
    expect(await searchBox(page).inputValue()).toBe('banana');
    expect(await checkbox(page, 'Only matching lines').isChecked()).toBe(true);
    expect(await streamSelect(page).inputValue()).toBe('stderr');
    const rows = await renderedLines(page);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.stream === 'stderr' && r.text.includes('banana'))).toBe(true);
  });

  it('two containers selected on the containers page open in one merged view, each line marked with its source', async () => {
    await page.goto(`${bed.url}/containers?host=${HOST}`);
    for (const name of [mixed, counter])
      await setChecked(page.getByRole('checkbox', { name: `Select ${name}`, exact: true }), true);
    // The button may add how many are selected ("View logs of selected (2)").
    await page.getByRole('button', { name: 'View logs of selected' }).click();
    await waitVisible(logList(page), 'the merged log list');
    const opened = new URL(page.url());
    expect(opened.pathname).toBe('/logs');
    expect(opened.searchParams.getAll('c').toSorted()).toEqual(
      [`${HOST}/${mixed}`, `${HOST}/${counter}`].toSorted(),
    );
    await waitForLineCount(page, (c) => c.held >= 70, 'lines of both containers');
    const { lines } = await downloadLines(page);
    expect(lines.filter((l) => /\b(out|err) \d+ (apple|banana)\b/.test(l))).toHaveLength(20);
    expect(lines.filter((l) => /line \d+\b/.test(l)).length).toBeGreaterThanOrEqual(50);
    const sources = new Set((await renderedLines(page)).map((l) => l.source));
    expect(sources.has(`${HOST}/${counter}`)).toBe(true);
  });

  it('levels: JSON and coloured lines get a level, and the level filter keeps only the chosen ones', async () => {
    await openLogs([api]);
    await waitForLineCount(page, (c) => c.held >= 30, 'thirty lines of the api container', 20_000);
    const levels = new Set((await renderedLines(page)).map((l) => l.level));
    expect([...levels]).toEqual(expect.arrayContaining(['info', 'warn', 'error']));
    const rows = await renderedLines(page);
    expect(
      rows.some((r) => r.text.includes('\u001b[')),
      'ANSI escapes are rendered, not shown',
    ).toBe(false);
    await saveScreenshot(page, 'logs');

    const group = page.getByRole('group', { name: 'Levels' });
    for (const level of ['warn', 'info', 'debug', 'other'])
      await setChecked(group.getByRole('checkbox', { name: level, exact: true }), false);
    await waitFor(
      async () => {
        const shown = await renderedLines(page);
        return shown.length > 0 && shown.every((r) => r.level === 'error');
      },
      { timeoutMs: 10_000, what: 'only error lines to be shown' },
    );
    await waitFor(() => new URL(page.url()).searchParams.get('level') === 'error', {
      timeoutMs: 5_000,
      what: 'the URL to hold the level filter (level=error)',
      detail: () => page.url(),
    });
  });
});
