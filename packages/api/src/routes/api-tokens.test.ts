import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

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
      expiresAt: bed.clock.now() + 7 * DAY,
    });
    const me = await bed.request('GET', '/api/me', { headers: { authorization: `Bearer ${body.token}` } });
    expect((await readJson(me)).user.id).toBe(browser.user.id);
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
          createdAt: bed.clock.now(),
          expiresAt: null,
          lastUsedAt: bed.clock.now(),
          revokedAt: null,
        },
      ],
    });
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
