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
import { waitFor } from '../kit/index.ts';
import { ApiClient } from '../kit/test-manager.ts';
import { useWebBed } from '../kit/web-bed.ts';

// Users through the browser: an admin adds, changes, resets and deletes a user on the Users page;
// a user, in a browser of their own, finds no Users page and changes their own password on the
// Account page. Each test makes the user it needs through the API.

const bed = useWebBed({ agentName: 'users-01' });
let page: Page;
// Users' own browsers, each opened by the test that needs it.
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

function userRow(username: string): Locator {
  return page.getByRole('table', { name: 'Users' }).locator(`tr[data-user="${username}"]`);
}

function roleSelect(username: string): Locator {
  return userRow(username).getByRole('combobox', { name: `Role of ${username}`, exact: true });
}

function mainLink(on: Page, name: string): Locator {
  return on.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

async function apiUser(username: string): Promise<{ id: string; role: string } | undefined> {
  const { users } = await bed.admin.ok('GET', '/api/users');
  return users.find((u: { username: string }) => u.username === username);
}

async function canLogIn(username: string, password: string): Promise<boolean> {
  const answer = await new ApiClient(bed.url).call('POST', '/api/login', { username, password });
  return answer.status === 200;
}

async function waitForToast(on: Page, expected: RegExp, what: string): Promise<void> {
  await waitForText(on.getByRole('status'), expected, { what });
}

/** A user made through the API, with the password `<username> password`. */
async function newUser(username: string, role: 'operator' | 'viewer'): Promise<string> {
  return (await bed.admin.newUser(username, role)).id;
}

/** The admin's page on the Users page, with `username`'s row in it when one is named. */
async function openUsersPage(username?: string): Promise<void> {
  await page.goto(`${bed.url}/users`);
  await waitVisible(page.getByRole('heading', { name: 'Users', exact: true }), 'the Users heading');
  if (username !== undefined) await waitVisible(userRow(username), `${username}'s row`);
}

/** A browser of the user's own, logged in as them. */
async function ownBrowser(username: string, password: string): Promise<Page> {
  const browser = await launchBrowser();
  theirs.push(browser);
  await logIn(browser.page, bed.url, username, password);
  return browser.page;
}

describe('the Users page (admin)', () => {
  it('is linked for the admin, and the admin cannot delete or demote themself there', async () => {
    await page.goto(`${bed.url}/`);
    await mainLink(page, 'Users').click();
    await waitVisible(page.getByRole('heading', { name: 'Users', exact: true }), 'the Users heading');
    expect(new URL(page.url()).pathname).toBe('/users');
    await waitVisible(userRow('admin'), "the admin's own row");
    const ownDelete = userRow('admin').getByRole('button', { name: 'Delete admin', exact: true });
    expect(await ownDelete.isDisabled()).toBe(true);
    expect(await ownDelete.getAttribute('title')).toMatch(/cannot delete yourself/i);
    expect(await roleSelect('admin').isDisabled()).toBe(true);
    expect(await roleSelect('admin').getAttribute('title')).toMatch(/cannot change your own role/i);
  });

  it('adds an operator; a taken name is refused with a readable message', async () => {
    const user = 'olive';
    const firstPassword = 'olive first password';
    await openUsersPage();
    await page.getByRole('button', { name: 'Add user', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await waitVisible(dialog, 'the "Add a user" dialog');
    // The manager refuses a name in use; the dialog says so and stays open.
    await dialog.getByLabel('Username', { exact: true }).fill('Admin');
    await dialog.getByLabel('Password', { exact: true }).fill(firstPassword);
    await dialog.getByRole('button', { name: 'Create user', exact: true }).click();
    await waitForText(dialog.getByRole('alert'), /already taken/i, { what: 'the "name taken" message' });

    await dialog.getByLabel('Username', { exact: true }).fill(user);
    await dialog.getByLabel('Role', { exact: true }).selectOption('operator');
    await dialog.getByRole('button', { name: 'Create user', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await waitForToast(page, new RegExp(`Added ${user}`), 'a toast about the new user');
    await waitVisible(userRow(user), `${user}'s row`);
    expect(await roleSelect(user).inputValue()).toBe('operator');
    expect(await apiUser(user)).toMatchObject({ role: 'operator' });
    expect(await canLogIn(user, firstPassword)).toBe(true);
  });

  it("changes an operator's role to viewer as soon as it is picked", async () => {
    const user = 'oscar';
    await newUser(user, 'operator');
    await openUsersPage(user);
    await roleSelect(user).selectOption('viewer');
    await waitForToast(page, new RegExp(`${user} is now viewer`), 'a toast about the new role');
    await waitFor(async () => (await apiUser(user))?.role === 'viewer', {
      timeoutMs: 10_000,
      what: `the manager to hold ${user} as a viewer`,
    });
    expect(await roleSelect(user).inputValue()).toBe('viewer');
  });

  it("resets a user's password", async () => {
    const user = 'rita';
    const resetPassword = 'rita reset password';
    await newUser(user, 'viewer');
    await openUsersPage(user);
    await userRow(user)
      .getByRole('button', { name: `Reset password of ${user}`, exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: `Reset the password of ${user}` });
    await waitVisible(dialog, 'the reset dialog');
    // Too short: the form says so before asking the manager.
    await dialog.getByLabel('New password', { exact: true }).fill('short');
    await dialog.getByRole('button', { name: 'Set password', exact: true }).click();
    await waitForText(dialog.getByRole('alert'), /at least 8 characters/i, { what: 'the length rule' });
    await dialog.getByLabel('New password', { exact: true }).fill(resetPassword);
    await dialog.getByRole('button', { name: 'Set password', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await waitForToast(page, new RegExp(`New password set for ${user}`), 'a toast about the reset');
    await waitFor(async () => !(await canLogIn(user, `${user} password`)), {
      timeoutMs: 10_000,
      what: 'the first password to stop working',
    });
    expect(await canLogIn(user, resetPassword)).toBe(true);
  });
});

describe("the user's own browser", () => {
  it('a viewer finds no Users link, and /users says it is for admins', async () => {
    await newUser('vince', 'viewer');
    const mine = await ownBrowser('vince', 'vince password');
    await waitVisible(mainLink(mine, 'Containers'), 'the Containers link');
    expect(await mainLink(mine, 'Hosts').count()).toBe(1);
    expect(await mainLink(mine, 'Users').count(), 'no Users link for a viewer').toBe(0);

    await mine.goto(`${bed.url}/users`);
    await waitVisible(
      mine.getByRole('heading', { name: 'Admins only', exact: true }),
      'the admins-only page',
    );
    expect(await mine.getByRole('table', { name: 'Users' }).count()).toBe(0);
    expect(await mine.getByRole('button', { name: 'Add user', exact: true }).count()).toBe(0);
  });

  it('changes their own password on the Account page, reached from their name in the header', async () => {
    const user = 'paula';
    const firstPassword = 'paula password';
    const ownPassword = 'paula own password';
    await newUser(user, 'viewer');
    const mine = await ownBrowser(user, firstPassword);
    await mine.getByRole('link', { name: `${user} (viewer)`, exact: true }).click();
    await waitVisible(mine.getByRole('heading', { name: 'Account', exact: true }), 'the Account heading');
    expect(new URL(mine.url()).pathname).toBe('/account');
    expect(await mine.locator('[data-field="username"]').textContent()).toBe(user);
    expect(await mine.locator('[data-field="role"]').textContent()).toMatch(/^viewer\b/);

    const current = mine.getByLabel('Current password', { exact: true });
    const next = mine.getByLabel('New password', { exact: true });
    const repeat = mine.getByLabel('Repeat new password', { exact: true });
    const submit = mine.getByRole('button', { name: 'Change password', exact: true });

    // The two new ones differ: the form says so and sends nothing.
    await current.fill(firstPassword);
    await next.fill(ownPassword);
    await repeat.fill(`${ownPassword}!`);
    await waitForText(mine.locator('.field-error'), /do not match/i, { what: 'the mismatch message' });
    await submit.click();
    await waitForText(mine.getByRole('alert'), /do not match/i, { what: 'the refused submit' });
    expect(await canLogIn(user, firstPassword)).toBe(true);

    // A wrong current password is the manager's message, and the user stays logged in.
    await current.fill('not my password');
    await repeat.fill(ownPassword);
    await submit.click();
    await waitForText(mine.getByRole('alert'), /current password is wrong/i, {
      what: "the manager's message about the current password",
    });
    expect(new URL(mine.url()).pathname).toBe('/account');
    expect(await mine.getByRole('button', { name: 'Log out', exact: true }).count()).toBe(1);

    await current.fill(firstPassword);
    await submit.click();
    await waitForToast(mine, /Password changed/, 'the success toast');
    expect(await current.inputValue(), 'the form is cleared').toBe('');
    // This session goes on after the change.
    expect(new URL(mine.url()).pathname).toBe('/account');
    await mainLink(mine, 'Hosts').click();
    await waitVisible(mine.getByRole('heading', { name: 'Hosts', exact: true }), 'the Hosts page');

    await mine.getByRole('button', { name: 'Log out', exact: true }).click();
    await waitVisible(mine.getByLabel('Username', { exact: true }), 'the login page');
    expect(await canLogIn(user, firstPassword)).toBe(false);
    await logIn(mine, bed.url, user, ownPassword);
  });
});

describe('deleting the user (admin)', () => {
  it('asks first, naming the user; Cancel keeps them, confirming deletes them and ends their session', async () => {
    const user = 'dora';
    await newUser(user, 'viewer');
    const mine = await ownBrowser(user, `${user} password`);
    await openUsersPage(user);
    const deleteButton = userRow(user).getByRole('button', { name: `Delete ${user}`, exact: true });
    const dialog = page.getByRole('dialog', { name: `Delete ${user}?` });
    await deleteButton.click();
    await waitVisible(dialog, 'the delete confirmation');
    expect(await dialog.textContent()).toContain(user);
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await apiUser(user)).toBeDefined();

    await deleteButton.click();
    await waitVisible(dialog, 'the delete confirmation again');
    await dialog.getByRole('button', { name: `Yes, delete ${user}`, exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await waitForToast(page, new RegExp(`Deleted ${user}`), 'a toast about the deletion');
    await userRow(user).waitFor({ state: 'detached', timeout: 10_000 });
    expect(await apiUser(user)).toBeUndefined();
    // Their open page learns at once that the session is gone.
    await waitForText(mine.getByRole('alert'), /session has expired/i, {
      what: "the deleted user's page to say the session has expired",
    });
  });
});
