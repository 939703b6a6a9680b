import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentIsMarked,
  logIn,
  markDocument,
  saveScreenshot,
  waitForText,
  waitVisible,
} from '../kit/browser.ts';
import { startTestAgent, type TestAgent, waitFor } from '../kit/index.ts';
import { ADMIN_PASSWORD } from '../kit/test-manager.ts';
import { runNamedContainer, stoppable, useWebBed } from '../kit/web-bed.ts';
import {
  type ContainerAction,
  containerActionButton,
  containerRow,
  containerState,
  hostCard as hostCardOn,
} from './containers-page.ts';

// Logging in, the fleet, joining a host and controlling containers, all through the browser
// against a real manager and agent. The containers carry plausible names: the screenshots of
// the fleet and containers pages taken here go into the README. Each test logs in as whom it
// needs and opens its own page.

const HOST = 'app-01';
const JOINED = 'backup-01';
const bed = useWebBed({ agentName: HOST });
let page: Page;
const cleanups: Array<() => Promise<void>> = [];
const containers: Record<'web' | 'worker' | 'db' | 'backup', string> = {
  web: '',
  worker: '',
  db: '',
  backup: '',
};

beforeAll(async () => {
  page = bed.page;
  const scripts = {
    web: stoppable(
      'i=0; while true; do i=$((i+1)); echo "GET /api/orders/$i 200 $((i % 40 + 3))ms"; sleep 0.5; done',
    ),
    worker: stoppable('i=0; while true; do i=$((i+1)); echo "processed job $i"; sleep 0.5; done'),
    db: stoppable('echo "database system is ready to accept connections"; while true; do sleep 0.5; done'),
    backup: 'echo "backup finished: 42 tables, 1.3 GiB"',
  };
  for (const [key, script] of Object.entries(scripts)) {
    // `backup` is created but never started: a job that has not run yet.
    const made = await runNamedContainer(bed.engine, key, script, { start: key !== 'backup' });
    containers[key as keyof typeof containers] = made.name;
  }
  for (const name of Object.values(containers)) await bed.waitForContainer(name);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const hostCard = (name: string): Locator => hostCardOn(page, name);
const row = (name: string): Locator => containerRow(page, HOST, name);
const stateOf = (name: string): Locator => containerState(page, HOST, name);
const actionButton = (name: string, action: ContainerAction): Locator =>
  containerActionButton(page, HOST, name, action);

async function dockerState(name: string): Promise<string> {
  return (await bed.engine.docker.getContainer(name).inspect()).State.Status;
}

/** What an element shows: the value of a form field, else its text. */
async function shownText(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const field = el as unknown as { value?: unknown; textContent: string | null };
    return typeof field.value === 'string' ? field.value : (field.textContent ?? '');
  });
}

