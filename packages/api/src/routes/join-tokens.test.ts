import { DEFAULT_HUB_OPTIONS } from '@bosun/hub';
import { describe, expect, it } from 'vitest';
import { ApiTestBed, TEST_ORIGIN } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

describe('POST /api/join-tokens', () => {
  it('creates a token and the command to paste on the new host', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/join-tokens', {
      as: await bed.browser('admin'),
      body: { name: 'web-2', ttl: '1h' },
    });
    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body).toEqual({
      id: expect.stringMatching(/^jt_/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: bed.clock.now() + 3_600_000,
      command: `BOSUN_JOIN_TOKEN=${body.token} bosun agent --manager ${TEST_ORIGIN}`,
    });
  });

  it('names the public URL in the command when one is configured', async () => {
    const bed = new ApiTestBed({ publicUrl: 'https://bosun.example.com' });
    const res = await bed.request('POST', '/api/join-tokens', { as: await bed.script('admin') });
    expect((await readJson(res)).command).toMatch(/ bosun agent --manager https:\/\/bosun\.example\.com$/);
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/join-tokens', { as: await bed.browser('operator') });
    await expectError(res, 403, 'forbidden');
  });

  it('refuses a lifetime that is not a duration with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('POST', '/api/join-tokens', {
      as: await bed.browser('admin'),
      body: { ttl: 'soon' },
    });
    expect(await expectError(res, 400, 'invalid_data')).toBe(
      'body.ttl: expected a duration such as 30m, 1h or 7d',
    );
  });

  it('refuses a lifetime past the hub’s maximum with 400, naming it', async () => {
    const bed = new ApiTestBed();
    const tooLong = `${DEFAULT_HUB_OPTIONS.maxJoinTokenTtlMs / 60_000 + 1}m`;
    const res = await bed.request('POST', '/api/join-tokens', {
      as: await bed.browser('admin'),
      body: { ttl: tooLong },
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^ttl: a join token lives at most /);
  });

  it('limits how many one user creates', async () => {
    const bed = new ApiTestBed({ limits: { tokenCreatePerUser: 1 } });
    const admin = await bed.browser('admin');
    expect((await bed.request('POST', '/api/join-tokens', { as: admin })).status).toBe(201);
    await expectError(await bed.request('POST', '/api/join-tokens', { as: admin }), 429, 'rate_limited');
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('POST', '/api/join-tokens'), 401, 'unauthorized');
  });
});

// GET /api/join-tokens takes no input: there is no bad-input case.
describe('GET /api/join-tokens', () => {
  it('lists the tokens newest first, without their hashes', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    await bed.request('POST', '/api/join-tokens', { as: admin, body: { name: 'first' } });
    await bed.clock.advance(1000);
    await bed.request('POST', '/api/join-tokens', { as: admin });
    const res = await bed.request('GET', '/api/join-tokens', { as: admin });
    expect(res.status).toBe(200);
    const { tokens } = await readJson(res);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toEqual({
      id: expect.stringMatching(/^jt_/),
      name: 'first',
      createdBy: admin.user.id,
      createdAt: bed.clock.now() - 1000,
      expiresAt: expect.any(Number),
      usedAt: null,
      usedByAgent: null,
    });
    expect(tokens[0].createdAt).toBe(bed.clock.now());
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    await expectError(
      await bed.request('GET', '/api/join-tokens', { as: await bed.browser('operator') }),
      403,
      'forbidden',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/join-tokens'), 401, 'unauthorized');
  });
});
