import { apiTokenListResponseSchema, auditListResponseSchema } from '@bosun/protocol';
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
// Tokens page and revokes them; a viewer sees only their own there, and makes one for a script.

const DAY_MS = 24 * 60 * 60 * 1000;
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

  it('names the host that joined with a join token, not only its id', async () => {
    const { agents } = await bed.admin.ok('GET', '/api/agents');
    const agentId: string = agents.find((a: { name: string }) => a.name === 'tokens-01').id;
    const { tokens } = await bed.admin.ok('GET', '/api/join-tokens');
    const used = tokens.find((t: { usedByAgent: string | null }) => t.usedByAgent === agentId);
    await openTokensPage(page);
    const joined = tokenRow(page, 'Join tokens', used.id).locator('[data-col="joined"]');
    await waitForText(joined, 'tokens-01', { what: "the joined host's name" });
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

  it('lets a viewer create an API token for a script, shown once, working and audited', async () => {
    const { id: userId, client } = await bed.admin.newUser('scriptmaker', 'viewer');
    const browser = await launchBrowser();
    theirs.push(browser);
    const on = browser.page;
    await logIn(on, bed.url, 'scriptmaker', 'scriptmaker password');
    await openTokensPage(on);
    await on.getByRole('button', { name: 'Create token', exact: true }).click();
    const dialog = on.getByRole('dialog', { name: 'Create an API token' });
    await waitVisible(dialog, 'the "Create an API token" dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('cron-report');
    await dialog.getByLabel('Lifetime', { exact: true }).selectOption({ label: '7 days' });
    await dialog.getByRole('button', { name: 'Create token', exact: true }).click();
    const shown = dialog.getByLabel('API token', { exact: true });
    await waitVisible(shown, 'the new token');
    await waitForText(dialog, /not shown again/, { what: 'the shown-once warning' });
    const token = await shown.inputValue();

    const me = await ApiClient.bearer(bed.url, token).call('GET', '/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(userId);

    await dialog.getByRole('button', { name: 'Done', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    const { tokens } = apiTokenListResponseSchema.parse(await client.ok('GET', '/api/api-tokens'));
    const made = tokens.find((t) => t.name === 'cron-report');
    expect(made?.expiresAt).toBe((made?.createdAt ?? 0) + 7 * DAY_MS);
    const row = tokenRow(on, 'Your API tokens', made?.id ?? '');
    await waitForText(row, /cron-report[\s\S]*active/, { what: 'the new token in the list' });
    // Reopened, the dialog asks afresh: the token is not kept to be shown again.
    await on.getByRole('button', { name: 'Create token', exact: true }).click();
    await waitVisible(dialog.getByLabel('Name', { exact: true }), 'the empty form');
    expect(await dialog.getByLabel('API token', { exact: true }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();

    const { entries } = auditListResponseSchema.parse(
      await bed.admin.ok('GET', '/api/audit?action=api_token.&user=scriptmaker'),
    );
    expect(entries.map(({ action, actor, target, outcome }) => ({ action, actor, target, outcome }))).toEqual(
      [
        {
          action: 'api_token.create',
          actor: `user:${userId}`,
          target: `api_token:${made?.id}`,
          outcome: 'ok',
        },
      ],
    );
  });
});
