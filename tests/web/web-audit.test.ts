import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForText, waitVisible } from '../kit/browser.ts';
import { runNamedContainer, stoppable, useWebBed } from '../kit/web-bed.ts';

// The Audit page through the browser: an admin finds a stop done a moment before, with who did
// it and from where, narrows the list with the filters and exports what it shows.

const bed = useWebBed({ agentName: 'audit-01' });
let page: Page;
let container = '';

beforeAll(async () => {
  page = bed.page;
  container = (await runNamedContainer(bed.engine, 'ledger', stoppable('while true; do sleep 0.5; done')))
    .name;
  await bed.waitForContainer(container);
  await bed.logInAsAdmin();
});

function stopRows(): Locator {
  return page.getByRole('table', { name: 'Audit log' }).locator('tr[data-action="container.stop"]');
}

describe('the Audit page', () => {
  it('lists a stop done just before, with the admin and the source address', async () => {
    await bed.admin.ok('POST', `/api/agents/${bed.agentName}/containers/${container}/stop`, {
      timeoutSeconds: 0,
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit', exact: true })
      .click();
    await waitVisible(page.getByRole('heading', { name: 'Audit', exact: true }), 'the Audit heading');
    const text = await waitForText(stopRows(), /admin/, { what: 'the stop in the audit log' });
    expect(text).toMatch(/container\.stop/);
    expect(text).toMatch(/\bok\b/);
    expect(text).toMatch(/127\.0\.0\.1/);
  });

  it('hides the stop when only refusals are asked for, and exports what the filters match', async () => {
    await page.goto(`${bed.url}/audit`);
    await waitForText(stopRows(), /admin/, { what: 'the stop in the audit log' });
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('denied');
    await waitVisible(
      page.getByText('Nothing recorded matches these filters'),
      'the empty list for refusals only',
    );
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('');
    await page.getByRole('searchbox', { name: 'Action' }).fill('container.');
    await waitForText(stopRows(), /admin/, { what: 'the stop under the action filter' });

    const href = await page.getByRole('link', { name: 'Export NDJSON', exact: true }).getAttribute('href');
    expect(href).toBe('/api/audit/export?since=24h&action=container.');
    const lines = await page.evaluate(
      async (url) => (await (await fetch(url)).text()).trim().split('\n'),
      href!,
    );
    const entries = lines.map((line) => JSON.parse(line) as { action: string; source: string });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.action.startsWith('container.'))).toBe(true);
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'container.stop', source: '127.0.0.1' }),
    );
  });
});
