import { containerSummary, settle } from '@bosun/hub/testing';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const web = containerSummary('web');
const db = containerSummary('db', { state: 'exited', status: 'Exited (0) 1 minute ago' });

async function fleet() {
  const bed = new ApiTestBed();
  const one = await bed.agent({ name: 'web-1', containers: [web] });
  const two = await bed.agent({ name: 'db-1', containers: [db] });
  return { bed, one, two };
}

describe('GET /api/containers', () => {
  it("lists every agent's containers with the agent's id and name", async () => {
    const { bed, one, two } = await fleet();
    const res = await bed.request('GET', '/api/containers', { as: await bed.browser('viewer') });
    expect(res.status).toBe(200);
    const { containers } = await readJson(res);
    expect(containers).toHaveLength(2);
    const identity = (key: string) => ({ key, kind: 'name' });
    expect(containers).toContainEqual({
      ...web,
      agentId: one.id,
      agentName: 'web-1',
      identity: identity('web'),
    });
    expect(containers).toContainEqual({
      ...db,
      agentId: two.id,
      agentName: 'db-1',
      identity: identity('db'),
    });
  });

  it('lists one agent’s containers when asked for', async () => {
    const { bed } = await fleet();
    const res = await bed.request('GET', '/api/containers?agent=db-1', { as: await bed.browser('viewer') });
    expect((await readJson(res)).containers.map((c: { name: string }) => c.name)).toEqual(['db']);
  });

  it('refuses an agent filter that cannot be an agent with 400', async () => {
    const { bed } = await fleet();
    const res = await bed.request('GET', '/api/containers?agent=no%20such', {
      as: await bed.browser('viewer'),
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^query\.agent: /);
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/containers'), 401, 'unauthorized');
  });
});

describe('GET /api/agents/:agent/containers/:container', () => {
  it("answers the agent's inspection of the container", async () => {
    const { bed, one } = await fleet();
    one.hold('container.inspect');
    const answer = bed.request('GET', '/api/agents/web-1/containers/web', {
      as: await bed.browser('viewer'),
    });
    await settle();
    const [request] = one.held;
    expect(request?.data).toEqual({ id: web.id });
    const details = { ...web, restartCount: 2, command: ['nginx', '-g', 'daemon off;'] };
    one.answer(request!, { container: details });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ container: details });
  });

  it('refuses a container reference that cannot be one with 400', async () => {
    const { bed } = await fleet();
    const res = await bed.request('GET', '/api/agents/web-1/containers/%24bad', {
      as: await bed.browser('viewer'),
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^container: /);
  });

  it('answers 404 for an unknown agent', async () => {
    const { bed } = await fleet();
    const res = await bed.request('GET', '/api/agents/nope/containers/web', {
      as: await bed.browser('viewer'),
    });
    await expectError(res, 404, 'not_found');
  });

  it('refuses a request without credentials with 401', async () => {
    const { bed } = await fleet();
    await expectError(await bed.request('GET', '/api/agents/web-1/containers/web'), 401, 'unauthorized');
  });
});

describe('POST /api/agents/:agent/containers/:container/:action', () => {
  it('runs the action on the agent and answers the new state', async () => {
    const { bed, one } = await fleet();
    const res = await bed.request('POST', '/api/agents/web-1/containers/web/stop', {
      as: await bed.browser('operator'),
      body: { timeoutSeconds: 5 },
    });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ id: web.id, state: 'exited' });
    expect(one.requests.at(-1)).toMatchObject({
      subject: 'container.stop',
      data: { id: web.id, timeoutSeconds: 5 },
    });
  });

  it('needs no body', async () => {
    const { bed } = await fleet();
    const res = await bed.request('POST', '/api/agents/db-1/containers/db/start', {
      as: await bed.script('operator'),
    });
    expect(await readJson(res)).toEqual({ id: db.id, state: 'running' });
  });

  it('refuses viewers with 403', async () => {
    const { bed, one } = await fleet();
    const res = await bed.request('POST', '/api/agents/web-1/containers/web/restart', {
      as: await bed.browser('viewer'),
    });
    expect(await expectError(res, 403, 'forbidden')).toBe('viewers cannot restart containers');
    expect(one.requests.map((r) => r.subject)).not.toContain('container.restart');
  });

  it('refuses an unknown action with 400', async () => {
    const { bed } = await fleet();
    const res = await bed.request('POST', '/api/agents/web-1/containers/web/pause', {
      as: await bed.browser('operator'),
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^action: /);
  });

  it('refuses a stop timeout past ten minutes with 400', async () => {
    const { bed } = await fleet();
    const res = await bed.request('POST', '/api/agents/web-1/containers/web/stop', {
      as: await bed.browser('operator'),
      body: { timeoutSeconds: 601 },
    });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^body\.timeoutSeconds: /);
  });

  it('refuses a request without credentials with 401', async () => {
    const { bed } = await fleet();
    await expectError(
      await bed.request('POST', '/api/agents/web-1/containers/web/stop'),
      401,
      'unauthorized',
    );
  });
});