/** The page with no session, as a visitor who never logged in. */
async function loggedOut(path = '/login'): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${bed.url}${path}`);
}

/** The page logged in (as the admin unless told otherwise), showing `path`. */
async function loggedInAt(path: string, username = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  await loggedOut();
  await logIn(page, bed.url, username, password);
  await page.goto(`${bed.url}${path}`);
}

describe('login', () => {
  it('a wrong password shows an alert and stays on the login page', async () => {
    await loggedOut('/');
    // Not logged in: the app sends the visitor to the login page.
    await waitVisible(page.getByLabel('Username', { exact: true }), 'the login form');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await waitForText(page.getByRole('alert'), (text) => text.trim().length > 0, {
      what: 'an alert about the wrong password',
    });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('button', { name: 'Log out', exact: true }).count()).toBe(0);
  });

  it('the admin logs in and sees the host online, with its facts and container counts', async () => {
    await loggedOut();
    await logIn(page, bed.url, 'admin', ADMIN_PASSWORD);
    await waitVisible(page.getByRole('heading', { name: 'Hosts', exact: true }), 'the fleet heading');
    const card = hostCard(HOST);
    await waitForText(card, /\bOnline\b/, { what: `${HOST} to show Online` });
    // The engine may hold containers besides this file's: the card must count what the API lists.
    let running = 0;
    let cardText = '';
    await waitFor(
      async () => {
        const { containers: list } = await bed.admin.ok('GET', `/api/containers?agent=${HOST}`);
        running = list.filter((c: { state: string }) => c.state === 'running').length;
        cardText = (await card.allInnerTexts()).join('\n');
        return running >= 3 && new RegExp(`\\b${running} running\\b`).test(cardText);
      },
      {
        timeoutMs: 15_000,
        what: `${HOST} to count its running containers`,
        detail: () => `the API lists ${running} running; the card says ${JSON.stringify(cardText)}`,
      },
    );
    const { agents } = await bed.admin.ok('GET', '/api/agents');
    const facts = agents.find((a: { name: string }) => a.name === HOST).host as {
      hostname: string;
      dockerVersion?: string;
    };
    const text = await card.textContent();
    expect(text, 'the card names the machine').toContain(facts.hostname);
    if (facts.dockerVersion) expect(text, 'the card shows the Docker version').toContain(facts.dockerVersion);
    expect(await card.getByRole('link', { name: 'Containers', exact: true }).count()).toBe(1);
    for (const name of ['Hosts', 'Containers'])
      expect(await page.getByRole('navigation').getByRole('link', { name, exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Switch theme', exact: true }).count()).toBe(1);
  });
});

describe('joining a host', () => {
  it('creating a join token shows the command, and a host that runs it appears without a reload', async () => {
    await loggedInAt('/');
    await waitForText(hostCard(HOST), /\bOnline\b/, { what: `${HOST} to show Online` });
    await markDocument(page);
    await page.getByRole('button', { name: 'Add host', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    await waitVisible(dialog, 'the "Add a host" dialog');
    await dialog.getByRole('textbox', { name: 'Host name' }).fill(JOINED);
    await dialog.getByRole('button', { name: 'Create join token', exact: true }).click();
    // The contract names a `code` element; any element labelled "Join command" (a read-only
    // textarea, say) shows the same thing to the user.
    const commandBox = page.getByLabel('Join command', { exact: true });
    let command = '';
    await waitFor(
      async () => {
        command = (await commandBox.count()) === 1 ? await shownText(commandBox) : '';
        return /BOSUN_JOIN_TOKEN=\S+ bosun agent --manager \S+/.test(command);
      },
      { timeoutMs: 15_000, what: 'the join command', detail: () => `shown: ${JSON.stringify(command)}` },
    );
    const [, token, managerUrl] = /BOSUN_JOIN_TOKEN=(\S+) bosun agent --manager (\S+)/.exec(command)!;
    expect(managerUrl!.replace(/\/$/, '')).toBe(bed.url);

    // The command works: an agent that uses the token joins under the name given in the dialog.
    const joined: TestAgent = await startTestAgent({
      managerUrl: bed.url,
      engine: bed.engine,
      joinToken: token!,
    });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await joined.stop();
    });
    await page.keyboard.press('Escape');
    if (await dialog.isVisible())
      await dialog
        .getByRole('button', { name: /close|done|cancel/i })
        .first()
        .click();
    await waitForText(hostCard(JOINED), /\bOnline\b/, {
      what: `the new host ${JOINED} to appear online`,
      timeoutMs: 20_000,
    });
    await joined.stop();
    stopped = true;
    await waitForText(hostCard(JOINED), /\bOffline\b/, { what: `${JOINED} to show Offline` });
    await waitForText(hostCard(HOST), /\bOnline\b/, { what: `${HOST} to still show Online` });
    expect(await documentIsMarked(page), 'the page was not reloaded').toBe(true);
    await saveScreenshot(page, 'fleet');
  });
});

describe('containers', () => {
  it("opens the host's containers, stops one and starts it again, watching the state change live", async () => {
    await loggedInAt('/');
    await hostCard(HOST).getByRole('link', { name: 'Containers', exact: true }).click();
    await waitVisible(
      page.getByRole('heading', { name: 'Containers', exact: true }),
      'the containers heading',
    );
    expect(new URL(page.url()).searchParams.get('host')).toBe(HOST);
    await waitVisible(page.getByRole('searchbox', { name: 'Filter containers' }), 'the container filter');
    for (const name of [containers.web, containers.worker, containers.db])
      await waitForText(stateOf(name), 'running', { what: `${name} to show running` });
    await waitForText(stateOf(containers.backup), 'created', { what: 'backup to show created' });
    const worker = containers.worker;
    expect(await row(worker).getByRole('link', { name: 'Logs', exact: true }).count()).toBe(1);
    await saveScreenshot(page, 'containers');

    await markDocument(page);
    expect(await actionButton(worker, 'Start').isDisabled(), 'Start is disabled while running').toBe(true);
    expect(await actionButton(worker, 'Stop').isEnabled()).toBe(true);
    expect(await actionButton(worker, 'Restart').isEnabled()).toBe(true);

    await actionButton(worker, 'Stop').click();
    const confirm = page.getByRole('dialog');
    await waitVisible(confirm, 'the stop confirmation');
    await confirm.getByRole('button', { name: 'Yes, stop', exact: true }).click();
    await waitForText(stateOf(worker), 'exited', { what: `${worker} to show exited`, timeoutMs: 20_000 });
    expect(await dockerState(worker)).toBe('exited');
    await waitForText(page.getByRole('status'), (t) => t.trim().length > 0, {
      what: 'a status toast about the stop',
    });
    expect(await actionButton(worker, 'Start').isEnabled(), 'Start is enabled once exited').toBe(true);
    expect(await actionButton(worker, 'Stop').isDisabled()).toBe(true);
    expect(await actionButton(worker, 'Restart').isDisabled()).toBe(true);

    await actionButton(worker, 'Start').click();
    await waitForText(stateOf(worker), 'running', {
      what: `${worker} to show running again`,
      timeoutMs: 20_000,
    });
    expect(await dockerState(worker)).toBe('running');
    expect(await documentIsMarked(page), 'the state changed without a reload').toBe(true);
    expect(await row(containers.web).count()).toBe(1);
  });

  it('asking to stop and answering Cancel leaves the container running', async () => {
    const web = containers.web;
    await loggedInAt(`/containers?host=${HOST}`);
    await waitForText(stateOf(web), 'running', { what: `${web} to show running` });
    await actionButton(web, 'Stop').click();
    const confirm = page.getByRole('dialog');
    await waitVisible(confirm, 'the stop confirmation');
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await confirm.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await stateOf(web).textContent()).toBe('running');
    expect(await dockerState(web)).toBe('running');
  });

  it('a viewer sees the containers but has no enabled Start, Stop or Restart', async () => {
    await bed.admin.newUser('vera', 'viewer');
    await loggedInAt('/');
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await waitVisible(page.getByLabel('Username', { exact: true }), 'the login page after logging out');
    await logIn(page, bed.url, 'vera', 'vera password');
    await page.getByRole('navigation').getByRole('link', { name: 'Containers', exact: true }).first().click();
    for (const name of [containers.web, containers.worker, containers.db])
      await waitForText(stateOf(name), 'running', { what: `${name} to show running to the viewer` });
    await waitVisible(row(containers.web).getByRole('link', { name: 'Logs', exact: true }), 'the Logs link');
    const controls = page
      .getByRole('table', { name: 'Containers' })
      .getByRole('button', { name: /^(Start|Stop|Restart)$/ });
    const count = await controls.count();
    for (let i = 0; i < count; i++)
      expect(await controls.nth(i).isDisabled(), `${await controls.nth(i).textContent()} is disabled`).toBe(
        true,
      );
  }, 60_000);
});

describe('a short-lived container', () => {
  it('one that exits by itself shows "exited", not "running"', async () => {
    // Docker sends `die` a moment before its container list says the container exited: the
    // page must end with the state the container is in, not the one a stale list gave.
    await loggedInAt(`/containers?host=${HOST}`);
    await waitVisible(page.getByRole('table', { name: 'Containers' }), 'the containers table');
    const made = await runNamedContainer(bed.engine, 'migrate', 'echo "migrations applied: 3"; sleep 0.5');
    await bed.waitForContainer(made.name);
    await waitFor(async () => (await dockerState(made.name)) === 'exited', {
      timeoutMs: 10_000,
      what: 'the migrate container to exit',
    });
    await waitForText(stateOf(made.name), 'exited', {
      what: `${made.name}, which exited by itself, to show exited`,
      timeoutMs: 10_000,
    });
  });
});

describe('an ended session', () => {
  it('once the session is gone, the open page goes to the login page saying it expired', async () => {
    const { id } = await bed.admin.newUser('otto', 'viewer');
    await loggedInAt('/', 'otto', 'otto password');
    await waitVisible(page.getByRole('heading', { name: 'Hosts', exact: true }), 'the fleet heading');
    // Deleting the user ends their sessions; the manager ends their live event stream at once,
    // and the page, asking why, learns from a 401 without the user doing anything.
    await bed.admin.ok('DELETE', `/api/users/${id}`);
    await waitForText(page.getByRole('alert'), /session has expired/i, {
      what: 'the login page to say the session has expired',
    });
    await waitVisible(page.getByLabel('Username', { exact: true }), 'the login form');
  });
});
