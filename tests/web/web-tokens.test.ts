import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertNoPageErrors,
  type BrowserSession,
  launchBrowser,
  logIn,
  waitForText,
  waitVisible,
} from '../kit/browser.ts';
import { ApiClient } from '../kit/test-manager.ts';
import { useWebBed } from '../kit/web-bed.ts';

// Tokens through the browser: an admin sees every user's API tokens and the join tokens on the
// Tokens page and revokes them; a viewer sees only their own there.

const bed = useWebBed({ agentName: 'tokens-01' });
let page: Page;
const theirs: BrowserSession[] = [];

beforeAll(async () => {
  page = bed.page;
  await bed.logInAsAdmin();
});

afterEach(() => assertNoPageErrors(...theirs));

afterAll(async () => {
  for (const browser of theirs) {
    browser.assertLoopbackOnly();
    await browser.close();
  }
});

function tokenRow(on: Page, table: string, id: string): Locator {
  return on.getByRole('table', { name: table, exact: true }).locator(`tr[data-token="${id}"]`);
}

async function openTokensPage(on: Page): Promise<void> {
  await on.goto(`${bed.url}/tokens`);
  await waitVisible(on.getByRole('heading', { name: 'Tokens', exact: true }), 'the Tokens heading');
}

async function confirmRevoke(on: Page): Promise<void> {
  const dialog = on.getByRole('dialog');
  await waitVisible(dialog, 'the revoke dialog');
  await dialog.getByRole('button', { name: 'Yes, revoke' }).click();
  await waitForText(on.getByRole('status'), /Token revoked/, { what: 'the revoked toast' });
}

describe('the Tokens page', () => {
  it("shows an admin every user's API token, and revoking one logs its script out", async () => {
    const { client } = await bed.admin.newUser('scripter', 'viewer');
    const { id, token } = await client.ok('POST', '/api/api-tokens', { name: 'nightly-backup' });
    await openTokensPage(page);
    const row = tokenRow(page, "Every user's API tokens", id);
    await waitForText(row, /nightly-backup[\s\S]*scripter[\s\S]*active/, { what: "the script's token row" });
    await row.getByRole('button', { name: 'Revoke API token nightly-backup of scripter' }).click();
    await confirmRevoke(page);
    await waitForText(row, /revoked/, { what: 'the row showing the token revoked' });
    expect((await ApiClient.bearer(bed.url, token).call('GET', '/api/me')).status).toBe(401);
  });

  it('lets an admin revoke a pending join token, which no host can use afterwards', async () => {
    const { id } = await bed.admin.ok('POST', '/api/join-tokens', { name: 'never-joins' });
    await openTokensPage(page);
    const row = tokenRow(page, 'Join tokens', id);
    await waitForText(row, /never-joins[\s\S]*pending/, { what: 'the pending join token' });
    await row.getByRole('button', { name: `Revoke join token ${id}` }).click();
    await confirmRevoke(page);
    await waitForText(row, /revoked/, { what: 'the join token shown revoked' });
    const { tokens } = await bed.admin.ok('GET', '/api/join-tokens');
    expect(tokens.find((t: { id: string }) => t.id === id)?.state).toBe('revoked');
  });

  it("shows a viewer their own tokens only, and nobody else's or the join tokens", async () => {
    const { client } = await bed.admin.newUser('tokenreader', 'viewer');
    const { id } = await client.ok('POST', '/api/api-tokens', { name: 'reader-laptop' });
    const browser = await launchBrowser();
    theirs.push(browser);
    await logIn(browser.page, bed.url, 'tokenreader', 'tokenreader password');
    await browser.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Tokens', exact: true })
      .click();
    await waitVisible(tokenRow(browser.page, 'Your API tokens', id), "the viewer's own token");
    expect(await browser.page.getByRole('table', { name: "Every user's API tokens" }).count()).toBe(0);
    expect(await browser.page.getByRole('table', { name: 'Join tokens' }).count()).toBe(0);
  });
});
