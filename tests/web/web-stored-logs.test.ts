import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerIdentity, type LogEntry, type LogLine, logReadRecordSchema } from '@bosun/protocol';
import { openSqliteLogStore, type SqliteLogStore } from '@bosun/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, waitForText, waitVisible } from '../kit/browser.ts';
import { dockerLogs } from '../kit/docker-logs.ts';
import { runContainer, waitFor } from '../kit/index.ts';
import { openViewer } from '../kit/test-manager.ts';
import { useWebBed } from '../kit/web-bed.ts';
import { connectionStatus, downloadLines, logList, logsUrl, waitForLineCount } from './log-viewer-page.ts';

// The stored logs in the UI: the Search page finds a line and opens the viewer at it, a removed
// container is listed and shows its stored lines exactly as Docker printed them, and the live
// viewer pages older lines in from the store above what the manager's ring held.
//
// The manager runs with a real SQLite log store that this file fills itself: each container's
// lines as the agent read them from Docker (`GET /api/logs`), appended as the ingest would, since
// the manager does not yet fill its store by itself here.

const HOST = 'store-01';
const RING_LINES = 50;
const token = `needle-${randomBytes(4).toString('hex')}`;
// Opened before the bed starts its manager with it, closed after the bed has closed the manager.
const storeDir = await mkdtemp(join(tmpdir(), 'bosun-logstore-'));
const store: SqliteLogStore = openSqliteLogStore(join(storeDir, 'logs.db'), {
  maxBytes: 0,
  maxAgeMs: 0,
  maxStreamBytes: 0,
});

const bed = useWebBed({ agentName: HOST, hubOptions: { ringLines: RING_LINES }, logStore: store });
let page: Page;

beforeAll(async () => {
  page = bed.page;
  await bed.logInAsAdmin();
});

afterAll(async () => {
  await store.close();
  await rm(storeDir, { recursive: true, force: true });
});

async function agentId(): Promise<string> {
  const { agents } = await bed.admin.ok<{ agents: Array<{ id: string; name: string }> }>(
    'GET',
    '/api/agents',
  );
  const agent = agents.find((a) => a.name === HOST);
  if (!agent) throw new Error(`no agent ${HOST}`);
  return agent.id;
}

/** Stores a container's lines in the store as the ingest would (its stream's metadata). */
async function storeLines(container: { id: string; name: string }, lines: LogLine[]): Promise<void> {
  const meta = {
    agentId: await agentId(),
    containerId: container.id,
    identity: containerIdentity({ name: container.name, labels: {} }).key,
    hostName: HOST,
    containerName: container.name,
    image: 'test',
    labels: {},
    createdAt: Date.now(),
  };
  expect(
    store.append(
      meta,
      lines.map((line) => ({ ...line, kind: 'line' as const })),
    ),
  ).toBe('queued');
  await store.flush();
}

/** Follows a container's live stream from before `start` makes it print, and stores what came. */
async function storeLiveLinesOf(
  container: { id: string; name: string },
  expected: number,
  start: () => Promise<void>,
): Promise<void> {
  const viewer = await openViewer(bed.url, bed.admin.headersForSocket());
  try {
    await viewer.request('logs.subscribe', { sub: 'seed', agent: HOST, container: container.id });
    await start();
    const lines = await waitFor(
      () => {
        const got = viewer.frames
          .filter((f) => f.subject === 'logs.batch' || f.subject === 'logs.history')
          .flatMap((f) => (f.data as { entries: LogEntry[] }).entries)
          .filter((e): e is LogLine & { kind: 'line' } => e.kind === 'line');
        return got.length >= expected ? got : undefined;
      },
      { what: `${expected} live lines of ${container.name}`, timeoutMs: 20_000 },
    );
    await storeLines(container, lines);
  } finally {
    viewer.close();
  }
}

/** Every line Docker holds of a container, as the agent reads them, stored as the ingest would. */
async function storeLinesOf(container: { id: string; name: string }, expected: number): Promise<LogLine[]> {
  const lines = await waitFor(
    async () => {
      const response = await bed.admin.fetch(
        'GET',
        `/api/logs?agent=${HOST}&container=${container.id}&tail=all`,
      );
      const records = (await response.text())
        .split('\n')
        .filter(Boolean)
        .map((record) => logReadRecordSchema.parse(JSON.parse(record)));
      const read = records.filter((r): r is LogLine => 'seq' in r && 'text' in r);
      return read.length >= expected ? read : undefined;
    },
    { what: `${expected} lines of ${container.name}`, timeoutMs: 20_000 },
  );
  await storeLines(container, lines);
  return lines;
}

