import { describe, expect, it } from 'vitest';
import { ApiTestBed, type TestClient } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';
import { TextStream } from '../testing/text-stream.ts';

const DAY = 86_400_000;

describe('POST /api/api-tokens', () => {
  it('creates a token, shown once, that authenticates as its owner', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('operator');
    const res = await bed.request('POST', '/api/api-tokens', {
      as: browser,
      body: { name: 'laptop', ttl: '7d' },
    });
    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body).toEqual({
      token: expect.stringMatching(/^bsn_[A-Za-z0-9_-]{43}$/),
      id: expect.stringMatching(/^tok_/),
      name: 'laptop',
      createdAt: bed.clock.now(),
      expiresAt: bed.clock.now() + 7 * DAY,
    });
    const me = await bed.request('GET', '/api/me', { headers: { authorization: `Bearer ${body.token}` } });
    expect((await readJson(me)).user.id).toBe(browser.user.id);
  });

  it('gives a token asked for without a lifetime the default one, after which it is refused', async () => {
    const bed = new ApiTestBed({ limits: { defaultApiTokenTtlMs: 90 * DAY } });
    const res = await bed.request('POST', '/api/api-tokens', {
      as: await bed.browser('viewer'),
      body: { name: 'forever?' },
    });
    const created = await readJson(res);
    expect(created.expiresAt).toBe(bed.clock.now() + 90 * DAY);
    const bearer = { headers: { authorization: `Bearer ${created.token}` } };
    await bed.clock.advance(90 * DAY - 1);
    expect((await bed.request('GET', '/api/me', bearer)).status).toBe(200);
    await bed.clock.advance(1);
    await expectError(await bed.request('GET', '/api/me', bearer), 401, 'unauthorized');
  });

  it('refuses a non-admin minting a token with a token, 403, and audits the refusal', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('operator');
    const res = await bed.request('POST', '/api/api-tokens', { as: script, body: { name: 'more' } });
    await expectError(res, 403, 'forbidden');
    expect(await bed.store.apiTokens.listForUser(script.user.id)).toHaveLength(1);
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'api_token.create', outcome: 'denied' });
  });

  it('lets an admin mint a token with a token, and anyone with a session', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.script('admin');
    expect((await bed.request('POST', '/api/api-tokens', { as: admin, body: { name: 'ci' } })).status).toBe(
      201,
    );
    const viewer = await bed.browser('viewer');
    expect((await bed.request('POST', '/api/api-tokens', { as: viewer, body: { name: 'ci' } })).status).toBe(
      201,
    );
  });

  it('audits the creation', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/api-tokens', {
      as: await bed.browser('viewer'),
      body: { name: 'laptop' },
    });
    const { id } = await readJson(res);
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'api_token.create', target: `api_token:${id}`, outcome: 'ok' });
  });

  it('refuses a name with control characters with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/api-tokens', {
      as: await bed.browser('viewer'),
      body: { name: 'a\u0007b' },
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^body\.name: /);
  });

  it('refuses a lifetime past the maximum with 400, naming it', async () => {
    const bed = new ApiTestBed({ limits: { maxApiTokenTtlMs: 7 * DAY } });
    const res = await bed.request('POST', '/api/api-tokens', {
      as: await bed.browser('viewer'),
      body: { name: 'ci', ttl: '8d' },
    });
    expect(await expectError(res, 400, 'invalid_data')).toBe('ttl: at most 1w');
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(
      await new ApiTestBed().request('POST', '/api/api-tokens', { body: { name: 'x' } }),
      401,
      'unauthorized',
    );
  });
});

// GET /api/api-tokens takes no input: there is no bad-input case.
describe('GET /api/api-tokens', () => {
  it("lists one's own tokens without their hashes", async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('viewer');
    await bed.script('viewer');
    const res = await bed.request('GET', '/api/api-tokens', { as: script });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      tokens: [
        {
          id: expect.stringMatching(/^tok_/),
          name: 'test',
          userId: script.user.id,
          username: script.user.username,
          createdAt: bed.clock.now(),
          expiresAt: null,
          lastUsedAt: bed.clock.now(),
          revokedAt: null,
          current: true,
        },
      ],
    });
  });

  it("lists every user's tokens to an admin with all=1, or one user's with user=", async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    const alice = await bed.script('viewer');
    const bob = await bed.script('operator');
    const all = await readJson(await bed.request('GET', '/api/api-tokens?all=1', { as: admin }));
    expect(all.tokens.map((t: { username: string }) => t.username)).toEqual([
      alice.user.username,
      bob.user.username,
    ]);
    expect(all.tokens.every((t: { current: boolean }) => !t.current)).toBe(true);
    const one = await readJson(
      await bed.request('GET', `/api/api-tokens?user=${bob.user.id}`, { as: admin }),
    );
    expect(one.tokens.map((t: { userId: string }) => t.userId)).toEqual([bob.user.id]);
  });

  it("refuses a non-admin asking for others' tokens with 403", async () => {
    const bed = new ApiTestBed();
    const operator = await bed.script('operator');
    await expectError(await bed.request('GET', '/api/api-tokens?all=1', { as: operator }), 403, 'forbidden');
    await expectError(
      await bed.request('GET', `/api/api-tokens?user=${operator.user.id}`, { as: operator }),
      403,
      'forbidden',
    );
  });

  it('refuses a malformed query with 400', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    await expectError(
      await bed.request('GET', '/api/api-tokens?all=yes', { as: admin }),
      400,
      'invalid_data',
    );
    await expectError(
      await bed.request('GET', '/api/api-tokens?all=1&user=usr_x', { as: admin }),
      400,
      'invalid_data',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/api-tokens'), 401, 'unauthorized');
  });
});

