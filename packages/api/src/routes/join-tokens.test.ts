import { DEFAULT_HUB_OPTIONS, sha256Hex } from '@bosun/hub';
import { BOSUN_VERSION } from '@bosun/protocol';
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
      commands: {
        container: expect.stringContaining(`-e BOSUN_JOIN_TOKEN=${body.token} bosun-agent:${BOSUN_VERSION}`),
        native: `curl -fsSL ${TEST_ORIGIN}/install.sh | BOSUN_JOIN_TOKEN=${body.token} sh`,
      },
    });
    expect(body.commands.container).toMatch(/ \|\| docker pull /);
  });

  it('runs the configured agent image and loads it from the manager when it hands it out', async () => {
    const bed = new ApiTestBed({
      agentImage: { name: 'registry.example.com/bosun-agent:9', served: async () => true },
    });
    const res = await bed.request('POST', '/api/join-tokens', { as: await bed.script('admin') });
    const { commands } = await readJson(res);
    expect(commands.container).toMatch(
      /^\(docker image inspect registry\.example\.com\/bosun-agent:9 >\/dev\/null 2>&1 \|\| curl -fsSL \S+\/download\/bosun-agent-image \| docker load\) && /,
    );
    expect(commands.container).toMatch(/ registry\.example\.com\/bosun-agent:9; \}$/);
  });

  it('names the public URL in the command when one is configured', async () => {
    const bed = new ApiTestBed({ publicUrl: 'https://bosun.example.com' });
    const res = await bed.request('POST', '/api/join-tokens', { as: await bed.script('admin') });
    const body = await readJson(res);
    expect(body.command).toMatch(/ bosun agent --manager https:\/\/bosun\.example\.com$/);
    expect(body.commands.native).toMatch(/^curl -fsSL https:\/\/bosun\.example\.com\/install\.sh \| /);
    expect(body.commands.container).toContain(' -e BOSUN_MANAGER=https://bosun.example.com ');
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
      revokedAt: null,
      state: 'pending',
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

describe('DELETE /api/join-tokens/:id', () => {
  async function created(bed: ApiTestBed, ttl = '1h') {
    const admin = await bed.browser('admin');
    const res = await bed.request('POST', '/api/join-tokens', { as: admin, body: { ttl } });
    const { id, token } = await readJson(res);
    return { admin, id: id as string, token: token as string };
  }

  it('revokes an unused token: no host can join with it, and it lists as revoked', async () => {
    const bed = new ApiTestBed();
    const { admin, id, token } = await created(bed);
    expect((await bed.request('DELETE', `/api/join-tokens/${id}`, { as: admin })).status).toBe(204);
    expect(
      await bed.store.joinTokens.consume(await sha256Hex(token), bed.clock.now(), 'agt_x'),
    ).toBeUndefined();
    const { tokens } = await readJson(await bed.request('GET', '/api/join-tokens', { as: admin }));
    expect(tokens[0]).toMatchObject({ id, state: 'revoked', revokedAt: bed.clock.now() });
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'join_token.revoke', target: `join_token:${id}`, outcome: 'ok' });
  });

  it('answers 204 again for a token already revoked', async () => {
    const bed = new ApiTestBed();
    const { admin, id } = await created(bed);
    await bed.request('DELETE', `/api/join-tokens/${id}`, { as: admin });
    expect((await bed.request('DELETE', `/api/join-tokens/${id}`, { as: admin })).status).toBe(204);
  });

  it('refuses a used token with 409: its agent is what to revoke', async () => {
    const bed = new ApiTestBed();
    const { admin, id, token } = await created(bed);
    await bed.store.joinTokens.consume(await sha256Hex(token), bed.clock.now(), 'agt_x');
    await expectError(await bed.request('DELETE', `/api/join-tokens/${id}`, { as: admin }), 409, 'conflict');
  });

  it('lists an unused token past its expiry as expired', async () => {
    const bed = new ApiTestBed();
    const { admin } = await created(bed, '1h');
    await bed.clock.advance(3_600_000);
    const { tokens } = await readJson(await bed.request('GET', '/api/join-tokens', { as: admin }));
    expect(tokens[0].state).toBe('expired');
  });

  it('answers 404 for an unknown token', async () => {
    const bed = new ApiTestBed();
    await expectError(
      await bed.request('DELETE', '/api/join-tokens/jt_ghost', { as: await bed.browser('admin') }),
      404,
      'not_found',
    );
  });

  it('refuses an id that cannot be one with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('DELETE', '/api/join-tokens/not!an!id', { as: await bed.browser('admin') });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^id: /);
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    const { id } = await created(bed);
    await expectError(
      await bed.request('DELETE', `/api/join-tokens/${id}`, { as: await bed.browser('operator') }),
      403,
      'forbidden',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('DELETE', '/api/join-tokens/jt_x'), 401, 'unauthorized');
  });
});