describe('stored logs in the web UI', () => {
  it('lists a removed container and shows its stored lines as Docker printed them', async () => {
    const script = [
      `printf 'plain line\\n'`,
      `printf '\\ttabbed and trailing spaces   \\n'`,
      `printf 'unicode: \\303\\251t\\303\\251 \\342\\234\\223 \\360\\237\\232\\242\\n'`,
      `printf 'the ${token} is here\\n'`,
      `printf 'last words\\n'`,
    ].join('; ');
    const gone = await runContainer(bed.engine, {
      name: 'vault',
      cmd: ['sh', '-c', `${script}; exec sleep 1000`],
    });
    await bed.waitForContainer(gone.name);
    await storeLinesOf(gone, 5);
    const printed = await dockerLogs(bed.engine, gone.id, { stdout: true, stderr: true, timestamps: true });
    await gone.container.remove({ force: true });

    await page.goto(`${bed.url}/containers`);
    const removed = page.getByRole('table', { name: 'Removed containers' });
    const row = removed.locator(`tr[data-container="${gone.name}"]`);
    await waitVisible(row, 'the removed container', 20_000);
    await waitForText(row, /removed/, { what: 'the removed mark' });
    await row.getByRole('link', { name: `Stored logs of ${gone.name}` }).click();

    await waitForText(connectionStatus(page), /Stored logs/, { what: 'the stored view' });
    await waitForLineCount(page, (c) => c.held === 5, 'the five stored lines');
    const { lines } = await downloadLines(page);
    expect(`${lines.join('\n')}\n`).toBe(printed.stdout.toString('utf8'));
  });

  it('finds a line on the Search page and opens the viewer at it', async () => {
    await page.goto(`${bed.url}/search`);
    const query = page.getByRole('searchbox', { name: 'Query' });
    await query.fill(token);
    await page.getByRole('combobox', { name: 'Time' }).selectOption('24h');
    await query.press('Enter');
    await waitFor(async () => new URL(page.url()).searchParams.get('q') === token || undefined, {
      what: 'the query in the URL',
      timeoutMs: 5_000,
    });
    const hits = page.getByRole('list', { name: 'Hits, newest first' });
    const hit = hits.getByRole('listitem').first();
    await waitForText(hit, new RegExp(`the ${token} is here`), { what: 'the hit', timeoutMs: 15_000 });
    await waitForText(page.getByRole('navigation', { name: 'Hits per container' }), /vault\S*\s*1/, {
      what: 'the count per container',
    });
    await saveScreenshot(page, 'search');

    await hit.getByRole('link', { name: /^Open .* at this line$/ }).click();
    const focused = logList(page).locator('.log-row-focus');
    await waitForText(focused, new RegExp(`the ${token} is here`), { what: 'the line opened at' });
    expect(await focused.isVisible()).toBe(true);
  });

  it('pages older stored lines in above what the ring held, the rows on screen staying put', async () => {
    // It prints once told to, so that a viewer is already following: the lines stored are
    // numbered as the live stream numbers them, as the ingest would store them.
    const chatty = await runContainer(bed.engine, {
      name: 'chatty',
      cmd: [
        'sh',
        '-c',
        'while [ ! -f /tmp/go ]; do sleep 0.05; done; i=0; while [ $i -lt 300 ]; do echo "chatty line $i"; i=$((i+1)); done; exec sleep 1000',
      ],
    });
    await bed.waitForContainer(chatty.name);
    await storeLiveLinesOf(chatty, 300, async () => {
      const exec = await chatty.container.exec({ Cmd: ['touch', '/tmp/go'] });
      await exec.start({ Detach: true });
    });

    await page.goto(logsUrl(bed.url, [`${HOST}/${chatty.name}`]));
    await waitForText(connectionStatus(page), /Live/, { what: 'the live view' });
    await waitForLineCount(page, (c) => c.held === RING_LINES, 'the ring');
    const list = logList(page);
    // A live view opens at its newest line, even when no line comes after the ring's.
    await waitVisible(list.locator('[data-seq]', { hasText: /chatty line 299$/ }), 'the newest line');
    const oldestHeld = `chatty line ${300 - RING_LINES}`;
    // Scrolling to the top pages the older lines in by itself, once the viewer knows the store
    // has older lines (its header offers them).
    await page
      .getByRole('button', { name: 'Load older lines' })
      .waitFor({ state: 'attached', timeout: 15_000 });
    await list.focus();
    await list.press('Home');
    await waitForLineCount(page, (c) => c.held === 300, 'every stored line');
    const row = list.locator('[data-seq]', { hasText: new RegExp(`^.*${oldestHeld}$`) });
    await waitVisible(row, 'the row that was at the top');
    await list.press('Home');
    await waitForText(page.getByRole('status', { name: 'Older lines' }), /Start of stored logs/, {
      what: 'the start of the stored logs',
    });
    await waitVisible(list.locator('[data-seq="0"]'), 'the first line');
  });
});
