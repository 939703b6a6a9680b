import type { Locator, Page } from 'playwright-core';
import { downloadText, parseLineCount, waitForText } from '../kit/browser.ts';
import { waitFor } from '../kit/index.ts';

// The log viewer as the tests see it, written against the UI contract: the `role=log` list (only
// visible rows are in the DOM), its controls, and the "Line count" and "Connection" statuses.

export type RenderedLine = {
  seq: number;
  text: string;
  source: string | null;
  stream: string | null;
  level: string | null;
};

type Attributed = { getAttribute(name: string): string | null; textContent: string | null };

export function logsUrl(
  base: string,
  sources: readonly string[],
  params: Record<string, string> = {},
): string {
  const search = new URLSearchParams();
  for (const source of sources) search.append('c', source);
  for (const [key, value] of Object.entries(params)) search.set(key, value);
  return `${base}/logs?${search}`;
}

export function logList(page: Page): Locator {
  return page.getByRole('log', { name: 'Log lines' });
}

export function searchBox(page: Page): Locator {
  return page.getByRole('searchbox', { name: 'Search logs' });
}

export function checkbox(page: Page, name: string): Locator {
  return page.getByRole('checkbox', { name, exact: true });
}

export function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

export function streamSelect(page: Page): Locator {
  return page.getByRole('combobox', { name: 'Stream' });
}

export function lineCountStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Line count' });
}

export function connectionStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Connection' });
}

/** A source's chip in the header: its name, and a note when it is not simply streaming. */
export function sourceChip(page: Page, source: string): Locator {
  return page.getByRole('status', { name: `Source ${source}`, exact: true });
}

/** The rows in the DOM right now (the list is virtualized): lines only, markers left out. */
export async function renderedLines(page: Page): Promise<RenderedLine[]> {
  const rows = logList(page).locator('[data-seq]:not([data-marker])');
  const raw = await rows.evaluateAll((elements) =>
    (elements as unknown as Attributed[]).map((el) => ({
      seq: el.getAttribute('data-seq'),
      text: el.textContent ?? '',
      source: el.getAttribute('data-source'),
      stream: el.getAttribute('data-stream'),
      level: el.getAttribute('data-level'),
    })),
  );
  return raw.map((r) => ({ ...r, seq: Number(r.seq) })).sort((a, b) => a.seq - b.seq);
}

/** The newest line in the DOM: while following, the last line received. */
export async function newestLine(page: Page): Promise<RenderedLine | undefined> {
  return (await renderedLines(page)).at(-1);
}

export async function lineCount(page: Page): Promise<{ shown: number; held: number } | undefined> {
  const texts = await lineCountStatus(page).allInnerTexts();
  return texts.length === 0 ? undefined : parseLineCount(texts[0]!);
}

/** Waits until the "Line count" status satisfies `ok` and returns the count. */
export async function waitForLineCount(
  page: Page,
  ok: (count: { shown: number; held: number }) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<{ shown: number; held: number }> {
  let text = '(no "Line count" status)';
  return waitFor(
    async () => {
      const texts = await lineCountStatus(page).allInnerTexts();
      text = texts[0] ?? '(no "Line count" status)';
      const count = parseLineCount(text);
      return count !== undefined && ok(count) ? count : false;
    },
    { timeoutMs, intervalMs: 100, what, detail: () => `"Line count" says: ${text}` },
  );
}

export async function waitForConnection(page: Page, expected: string, timeoutMs = 15_000): Promise<void> {
  await waitForText(connectionStatus(page), expected, { what: `"Connection" to say ${expected}`, timeoutMs });
}

/** Waits until a rendered line satisfies `ok` (e.g. a number past some value) and returns it. */
export async function waitForNewestLine(
  page: Page,
  ok: (line: RenderedLine) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<RenderedLine> {
  let newest: RenderedLine | undefined;
  let header: string[] = [];
  return waitFor(
    async () => {
      newest = await newestLine(page);
      if (newest !== undefined && ok(newest)) return newest;
      // What the page says about its sources and connection, for the timeout message.
      header = await page.getByRole('status').allInnerTexts();
      return false;
    },
    {
      timeoutMs,
      intervalMs: 100,
      what,
      detail: () => `newest rendered line: ${JSON.stringify(newest)}; statuses: ${JSON.stringify(header)}`,
    },
  );
}

/** Downloads the filtered lines and returns them, one string per line. */
export async function downloadLines(page: Page): Promise<{ name: string; lines: string[] }> {
  const { name, text } = await downloadText(page, () => button(page, 'Download').click());
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { name, lines };
}

/** The numbers `pattern` captures in each line, in order, and the lines it did not match. */
export function numbersIn(lines: readonly string[], pattern: RegExp): { numbers: number[]; other: string[] } {
  const numbers: number[] = [];
  const other: string[] = [];
  for (const line of lines) {
    const found = pattern.exec(line);
    if (found) numbers.push(Number(found[1]));
    else other.push(line);
  }
  return { numbers, other };
}

/** Where a sequence of numbers is not first, first+1, first+2, …: the first break, or undefined. */
export function firstBreak(numbers: readonly number[]): string | undefined {
  for (let i = 1; i < numbers.length; i++) {
    if (numbers[i] !== numbers[i - 1]! + 1) {
      const kind = numbers[i]! <= numbers[i - 1]! ? 'repeat or reorder' : 'gap';
      return `${kind} at index ${i}: ${numbers[i - 1]} then ${numbers[i]} (around: ${numbers.slice(Math.max(0, i - 3), i + 3).join(', ')})`;
    }
  }
  return undefined;
}
