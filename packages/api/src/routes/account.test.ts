import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError } from '../testing/read-json.ts';

const NEW_PASSWORD = 'a brand new password';

describe('PUT /api/me/password', () => {
  it('changes the password: 204, and the new one verifies', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const res = await bed.request('PUT', '/api/me/password', {
      as: browser,
      body: { currentPassword: browser.user.password, newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(204);
    const stored = await bed.store.users.byId(browser.user.id);
    expect(await bed.passwords.verify(NEW_PASSWORD, stored?.passwordHash)).toBe(true);
  });

  it("ends the user's other sessions but keeps the one that made the change", async () => {
    const bed = new ApiTestBed();
    const here = await bed.browser('viewer');
    const elsewhere = await bed.browser(here.user);
    await bed.request('PUT', '/api/me/password', {
      as: here,
      body: { currentPassword: here.user.password, newPassword: NEW_PASSWORD },
    });
    expect((await bed.request('GET', '/api/me', { as: here })).status).toBe(200);
    await expectError(await bed.request('GET', '/api/me', { as: elsewhere }), 401, 'unauthorized');
  });

  it('refuses a wrong current password with 400, not 401', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const res = await bed.request('PUT', '/api/me/password', {
      as: browser,
      body: { currentPassword: 'not it at all', newPassword: NEW_PASSWORD },
    });
    expect(await expectError(res, 400, 'invalid_data')).toBe('current password is wrong');
  });

  it('refuses a new password that is too short with 400', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const res = await bed.request('PUT', '/api/me/password', {
      as: browser,
      body: { currentPassword: browser.user.password, newPassword: 'short' },
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^body\.newPassword: /);
  });

  it('refuses a request without credentials with 401', async () => {
    const res = await new ApiTestBed().request('PUT', '/api/me/password', {
      body: { currentPassword: 'whatever it is', newPassword: NEW_PASSWORD },
    });
    await expectError(res, 401, 'unauthorized');
  });

  it('refuses a cookie-authenticated change from another site', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const res = await bed.request('PUT', '/api/me/password', {
      as: browser,
      origin: 'https://evil.example',
      body: { currentPassword: browser.user.password, newPassword: NEW_PASSWORD },
    });
    await expectError(res, 403, 'forbidden');
  });

  it('slows down guesses of the current password', async () => {
    const bed = new ApiTestBed({ limits: { passwordFailuresPerUser: 1 } });
    const browser = await bed.browser('viewer');
    const guess = { currentPassword: 'guess one', newPassword: NEW_PASSWORD };
    await expectError(
      await bed.request('PUT', '/api/me/password', { as: browser, body: guess }),
      400,
      'invalid_data',
    );
    await expectError(
      await bed.request('PUT', '/api/me/password', { as: browser, body: guess }),
      429,
      'rate_limited',
    );
  });
});
