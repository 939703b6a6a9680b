import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoPageErrors,
  type BrowserSession,
  documentIsMarked,
  launchBrowser,
  logIn,
  markDocument,
  waitForText,
  waitVisible,
} from '../kit/browser.ts';
import { type RunningContainer, runContainer, waitForDockerLog } from '../kit/index.ts';
import { assertWebBuilt } from '../kit/web-bed.ts';
import { containerActionButton, containerRow, containerState, hostCard } from '../web/containers-page.ts';
import {
  logList,
  renderedLines,
  waitForConnection,
  waitForLineCount,
  waitForNewestLine,
} from '../web/log-viewer-page.ts';
import { IDLE, printInto, printLines, useContractBed } from './contract-kit.ts';
import { CONTRACT_RUNTIMES } from './runtimes.ts';

// The web UI as users meet it, served by every runtime: logging in, the host's containers, a
// container's log history then a live line (over /ws/logs), stopping and starting it from its
// row, and fleet changes pushed over /api/events reaching the open page without a reload.

const HOST = 'web-host';

describe.each(CONTRACT_RUNTIMES)('the web UI on $name', (runtime) => {
  const bed = useContractBed(runtime, HOST);
  let browser: BrowserSession;
  let page: Page;
  let talker: RunningContainer;
  /** Every GET of the container list the page made: after its first load, changes must be pushed. */
  const containerListFetches: string[] = [];
  /** The WebSocket addresses the page opened. */
  const sockets: string[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    talker = await runContainer(bed.engine, {
      name: 'talker',
      cmd: ['sh', '-c', `${printLines('history', 5)}; ${IDLE}`],
    });
    bed.defer(() => talker.container.remove({ force: true }));
    await bed.admin.waitForContainer({ id: talker.id, agentName: HOST });
    await waitForDockerLog(bed.engine, talker.id, 'history 5\n');
    browser = await launchBrowser();
    bed.defer(async () => {
      await browser.close();
      browser.assertLoopbackOnly();
    });
    page = browser.page;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname === '/api/containers')
        containerListFetches.push(url.href);
    });
    page.on('websocket', (socket) => sockets.push(socket.url()));
  });

  afterEach(() => assertNoPageErrors(browser));

  const state = (name: string) => containerState(page, HOST, name);
  const dockerState = async (c: RunningContainer) => (await c.container.inspect()).State.Status;

  it('logs in, lists the container under its host, shows its history then a live line, and stops and starts it', async () => {
    await page.goto(`${bed.url}/`);
    await waitVisible(page.getByLabel('Username', { exact: true }), 'the login page for a visitor');
    expect(new URL(page.url()).pathname).toBe('/login');
    await logIn(page, bed.url, 'admin', bed.manager.adminPassword);
    await waitForText(hostCard(page, HOST), /\bOnline\b/, { what: `${HOST} to show Online` });

    await hostCard(page, HOST).getByRole('link', { name: 'Containers', exact: true }).click();
    await waitForText(state(talker.name), 'running', {
      what: `${talker.name} to show running under ${HOST}`,
    });
    expect(new URL(page.url()).searchParams.get('host')).toBe(HOST);

    await containerRow(page, HOST, talker.name).getByRole('link', { name: 'Logs', exact: true }).click();
    await waitVisible(logList(page), 'the log list');
    await waitForConnection(page, 'Live');
    await waitForLineCount(page, (c) => c.held === 5, 'the five lines of history');
    expect((await renderedLines(page)).map((l) => /history \d+/.exec(l.text)?.[0])).toEqual(
      Array.from({ length: 5 }, (_, i) => `history ${i + 1}`),
    );
    await printInto(talker.container, 'live 1');
    await waitForNewestLine(page, (l) => l.text.includes('live 1'), 'the line printed after opening');
    await waitForLineCount(page, (c) => c.held === 6, 'history and the live line, each once');
    expect(sockets.map((s) => new URL(s).pathname)).toContain('/ws/logs');

    await page.goBack();
    await waitForText(state(talker.name), 'running', { what: `${talker.name} to show running` });
    await markDocument(page);
    const fetchesBefore = containerListFetches.length;
    await containerActionButton(page, HOST, talker.name, 'Stop').click();
    const confirm = page.getByRole('dialog');
    await waitVisible(confirm, 'the stop confirmation');
    await confirm.getByRole('button', { name: 'Yes, stop', exact: true }).click();
    await waitForText(state(talker.name), 'exited', { what: `${talker.name} to show exited` });
    expect(await dockerState(talker)).toBe('exited');
    await containerActionButton(page, HOST, talker.name, 'Start').click();
    await waitForText(state(talker.name), 'running', { what: `${talker.name} to show running again` });
    expect(await dockerState(talker)).toBe('running');
    expect(await documentIsMarked(page), 'the page was not reloaded').toBe(true);
    expect(containerListFetches.slice(fetchesBefore), 'the new states were pushed, not refetched').toEqual(
      [],
    );
  });

  it('a container started after the page loaded appears, and its end shows, pushed over /api/events', async () => {
    await page.context().clearCookies();
    await logIn(page, bed.url, 'admin', bed.manager.adminPassword);
    await page.goto(`${bed.url}/containers?host=${HOST}`);
    await waitForText(state(talker.name), 'running', { what: `${talker.name} to show running` });
    await markDocument(page);
    const fetchesBefore = containerListFetches.length;
    const late = await runContainer(bed.engine, { name: 'late', cmd: ['sh', '-c', IDLE] });
    bed.defer(() => late.container.remove({ force: true }));
    await waitForText(state(late.name), 'running', {
      what: `${late.name}, started after the page loaded, to appear`,
    });
    await late.container.stop({ t: 5 });
    expect(await dockerState(late)).toBe('exited');
    await waitForText(state(late.name), 'exited', {
      what: `${late.name}, stopped outside bosun, to show exited`,
    });
    expect(await documentIsMarked(page), 'the page was not reloaded').toBe(true);
    expect(containerListFetches.slice(fetchesBefore), 'the changes were pushed, not refetched').toEqual([]);
  });
});
