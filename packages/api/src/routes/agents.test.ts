import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

// GET /api/agents takes no input: there is no bad-input case.
describe('GET /api/agents', () => {
  it('lists the agents with their host, Docker status and container counts', async () => {
    const bed = new ApiTestBed();
    const agent = await bed.agent({ name: 'web-1' });
    const res = await bed.request('GET', '/api/agents', { as: await bed.browser('viewer') });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      agents: [
        expect.objectContaining({
          id: agent.id,
          name: 'web-1',
          online: true,
          host: expect.objectContaining({ hostname: expect.any(String) }),
          docker: { available: true },
          containers: { total: 0, byState: {} },
        }),
      ],
    });
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/agents'), 401, 'unauthorized');
  });
});

describe('DELETE /api/agents/:agent', () => {
  it('revokes the agent by name: 204, and it is no longer listed', async () => {
    const bed = new ApiTestBed();
    await bed.agent({ name: 'web-1' });
    const admin = await bed.browser('admin');
    expect((await bed.request('DELETE', '/api/agents/web-1', { as: admin })).status).toBe(204);
    expect(await readJson(await bed.request('GET', '/api/agents', { as: admin }))).toEqual({ agents: [] });
  });

  it('refuses operators with 403 and audits the refusal', async () => {
    const bed = new ApiTestBed();
    await bed.agent({ name: 'web-1' });
    const res = await bed.request('DELETE', '/api/agents/web-1', { as: await bed.browser('operator') });
    expect(await expectError(res, 403, 'forbidden')).toBe('admins only');
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'agent.revoke', outcome: 'denied' });
  });

  it('refuses a reference that cannot be an agent with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('DELETE', '/api/agents/web%201', { as: await bed.browser('admin') });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^agent: /);
  });

  it('answers 404 for an unknown agent', async () => {
    const bed = new ApiTestBed();
    await expectError(
      await bed.request('DELETE', '/api/agents/nope', { as: await bed.browser('admin') }),
      404,
      'not_found',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('DELETE', '/api/agents/web-1'), 401, 'unauthorized');
  });
});
