import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoPageErrors,
  type BrowserSession,
  launchBrowser,
  logIn,
  waitForText,
  waitVisible,
} from '../kit/browser.ts';
import { runContainer, type TestAgent, waitFor } from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { useWebBed } from '../kit/web-bed.ts';

// Permissions per host in the browser: an admin grants a user without a role one of two hosts
// on the Users page; in a browser of their own, that user finds only that host on the Hosts and
// Containers pages, and no admin navigation.

const bed = useWebBed({ agentName: 'grant-web-a' });
let hostB: TestAgent;
let theirs: BrowserSession | undefined;
let boxId: string;

beforeAll(async () => {
  hostB = await joinTestAgent(bed.admin, { engine: bed.engine, name: 'grant-web-b' });
  boxId = (await runContainer(bed.engine, { name: 'granted', cmd: ['sh', '-c', 'exec sleep 1000'] })).id;
  await bed.admin.waitForContainer({ id: boxId, agentName: 'grant-web-a' });
  await bed.admin.waitForContainer({ id: boxId, agentName: 'grant-web-b' });
  await bed.logInAsAdmin();
});

afterEach(() => {
  if (theirs) assertNoPageErrors(theirs);
});

afterAll(async () => {
  theirs?.assertLoopbackOnly();
  await theirs?.close();
  await hostB?.stop();
});

describe('a user granted one host, in the browser', () => {
  it('is granted the host on the Users page, then sees that host alone', async () => {
    const { id } = await bed.admin.newUser('gina', 'none');
    const page = bed.page;
    await page.goto(`${bed.url}/users`);
    const row = page.getByRole('table', { name: 'Users' }).locator('tr[data-user="gina"]');
    await waitVisible(row, "gina's row");
    await row
      .getByRole('combobox', { name: 'Host to grant gina', exact: true })
      .selectOption({ label: 'grant-web-a' });
    await row.getByRole('button', { name: 'Grant', exact: true }).click();
    await waitForText(row.getByRole('list', { name: 'Hosts granted to gina' }), /grant-web-a\s*\(viewer\)/, {
      what: "gina's grant in her row",
    });
    const { users } = await bed.admin.ok('GET', '/api/users');
    expect(users.find((u: { id: string }) => u.id === id).grants).toMatchObject([
      { agentName: 'grant-web-a' },
    ]);

    theirs = await launchBrowser();
    const own: Page = theirs.page;
    await logIn(own, bed.url, 'gina', 'gina password');
    await own.goto(`${bed.url}/`);
    await waitVisible(own.getByRole('heading', { name: 'grant-web-a', exact: true }), 'the granted host');
    expect(await own.getByRole('heading', { name: 'grant-web-b' }).count()).toBe(0);
    expect(
      await own.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count(),
    ).toBe(0);

    await own.goto(`${bed.url}/containers`);
    const rows = own.getByRole('table', { name: 'Containers' }).locator('tr[data-host]');
    await waitFor(async () => (await rows.count()) > 0, { timeoutMs: 15_000, what: 'container rows' });
    const hosts = await rows.evaluateAll((trs) => [
      ...new Set(trs.map((tr) => tr.getAttribute('data-host'))),
    ]);
    expect(hosts).toEqual(['grant-web-a']);
    expect(await own.content()).not.toContain('grant-web-b');
  });
});
