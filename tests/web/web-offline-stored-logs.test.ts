import { agentListResponseSchema } from '@bosun/protocol';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForText, waitVisible } from '../kit/browser.ts';
import { dockerLogs } from '../kit/docker-logs.ts';
import { openGate, runContainer, waitFor, waitForStoredLine } from '../kit/index.ts';
import { useWebBed } from '../kit/web-bed.ts';
import {
  downloadLines,
  logList,
  logsUrl,
  sourceChip,
  waitForLineCount,
  waitForNewestLine,
} from './log-viewer-page.ts';

// A retained container whose host is offline after a manager restart: the manager's ring holds
// nothing of it, and the viewer shows its stored lines instead, with a notice; once the host is
// back the live stream goes on right after them, none twice. The bed's manager keeps its own
// log store in its data folder, filled by the ingest of containers labelled bosun.retain=true.

const HOST = 'rack-07';
const bed = useWebBed({ agentName: HOST });
let page: Page;

beforeAll(async () => {
  page = bed.page;
  await bed.logInAsAdmin();
});

const STORED_SCRIPT = [
  `printf 'first line\\n'`,
  `printf '\\ttabbed and trailing spaces   \\n'`,
  `printf 'unicode: \\303\\251t\\303\\251 \\342\\234\\223 \\360\\237\\232\\242\\n'`,
  `printf '  indented {"json": true}\\n'`,
  `for i in 1 2 3 4 5 6; do echo "stored line $i"; done`,
  `printf 'last stored\\n'`,
].join('; ');
const STORED_LINES = 11;
// The gate opens once the host is back: these lines reach the viewer only through the live stream.
const SCRIPT = `${STORED_SCRIPT}; while [ ! -f /tmp/go ]; do sleep 0.05; done; for i in 1 2 3 4 5; do echo "after $i"; done; exec sleep 1000`;

async function hostOnline(online: boolean): Promise<void> {
  await waitFor(
    async () => {
      const { agents } = agentListResponseSchema.parse(await bed.admin.ok('GET', '/api/agents'));
      return agents.some((agent) => agent.name === HOST && agent.online === online);
    },
    { timeoutMs: 20_000, what: `host ${HOST} to be ${online ? 'online' : 'offline'}` },
  );
}

describe("an offline host's container in the log viewer", () => {
  it('shows its stored lines with a notice, then the live lines after them once the host is back', async () => {
    const kept = await runContainer(bed.engine, {
      name: 'kept',
      labels: { 'bosun.retain': 'true' },
      cmd: ['sh', '-c', SCRIPT],
    });
    await bed.waitForContainer(kept.name);
    const stream = await waitForStoredLine(bed.admin, HOST, kept.id, 'last stored');
    const stored = (await dockerLogs(bed.engine, kept.id, { stdout: true, stderr: true, timestamps: true }))
      .stdout;

    await bed.stopAgent();
    await hostOnline(false);
    // A fresh manager's ring holds nothing: what the viewer shows can only come from the store.
    await bed.restartManager();

    const source = `${HOST}/${kept.name}`;
    await page.goto(logsUrl(bed.url, [source]));
    const notice = page.getByRole('status', { name: `Stored lines of ${source}`, exact: true });
    await waitForText(
      notice,
      /^Host offline — showing stored lines up to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/,
      {
        what: 'the notice that the stored lines are shown',
        timeoutMs: 20_000,
      },
    );
    expect(await notice.locator('time').getAttribute('datetime')).toBe(stream.lastTs);
    await waitForText(sourceChip(page, source), /host offline/, {
      what: 'the source chip to say "host offline"',
    });
    await waitForLineCount(page, (c) => c.held === STORED_LINES, 'the stored lines');
    const offline = await downloadLines(page);
    expect(`${offline.lines.join('\n')}\n`).toBe(stored.toString('utf8'));
    // The newest page is the whole stream here: "load older" finds nothing before it.
    await page.getByRole('button', { name: 'Load older lines', exact: true }).click();
    await waitForText(page.getByRole('status', { name: 'Older lines' }), /Start of stored logs/, {
      what: 'the start of the stored logs',
    });

    await bed.startAgent();
    await hostOnline(true);
    // The notice goes once the source is live again.
    let chip: string | null = null;
    await waitFor(
      async () => {
        chip = await sourceChip(page, source).textContent();
        return (await notice.count()) === 0;
      },
      {
        timeoutMs: 30_000,
        what: 'the source to follow the live stream again',
        detail: () => `the source chip: ${chip}`,
      },
    );
    expect(await sourceChip(page, source).textContent()).not.toMatch(/host offline|retrying|error/);
    await openGate(kept.container);
    await waitForNewestLine(
      page,
      (line) => line.text.endsWith('after 5'),
      'the lines printed once the host was back',
      30_000,
    );
    const printed = (await dockerLogs(bed.engine, kept.id, { stdout: true, stderr: true, timestamps: true }))
      .stdout;
    const online = await downloadLines(page);
    expect(online.lines).toHaveLength(STORED_LINES + 5);
    expect(`${online.lines.join('\n')}\n`).toBe(printed.toString('utf8'));
    await waitVisible(logList(page).locator('[data-seq="0"]'), 'the first stored line, still held');
  });
});