describe('DELETE /api/api-tokens/:id', () => {
  async function tokenIdOf(bed: ApiTestBed, userId: string): Promise<string> {
    const [token] = await bed.store.apiTokens.listForUser(userId);
    return token!.id;
  }

  it('revokes one of one’s own tokens, which stops working at once', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('viewer');
    const id = await tokenIdOf(bed, script.user.id);
    expect((await bed.request('DELETE', `/api/api-tokens/${id}`, { as: script })).status).toBe(204);
    await expectError(await bed.request('GET', '/api/me', { as: script }), 401, 'unauthorized');
  });

  it("answers 404 for someone else's token, unless asked by an admin", async () => {
    const bed = new ApiTestBed();
    const owner = await bed.script('viewer');
    const id = await tokenIdOf(bed, owner.user.id);
    await expectError(
      await bed.request('DELETE', `/api/api-tokens/${id}`, { as: await bed.browser('operator') }),
      404,
      'not_found',
    );
    expect(
      (await bed.request('DELETE', `/api/api-tokens/${id}`, { as: await bed.browser('admin') })).status,
    ).toBe(204);
  });

  it('refuses an id that cannot be one with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('DELETE', '/api/api-tokens/not!an!id', { as: await bed.browser('viewer') });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^id: /);
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('DELETE', '/api/api-tokens/tok_x'), 401, 'unauthorized');
  });
});

describe('POST /api/api-tokens/current/renew', () => {
  async function created(bed: ApiTestBed, ttl: string): Promise<TestClient> {
    const browser = await bed.browser('viewer');
    const res = await bed.request('POST', '/api/api-tokens', { as: browser, body: { name: 'cli-box', ttl } });
    return { user: browser.user, bearer: (await readJson(res)).token };
  }

  it('swaps the token for a new one of the same name and lifetime; the old one stops working', async () => {
    const bed = new ApiTestBed();
    const old = await created(bed, '30d');
    await bed.clock.advance(20 * DAY);
    let withdrawn = 0;
    bed.deps.credentialChanges.subscribe(() => withdrawn++);
    const res = await bed.request('POST', '/api/api-tokens/current/renew', { as: old });
    expect(res.status).toBe(201);
    // Live connections (log socket, events) re-check their credentials at once.
    expect(withdrawn).toBe(1);
    const renewed = await readJson(res);
    expect(renewed).toMatchObject({ name: 'cli-box', createdAt: bed.clock.now() });
    expect(renewed.expiresAt).toBe(bed.clock.now() + 30 * DAY);
    await expectError(await bed.request('GET', '/api/me', { as: old }), 401, 'unauthorized');
    const fresh = { user: old.user, bearer: renewed.token };
    expect((await bed.request('GET', '/api/me', { as: fresh })).status).toBe(200);
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'api_token.renew', outcome: 'ok' });
  });

  it('lets any role renew its own token, a viewer included', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('viewer');
    expect((await bed.request('POST', '/api/api-tokens/current/renew', { as: script })).status).toBe(201);
  });

  it('refuses a session, which has no token to renew, with 409', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/api-tokens/current/renew', {
      as: await bed.browser('admin'),
    });
    await expectError(res, 409, 'conflict');
  });

  it('refuses a revoked token with 401', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('viewer');
    await bed.request('POST', '/api/api-tokens/current/renew', { as: script });
    await expectError(
      await bed.request('POST', '/api/api-tokens/current/renew', { as: script }),
      401,
      'unauthorized',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(
      await new ApiTestBed().request('POST', '/api/api-tokens/current/renew'),
      401,
      'unauthorized',
    );
  });
});

describe('API tokens and password changes', () => {
  const NEW_PASSWORD = 'a brand new password';

  it('a password change ends the user’s tokens, and the live streams they hold', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const script = await bed.script(browser.user);
    const stream = new TextStream(await bed.request('GET', '/api/events', { as: script }));
    await stream.next();
    const res = await bed.request('PUT', '/api/me/password', {
      as: browser,
      body: { currentPassword: browser.user.password, newPassword: NEW_PASSWORD },
    });
    expect(res.status).toBe(204);
    await expectError(await bed.request('GET', '/api/me', { as: script }), 401, 'unauthorized');
    expect(await stream.next()).toBeUndefined();
  });

  it('keeps the tokens when the user asks to', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('viewer');
    const script = await bed.script(browser.user);
    await bed.request('PUT', '/api/me/password', {
      as: browser,
      body: { currentPassword: browser.user.password, newPassword: NEW_PASSWORD, keepTokens: true },
    });
    expect((await bed.request('GET', '/api/me', { as: script })).status).toBe(200);
  });

  it('a change made with a token keeps that token and ends the others', async () => {
    const bed = new ApiTestBed();
    const here = await bed.script('viewer');
    const other = await bed.script(here.user);
    await bed.request('PUT', '/api/me/password', {
      as: here,
      body: { currentPassword: here.user.password, newPassword: NEW_PASSWORD },
    });
    expect((await bed.request('GET', '/api/me', { as: here })).status).toBe(200);
    await expectError(await bed.request('GET', '/api/me', { as: other }), 401, 'unauthorized');
  });

  it("an admin's reset always ends the user's tokens", async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('operator');
    const res = await bed.request('PATCH', `/api/users/${script.user.id}`, {
      as: await bed.browser('admin'),
      body: { password: 'set by an admin' },
    });
    expect(res.status).toBe(200);
    await expectError(await bed.request('GET', '/api/me', { as: script }), 401, 'unauthorized');
  });

  it("a role change alone leaves the user's tokens", async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('operator');
    await bed.request('PATCH', `/api/users/${script.user.id}`, {
      as: await bed.browser('admin'),
      body: { role: 'viewer' },
    });
    expect((await bed.request('GET', '/api/me', { as: script })).status).toBe(200);
  });
});
