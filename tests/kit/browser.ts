import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { findChromium } from './chromium.ts';
import { waitFor } from './wait-for.ts';

// A real Chromium (Debian's package, never a downloaded build) driven by playwright-core, for the
// end-to-end tests of the web UI. Tests poll with deadlines through these helpers; there is no
// Playwright test runner here, so no auto-retrying `expect(locator)`.

/** A laptop screen: what the README screenshots show and what the layout must fit. */
export const LAPTOP_VIEWPORT = { width: 1280, height: 800 } as const;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

export type BrowserSession = {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to send beyond loopback; they were refused. */
  blockedRequests: string[];
  /** Uncaught errors and console errors of every page, for failure messages. */
  pageErrors: string[];
  /** Throws if the page tried to reach anything beyond loopback. */
  assertLoopbackOnly(): void;
  close(): Promise<void>;
};

function isLoopback(url: URL): boolean {
  if (
    url.protocol !== 'http:' &&
    url.protocol !== 'https:' &&
    url.protocol !== 'ws:' &&
    url.protocol !== 'wss:'
  )
    return true; // data:, blob:, about: never leave the machine
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/**
 * Chromium with a fresh profile in a temporary folder, one page, and every request beyond
 * loopback refused and recorded: the tests must not reach the network.
 */
export async function launchBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  const executablePath = findChromium();
  const profile = await mkdtemp(join(tmpdir(), 'bosun-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? LAPTOP_VIEWPORT,
      acceptDownloads: true,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  await context.route(
    (url) => !isLoopback(url),
    async (route) => {
      blockedRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  await context.routeWebSocket(
    (url) => !isLoopback(url),
    async (socket) => {
      blockedRequests.push(socket.url());
      await socket.close({ code: 1008, reason: 'tests stay on loopback' });
    },
  );
  const watch = (page: Page) => {
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  let closed = false;
  return {
    context,
    page,
    blockedRequests,
    pageErrors,
    assertLoopbackOnly: () => {
      if (blockedRequests.length > 0)
        throw new Error(`the page tried to reach beyond loopback: ${blockedRequests.join(', ')}`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Throws if a page of these sessions raised an uncaught error since the last call; the message
 * also shows the newest console errors. Each web test checks this after itself.
 */
export function assertNoPageErrors(...sessions: BrowserSession[]): void {
  const errors = sessions.flatMap((session) => session.pageErrors.splice(0));
  if (errors.some((e) => e.startsWith('pageerror')))
    throw new Error(`uncaught errors on the page: ${JSON.stringify(errors.slice(-10))}`);
}

/** Logs in through the login page and waits for the fleet page. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  if (!page.url().startsWith(`${baseUrl}/login`)) await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('button', { name: 'Log out', exact: true }).waitFor({ timeout: 15_000 });
}

export type TextExpectation = string | RegExp | ((text: string) => boolean);

function matches(text: string, expected: TextExpectation): boolean {
  if (typeof expected === 'string') return text.trim() === expected;
  if (expected instanceof RegExp) return expected.test(text);
  return expected(text);
}

/**
 * Waits until one of the elements the locator finds has text that matches (a string must equal
 * the trimmed text) and returns that text. The timeout error quotes what was there instead.
 */
export async function waitForText(
  locator: Locator,
  expected: TextExpectation,
  options: { what: string; timeoutMs?: number },
): Promise<string> {
  let seen: string[] = [];
  return waitFor(
    async () => {
      seen = await locator.allInnerTexts();
      return seen.find((text) => matches(text, expected)) ?? false;
    },
    {
      timeoutMs: options.timeoutMs ?? 15_000,
      intervalMs: 100,
      what: options.what,
      detail: () =>
        seen.length === 0
          ? `no element matched ${locator}`
          : `texts seen: ${JSON.stringify(seen.map((t) => t.slice(0, 300)))}`,
    },
  );
}

/**
 * Sets a checkbox by clicking it as a user would, then waits for it to show the new state. (The
 * viewer keeps its filters in the URL, so a checkbox may settle a moment after the click, which
 * Playwright's `check()` refuses.)
 */
export async function setChecked(box: Locator, checked: boolean, timeoutMs = 5_000): Promise<void> {
  if ((await box.isChecked()) === checked) return;
  await box.click();
  let seen = !checked;
  await waitFor(
    async () => {
      seen = await box.isChecked();
      return seen === checked;
    },
    { timeoutMs, intervalMs: 20, what: `${box} to be ${checked ? 'checked' : 'unchecked'} after a click` },
  );
}

/** Waits for an element to be in the page and visible. */
export async function waitVisible(locator: Locator, what: string, timeoutMs = 15_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    throw new Error(`${what}: not visible within ${timeoutMs} ms (${locator})`, { cause: error });
  }
}

/** Clicks what `click` clicks, waits for the download it starts, and returns the file's text and name. */
export async function downloadText(
  page: Page,
  click: () => Promise<void>,
  timeoutMs = 30_000,
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: timeoutMs }), click()]);
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  await download.delete();
  return { name: download.suggestedFilename(), text };
}

/** Saves a screenshot of the page as docs/screenshots/<name>.png, for the README. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // A focus ring left by the last click is not part of what a reader should see.
  await blurActiveElement(page);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/** `"1,234 lines"` → {shown: 1234, held: 1234}; `"12 of 1,234 lines"` → {shown: 12, held: 1234}. */
export function parseLineCount(text: string): { shown: number; held: number } | undefined {
  const found = /([\d,]+)(?:\s+of\s+([\d,]+))?\s+lines?\b/.exec(text);
  if (!found) return undefined;
  const shown = Number(found[1]!.replaceAll(',', ''));
  const held = found[2] === undefined ? shown : Number(found[2].replaceAll(',', ''));
  return { shown, held };
}

/** Marks the current document, so a test can tell later that the page was never reloaded. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __bosunTestMark?: boolean }).__bosunTestMark = true;
  });
}

/** True while the document marked by `markDocument` is still the one shown. */
export async function documentIsMarked(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (globalThis as unknown as { __bosunTestMark?: boolean }).__bosunTestMark === true,
  );
}

type FocusableDocument = { document: { activeElement: { blur?: () => void } | null } };

/** Takes the focus away from whatever has it, as a click on empty page space would. */
export async function blurActiveElement(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as FocusableDocument).document.activeElement?.blur?.());
}

/** True if the element the locator finds has the keyboard focus. */
export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === (globalThis as unknown as FocusableDocument).document.activeElement);
}
