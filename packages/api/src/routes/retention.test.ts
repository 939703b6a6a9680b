import { containerSummary, MemoryLogStore, settle } from '@bosun/hub/testing';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const kept = containerSummary('kept', { labels: { 'bosun.retain': 'true' } });
const plain = containerSummary('plain');

/** A bed whose hub keeps logs, with one agent running a labelled and an unlabelled container. */
async function keepingBed() {
  const bed = new ApiTestBed({ logStore: new MemoryLogStore() });
  const agent = await bed.agent({ name: 'web-1', containers: [kept, plain] });
  await settle();
  return { bed, agent, admin: await bed.browser('admin') };
}

describe('GET /api/agents/:agent/retention', () => {
  it("shows a host without a policy of its own following the manager's", async () => {
    const { bed, agent, admin } = await keepingBed();
    const res = await bed.request('GET', '/api/agents/web-1/retention', { as: admin });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      agentId: agent.id,
      policy: null,
      managerPolicy: 'labelled',
      effective: 'labelled',
      updatedAt: null,
    });
  });

  it('answers 404 on a manager that keeps no logs, and for an unknown agent', async () => {
    const plainBed = new ApiTestBed();
    await plainBed.agent({ name: 'web-1' });
    const admin = await plainBed.browser('admin');
    await expectError(
      await plainBed.request('GET', '/api/agents/web-1/retention', { as: admin }),
      404,
      'not_found',
    );
    const { bed, admin: keeper } = await keepingBed();
    await expectError(
      await bed.request('GET', '/api/agents/nope/retention', { as: keeper }),
      404,
      'not_found',
    );
  });
});

describe('PUT /api/agents/:agent/retention', () => {
  it("sets the host's own policy, applied at once and audited", async () => {
    const { bed, agent, admin } = await keepingBed();
    const res = await bed.request('PUT', '/api/agents/web-1/retention', {
      as: admin,
      body: { policy: 'all' },
    });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ agentId: agent.id, policy: 'all', effective: 'all' });
    await settle();
    // Under `all` the unlabelled container is followed for the store too.
    expect(agent.startRequests.map((start) => start.container).sort()).toEqual([kept.id, plain.id].sort());
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      action: 'agent.retention',
      target: `agent:${agent.id}`,
      outcome: 'ok',
      detail: JSON.stringify({ policy: 'all' }),
    });
    const shown = await readJson(await bed.request('GET', '/api/agents/web-1/retention', { as: admin }));
    expect(shown).toMatchObject({ policy: 'all', managerPolicy: 'labelled', updatedAt: expect.any(Number) });
  });

  it('refuses a policy that is none of all, labelled and none, and a body with more, with 400', async () => {
    const { bed, admin } = await keepingBed();
    const path = '/api/agents/web-1/retention';
    await expectError(
      await bed.request('PUT', path, { as: admin, body: { policy: 'some' } }),
      400,
      'invalid_data',
    );
    await expectError(
      await bed.request('PUT', path, { as: admin, body: { policy: 'all', extra: 1 } }),
      400,
      'invalid_data',
    );
    await expectError(await bed.request('PUT', path, { as: admin, body: '{' }), 400, 'bad_json');
  });

  it('refuses operators with 403 and audits the refusal', async () => {
    const { bed } = await keepingBed();
    const res = await bed.request('PUT', '/api/agents/web-1/retention', {
      as: await bed.script('operator'),
      body: { policy: 'none' },
    });
    expect(await expectError(res, 403, 'forbidden')).toBe('admins only');
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'agent.retention', outcome: 'denied' });
  });
});

describe('DELETE /api/agents/:agent/retention', () => {
  it("removes the host's own policy: 204, then 404 as there is none", async () => {
    const { bed, admin } = await keepingBed();
    const path = '/api/agents/web-1/retention';
    await bed.request('PUT', path, { as: admin, body: { policy: 'none' } });
    expect((await bed.request('DELETE', path, { as: admin })).status).toBe(204);
    expect(await readJson(await bed.request('GET', path, { as: admin }))).toMatchObject({
      policy: null,
      effective: 'labelled',
    });
    await expectError(await bed.request('DELETE', path, { as: admin }), 404, 'not_found');
  });

  it('refuses viewers with 403', async () => {
    const { bed } = await keepingBed();
    const res = await bed.request('DELETE', '/api/agents/web-1/retention', {
      as: await bed.browser('viewer'),
    });
    await expectError(res, 403, 'forbidden');
  });
});
