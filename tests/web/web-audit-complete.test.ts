import { type AuditEntryView, auditEntryViewSchema } from '@bosun/protocol';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn, waitForText, waitVisible } from '../kit/browser.ts';
import { waitFor } from '../kit/index.ts';
import { ADMIN_PASSWORD } from '../kit/test-manager.ts';
import { runNamedContainer, stoppable, useWebBed } from '../kit/web-bed.ts';

// A whole admin session through the browser, then the audit log read back: every action the
// session took is there, in order, with who, what, on what, how it ended and from where, and
// nothing else is. Everything is done by clicking.

const HOST = 'audit-all-01';
const USER = 'nadia';
const NEW_ADMIN_PASSWORD = 'admin password changed in the run';
const bed = useWebBed({ agentName: HOST });
let page: Page;
let container = { id: '', name: '' };

beforeAll(async () => {
  page = bed.page;
  container = await runNamedContainer(bed.engine, 'ledger', stoppable('while true; do sleep 0.5; done'));
  await bed.waitForContainer(container.name);
});

/** What the test expects of one audit entry. */
type Expected = { action: string; actorName: string; target: string; outcome: 'ok' | 'denied' };

function mainLink(name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

async function toast(expected: RegExp, what: string): Promise<void> {
  await waitForText(page.getByRole('status'), expected, { what });
}

function containerRow(): Locator {
  return page
    .getByRole('table', { name: 'Containers' })
    .locator(`tr[data-host="${HOST}"][data-container="${container.name}"]`);
}

async function containerAction(action: 'Stop' | 'Start' | 'Restart', done: RegExp): Promise<void> {
  await containerRow().getByRole('button', { name: action, exact: true }).click();
  if (action !== 'Start') {
    const dialog = page.getByRole('dialog', { name: `${action} ${container.name}?` });
    await waitVisible(dialog, `the ${action} confirmation`);
    await dialog.getByRole('button', { name: `Yes, ${action.toLowerCase()}`, exact: true }).click();
  }
  await toast(new RegExp(`${action === 'Stop' ? 'Stopped' : `${action}ed`} ${container.name}`), action);
  await waitForText(containerRow().locator('[data-col="state"]'), done, {
    what: `${container.name}'s state after ${action}`,
  });
}

function userRow(username: string): Locator {
  return page.getByRole('table', { name: 'Users' }).locator(`tr[data-user="${username}"]`);
}

function tokenRow(table: string, text: string): Locator {
  return page
    .getByRole('table', { name: table, exact: true })
    .locator('tr[data-token]')
    .filter({ hasText: text });
}

async function revokeOnTokensPage(row: Locator, button: string): Promise<void> {
  await row.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await waitVisible(dialog, 'the revoke dialog');
  await dialog.getByRole('button', { name: 'Yes, revoke', exact: true }).click();
  await toast(/Token revoked/, 'the revoked toast');
  await waitForText(row, /revoked/, { what: 'the row showing the token revoked' });
}

/** Every entry since `sinceMs`, oldest first, read as the admin in the browser reads the export. */
async function auditSince(sinceMs: number): Promise<AuditEntryView[]> {
  const url = `/api/audit/export?since=${sinceMs / 1000}`;
  const answer = await page.evaluate(async (path) => {
    const res = await fetch(path);
    return { status: res.status, text: await res.text() };
  }, url);
  expect(answer.status, answer.text).toBe(200);
  const lines = answer.text.split('\n').filter((line) => line !== '');
  return lines.map((line) => auditEntryViewSchema.parse(JSON.parse(line))).sort((a, b) => a.id - b.id);
}

describe('the audit log of an admin session', () => {
  it('holds every action of the session, in order, and nothing else', async () => {
    // Whole milliseconds: the filter's Unix seconds keep three decimals exactly.
    const startedAt = Date.now();
    const { user: admin } = await bed.admin.ok('GET', '/api/me');
    const { agents } = await bed.admin.ok('GET', '/api/agents');
    const agentId: string = agents.find((a: { name: string }) => a.name === HOST).id;
    const adminTarget = `user:${admin.id}`;
    const expected: Expected[] = [];
    const did = (action: string, target: string, outcome: 'ok' | 'denied' = 'ok') =>
      expected.push({ action, actorName: 'admin', target, outcome });

    // A wrong password, then the right one.
    await page.goto(`${bed.url}/login`);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the admin password');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await waitForText(page.getByRole('alert'), /wrong username or password/, { what: 'the refused login' });
    did('session.login', adminTarget, 'denied');
    await logIn(page, bed.url, 'admin', ADMIN_PASSWORD);
    did('session.login', adminTarget);

    // Stop, start and restart a container on the Containers page.
    await mainLink('Containers').click();
    await waitVisible(containerRow(), `${container.name}'s row`);
    const containerTarget = `${agentId}/${container.id}`;
    await containerAction('Stop', /exited/);
    did('container.stop', containerTarget);
    await containerAction('Start', /running/);
    did('container.start', containerTarget);
    await containerAction('Restart', /running/);
    did('container.restart', containerTarget);

    // A user without a role: added, granted the host and ungranted, reset, promoted, deleted.
    await mainLink('Users').click();
    await waitVisible(page.getByRole('heading', { name: 'Users', exact: true }), 'the Users heading');
    await page.getByRole('button', { name: 'Add user', exact: true }).click();
    const addDialog = page.getByRole('dialog', { name: 'Add a user' });
    await waitVisible(addDialog, 'the "Add a user" dialog');
    await addDialog.getByLabel('Username', { exact: true }).fill(USER);
    await addDialog.getByLabel('Password', { exact: true }).fill(`${USER} first password`);
    await addDialog.getByLabel('Role', { exact: true }).selectOption('none');
    await addDialog.getByRole('button', { name: 'Create user', exact: true }).click();
    await toast(new RegExp(`Added ${USER}`), 'the added toast');
    await waitVisible(userRow(USER), `${USER}'s row`);
    const { users } = await bed.admin.ok('GET', '/api/users');
    const userTarget = `user:${users.find((u: { username: string }) => u.username === USER).id}`;
    did('user.create', userTarget);

    const row = userRow(USER);
    await row
      .getByRole('combobox', { name: `Host to grant ${USER}`, exact: true })
      .selectOption({ label: HOST });
    await row
      .getByRole('combobox', { name: `Role on that host for ${USER}`, exact: true })
      .selectOption('viewer');
    await row.getByRole('button', { name: 'Grant', exact: true }).click();
    const granted = row.getByRole('list', { name: `Hosts granted to ${USER}` });
    await waitForText(granted, new RegExp(`${HOST}\\s*\\(viewer\\)`), { what: 'the grant in the row' });
    did('grant.set', userTarget);
    await row.getByRole('button', { name: `Remove ${HOST} from ${USER}`, exact: true }).click();
    await toast(new RegExp(`no longer has a grant on ${HOST}`), 'the ungranted toast');
    await waitFor(async () => (await granted.locator('li').count()) === 0, {
      timeoutMs: 10_000,
      what: 'the grant to leave the row',
    });
    did('grant.remove', userTarget);

    await row.getByRole('button', { name: `Reset password of ${USER}`, exact: true }).click();
    const resetDialog = page.getByRole('dialog', { name: `Reset the password of ${USER}` });
    await waitVisible(resetDialog, 'the reset dialog');
    await resetDialog.getByLabel('New password', { exact: true }).fill(`${USER} reset password`);
    await resetDialog.getByRole('button', { name: 'Set password', exact: true }).click();
    await toast(new RegExp(`New password set for ${USER}`), 'the reset toast');
    did('user.update', userTarget);

    await row.getByRole('combobox', { name: `Role of ${USER}`, exact: true }).selectOption('operator');
    await toast(new RegExp(`${USER} is now operator`), 'the new role toast');
    did('user.update', userTarget);

    await row.getByRole('button', { name: `Delete ${USER}`, exact: true }).click();
    const deleteDialog = page.getByRole('dialog', { name: `Delete ${USER}?` });
    await waitVisible(deleteDialog, 'the delete confirmation');
    await deleteDialog.getByRole('button', { name: `Yes, delete ${USER}`, exact: true }).click();
    await toast(new RegExp(`Deleted ${USER}`), 'the deleted toast');
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    did('user.delete', userTarget);

    // An API token for a script, made in the Tokens page's dialog and revoked there.
    await mainLink('Tokens').click();
    await waitVisible(page.getByRole('heading', { name: 'Tokens', exact: true }), 'the Tokens heading');
    await page.getByRole('button', { name: 'Create token', exact: true }).click();
    const tokenDialog = page.getByRole('dialog', { name: 'Create an API token' });
    await waitVisible(tokenDialog, 'the "Create an API token" dialog');
    await tokenDialog.getByLabel('Name', { exact: true }).fill('audit-nightly');
    await tokenDialog.getByRole('button', { name: 'Create token', exact: true }).click();
    await waitVisible(tokenDialog.getByLabel('API token', { exact: true }), 'the new token');
    await tokenDialog.getByRole('button', { name: 'Done', exact: true }).click();
    await tokenDialog.waitFor({ state: 'hidden', timeout: 10_000 });
    const apiTokenRow = tokenRow('Your API tokens', 'audit-nightly');
    await waitForText(apiTokenRow, /active/, { what: 'the new API token' });
    const apiTokenId = await apiTokenRow.getAttribute('data-token');
    did('api_token.create', `api_token:${apiTokenId}`);
    await revokeOnTokensPage(apiTokenRow, 'Revoke API token audit-nightly of admin');
    did('api_token.revoke', `api_token:${apiTokenId}`);

    // A join token from Hosts → Add host, revoked on the Tokens page before any host uses it.
    await mainLink('Hosts').click();
    await page.getByRole('button', { name: 'Add host', exact: true }).click();
    const hostDialog = page.getByRole('dialog', { name: 'Add a host' });
    await waitVisible(hostDialog, 'the "Add a host" dialog');
    await hostDialog.getByRole('textbox', { name: 'Host name' }).fill('never-joins');
    await hostDialog.getByRole('button', { name: 'Create join token', exact: true }).click();
    await waitVisible(page.getByLabel('Join command', { exact: true }), 'the join command');
    await hostDialog.getByRole('button', { name: 'Done', exact: true }).click();
    await hostDialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await mainLink('Tokens').click();
    const joinRow = tokenRow('Join tokens', 'never-joins');
    await waitForText(joinRow, /pending/, { what: 'the pending join token' });
    const joinTokenId = await joinRow.getAttribute('data-token');
    did('join_token.create', `join_token:${joinTokenId}`);
    await revokeOnTokensPage(joinRow, `Revoke join token ${joinTokenId}`);
    did('join_token.revoke', `join_token:${joinTokenId}`);

    // The admin's own password, on the Account page reached from their name in the header.
    await page.getByRole('link', { name: 'admin (admin)', exact: true }).click();
    await waitVisible(page.getByRole('heading', { name: 'Account', exact: true }), 'the Account heading');
    await page.getByLabel('Current password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_ADMIN_PASSWORD);
    await page.getByLabel('Repeat new password', { exact: true }).fill(NEW_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Change password', exact: true }).click();
    await toast(/Password changed/, 'the password changed toast');
    did('user.password', adminTarget);

    // Log out, and back in with the new password to read the log.
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await waitVisible(page.getByLabel('Username', { exact: true }), 'the login page');
    did('session.logout', adminTarget);
    await logIn(page, bed.url, 'admin', NEW_ADMIN_PASSWORD);
    did('session.login', adminTarget);

    const entries = await auditSince(startedAt);
    const seen = entries.map((entry) => ({
      action: entry.action,
      actorName: entry.actorName,
      target: entry.target,
      outcome: entry.outcome,
    }));
    expect(seen).toEqual(expected);
    // The refused login is the stranger's, under the name it tried; the rest are the admin's.
    expect(entries.map((entry) => entry.actor)).toEqual(
      expected.map((_, i) => (i === 0 ? 'anonymous' : adminTarget)),
    );
    expect(new Set(entries.map((entry) => entry.source))).toEqual(new Set(['127.0.0.1']));
  });
});
