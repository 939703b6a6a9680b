import { containerSummary, settle } from '@bosun/hub/testing';
import { type ContainerSummary, containerIdentity } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const COMPOSE = {
  'com.docker.compose.project': 'shop',
  'com.docker.compose.service': 'web',
  'com.docker.compose.container-number': '1',
};
const first = containerSummary('shop-web-1', { labels: COMPOSE, createdAt: 1_764_040_000 });
const second: ContainerSummary = {
  ...containerSummary('shop-web-1-new', { labels: COMPOSE, createdAt: 1_764_040_100 }),
  name: 'shop-web-1',
};

async function recreated() {
  const bed = new ApiTestBed();
  const agent = await bed.agent({ name: 'web-1', containers: [first] });
  const at = new Date(bed.clock.now()).toISOString();
  agent.push('container.event', { id: first.id, name: first.name, action: 'destroy', at });
  agent.push('container.event', {
    id: second.id,
    name: second.name,
    action: 'create',
    at,
    container: second,
  });
  await settle();
  return { bed, agent };
}

describe('GET /api/agents/:agent/generations', () => {
  it("lists an identity's containers oldest first, the removed one with its removal", async () => {
    const { bed, agent } = await recreated();
    const res = await bed.request('GET', '/api/agents/web-1/generations?identity=shop%2Fweb%231', {
      as: await bed.browser('viewer'),
    });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({
      agentId: agent.id,
      identity: 'shop/web#1',
      generations: [
        {
          generation: 1,
          containerId: first.id,
          name: 'shop-web-1',
          createdAt: 1_764_040_000_000,
          removedAt: bed.clock.now(),
        },
        {
          generation: 2,
          containerId: second.id,
          name: 'shop-web-1',
          createdAt: 1_764_040_100_000,
          removedAt: null,
        },
      ],
    });
  });

  it('finds the identity by a live container name or by a removed container id', async () => {
    const { bed } = await recreated();
    const as = await bed.browser('viewer');
    for (const ref of ['shop-web-1', first.id.slice(0, 12)]) {
      const res = await bed.request('GET', `/api/agents/web-1/generations?container=${ref}`, { as });
      const body = await readJson(res);
      expect(body.identity).toBe(containerIdentity(second).key);
      expect(body.generations).toHaveLength(2);
    }
  });

  it('answers 404 for a container it never saw, and 400 without exactly one of identity and container', async () => {
    const { bed } = await recreated();
    const as = await bed.browser('viewer');
    const refusals = [
      ['?container=nosuch', 404, 'not_found'],
      ['', 400, 'invalid_data'],
      ['?identity=a&container=b', 400, 'invalid_data'],
    ] as const;
    for (const [query, status, code] of refusals) {
      await expectError(
        await bed.request('GET', `/api/agents/web-1/generations${query}`, { as }),
        status,
        code,
      );
    }
  });

  it('answers an unknown identity with no generations', async () => {
    const { bed } = await recreated();
    const res = await bed.request('GET', '/api/agents/web-1/generations?identity=other', {
      as: await bed.browser('viewer'),
    });
    expect((await readJson(res)).generations).toEqual([]);
  });

  it('hides an agent the user has no grant on, as an unknown one', async () => {
    const { bed } = await recreated();
    const res = await bed.request('GET', '/api/agents/web-1/generations?identity=x', {
      as: await bed.browser('none'),
    });
    await expectError(res, 404, 'not_found');
  });
});
