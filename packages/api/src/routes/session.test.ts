import { describe, expect, it } from 'vitest';
import { ApiTestBed, TEST_ORIGIN } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const SESSION_COOKIE_PATTERN =
  /^bosun_session=([A-Za-z0-9_-]{43}); Path=\/; HttpOnly; SameSite=Strict; Max-Age=2592000$/;

async function login(bed: ApiTestBed, username: string, password: string, options = {}) {
  return bed.request('POST', '/api/login', { body: { username, password }, origin: TEST_ORIGIN, ...options });
}

describe('POST /api/login', () => {
  it('answers the user and sets the session cookie', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('operator', { username: 'ops' });
    const res = await login(bed, 'ops', user.password);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      user: { id: user.id, username: 'ops', role: 'operator', createdAt: bed.clock.now(), grants: [] },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(SESSION_COOKIE_PATTERN);
    const me = await bed.request('GET', '/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect((await readJson(me)).user.username).toBe('ops');
  });

  it('refuses a wrong password and an unknown user alike, with 401', async () => {
    const bed = new ApiTestBed();
    await bed.user('viewer', { username: 'vera' });
    const wrong = await expectError(await login(bed, 'vera', 'not her password'), 401, 'unauthorized');
    const unknown = await expectError(await login(bed, 'nobody', 'not her password'), 401, 'unauthorized');
    expect(wrong).toBe(unknown);
  });

  it('refuses a body without a password with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/login', { body: { username: 'vera' } });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^body\.password: /);
  });

  it('refuses a login sent from another site', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    await expectError(
      await login(bed, user.username, user.password, { origin: 'https://evil.example' }),
      403,
      'forbidden',
    );
  });

  it('marks the cookie Secure when the client came over https', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    const res = await login(bed, user.username, user.password, {
      origin: 'https://manager.test',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.headers.get('set-cookie')).toContain('; Secure;');
  });

  // The login's rate limits have their own file: login-limits.test.ts.

  it('re-hashes a password stored with older parameters', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    bed.passwords.raiseParameters();
    expect((await login(bed, user.username, user.password)).status).toBe(200);
    const stored = await bed.store.users.byId(user.id);
    expect(bed.passwords.needsRehash(stored!.passwordHash)).toBe(false);
  });

  it('audits a refused and a successful login', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    await login(bed, user.username, 'wrong password');
    await login(bed, user.username, user.password);
    const entries = await bed.store.audit.list({ limit: 10 });
    expect(entries.map((e) => [e.action, e.outcome, e.target])).toEqual([
      ['session.login', 'ok', `user:${user.id}`],
      ['session.login', 'denied', `user:${user.id}`],
    ]);
  });
});

describe('POST /api/logout', () => {
  it('ends the session and clears the cookie', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const res = await bed.request('POST', '/api/logout', { as: browser });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toBe(
      'bosun_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    );
    await expectError(await bed.request('GET', '/api/me', { as: browser }), 401, 'unauthorized');
  });

  it('audits the end of a live session, and nothing for a cookie of none', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    await bed.request('POST', '/api/logout', { as: browser });
    await bed.request('POST', '/api/logout', { as: browser });
    const entries = await bed.store.audit.list({ actionPrefix: 'session.', limit: 10 });
    expect(entries.map((e) => [e.action, e.outcome, e.target, e.actorName])).toEqual([
      ['session.logout', 'ok', `user:${browser.user.id}`, browser.user.username],
    ]);
  });

  // Logging out is idempotent: without a session there is nothing to refuse.
  it('answers 204 without a session too', async () => {
    const res = await new ApiTestBed().request('POST', '/api/logout');
    expect(res.status).toBe(204);
  });

  it('refuses a logout sent from another site, keeping the session', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const res = await bed.request('POST', '/api/logout', { as: browser, origin: 'https://evil.example' });
    await expectError(res, 403, 'forbidden');
    expect((await bed.request('GET', '/api/me', { as: browser })).status).toBe(200);
  });
});

// /api/me takes no input: there is no bad-input case.
describe('GET /api/me', () => {
  it('answers the logged-in user without the password hash', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('admin');
    const res = await bed.request('GET', '/api/me', { as: browser });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      user: {
        id: browser.user.id,
        username: browser.user.username,
        role: 'admin',
        createdAt: bed.clock.now(),
        grants: [],
      },
    });
  });

  it('knows the holder of an API token', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('operator');
    expect((await readJson(await bed.request('GET', '/api/me', { as: script }))).user.role).toBe('operator');
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/me'), 401, 'unauthorized');
  });

  it('refuses a bearer token that is not a valid API token', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/api/me', { headers: { authorization: 'Bearer bsn_nope' } });
    await expectError(res, 401, 'unauthorized');
  });
});
