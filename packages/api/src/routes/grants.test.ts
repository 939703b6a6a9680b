import { containerSummary, settle } from '@bosun/hub/testing';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';
import { TextStream } from '../testing/text-stream.ts';

async function bedWithHosts() {
  const bed = new ApiTestBed();
  const a = await bed.agent({ name: 'host-a', containers: [containerSummary('web')] });
  const b = await bed.agent({ name: 'host-b', containers: [containerSummary('db')] });
  const admin = await bed.browser('admin');
  return { bed, a, b, admin };
}

describe('PUT /api/users/:id/grants/:agentId', () => {
  it('gives the user a role on one host and answers the user with its grants', async () => {
    const { bed, a, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    const res = await bed.request('PUT', `/api/users/${ann.id}/grants/${a.id}`, {
      as: admin,
      body: { role: 'viewer' },
    });
    expect(res.status).toBe(200);
    expect((await readJson(res)).user.grants).toEqual([
      { agentId: a.id, agentName: 'host-a', role: 'viewer' },
    ]);
  });

  it('changes the role of a grant already there', async () => {
    const { bed, a, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    const path = `/api/users/${ann.id}/grants/${a.id}`;
    await bed.request('PUT', path, { as: admin, body: { role: 'viewer' } });
    const res = await bed.request('PUT', path, { as: admin, body: { role: 'operator' } });
    expect((await readJson(res)).user.grants).toEqual([
      { agentId: a.id, agentName: 'host-a', role: 'operator' },
    ]);
  });

  it('audits grant.set', async () => {
    const { bed, a, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    await bed.request('PUT', `/api/users/${ann.id}/grants/${a.id}`, { as: admin, body: { role: 'viewer' } });
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      actor: `user:${admin.user.id}`,
      action: 'grant.set',
      target: `user:${ann.id}`,
    });
    expect(JSON.parse(entry?.detail ?? '{}')).toEqual({ agent: a.id, agentName: 'host-a', role: 'viewer' });
  });

  it('answers 404 for an unknown user or agent', async () => {
    const { bed, a, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    const body = { role: 'viewer' };
    await expectError(
      await bed.request('PUT', `/api/users/usr_ghost/grants/${a.id}`, { as: admin, body }),
      404,
      'not_found',
    );
    await expectError(
      await bed.request('PUT', `/api/users/${ann.id}/grants/agt_ghost`, { as: admin, body }),
      404,
      'not_found',
    );
  });

  it('refuses a role a grant cannot give, and bad ids, with 400', async () => {
    const { bed, a, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    for (const role of ['admin', 'none', 'root']) {
      const res = await bed.request('PUT', `/api/users/${ann.id}/grants/${a.id}`, {
        as: admin,
        body: { role },
      });
      expect(await expectError(res, 400, 'invalid_data')).toMatch(/^body\.role: /);
    }
    const res = await bed.request('PUT', `/api/users/${ann.id}/grants/no%20such`, {
      as: admin,
      body: { role: 'viewer' },
    });
    await expectError(res, 400, 'invalid_data');
  });

  it('refuses everyone but admins with 403, audited', async () => {
    const { bed, a } = await bedWithHosts();
    const ann = await bed.user('none');
    const operator = await bed.browser('operator');
    const res = await bed.request('PUT', `/api/users/${ann.id}/grants/${a.id}`, {
      as: operator,
      body: { role: 'viewer' },
    });
    await expectError(res, 403, 'forbidden');
    expect((await bed.store.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'grant.set',
      outcome: 'denied',
    });
  });

  it('refuses a request without credentials with 401', async () => {
    const { bed, a } = await bedWithHosts();
    await expectError(
      await bed.request('PUT', `/api/users/usr_x/grants/${a.id}`, { body: { role: 'viewer' } }),
      401,
      'unauthorized',
    );
  });
});

describe('DELETE /api/users/:id/grants/:agentId', () => {
  it('takes the grant back, audited, and a second time answers 404', async () => {
    const { bed, a, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    const path = `/api/users/${ann.id}/grants/${a.id}`;
    await bed.request('PUT', path, { as: admin, body: { role: 'viewer' } });
    expect((await bed.request('DELETE', path, { as: admin })).status).toBe(204);
    expect(await bed.store.grants.listForUser(ann.id)).toEqual([]);
    expect((await bed.store.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'grant.remove',
      outcome: 'ok',
    });
    await expectError(await bed.request('DELETE', path, { as: admin }), 404, 'not_found');
  });

  it('refuses everyone but admins with 403', async () => {
    const { bed, a } = await bedWithHosts();
    const res = await bed.request('DELETE', `/api/users/usr_x/grants/${a.id}`, {
      as: await bed.browser('viewer'),
    });
    await expectError(res, 403, 'forbidden');
  });
});

describe('a user granted one host', () => {
  async function granted(role: 'viewer' | 'operator' = 'viewer') {
    const { bed, a, b, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    await bed.request('PUT', `/api/users/${ann.id}/grants/${a.id}`, { as: admin, body: { role } });
    return { bed, a, b, admin, ann: await bed.browser(ann) };
  }

  it('lists only that host and its containers', async () => {
    const { bed, a, ann } = await granted();
    const agents = (await readJson(await bed.request('GET', '/api/agents', { as: ann }))).agents;
    expect(agents.map((agent: { id: string }) => agent.id)).toEqual([a.id]);
    const containers = (await readJson(await bed.request('GET', '/api/containers', { as: ann }))).containers;
    expect(containers.map((c: { name: string; agentName: string }) => `${c.agentName}/${c.name}`)).toEqual([
      'host-a/web',
    ]);
  });

  it('finds the other host nowhere, by name or id, exactly as an unknown one', async () => {
    const { bed, b, ann } = await granted();
    for (const ref of ['host-b', b.id]) {
      const unknown = ref === 'host-b' ? 'host-zz' : 'agt_unknown0000';
      for (const path of [
        `/api/containers?agent=${ref}`,
        `/api/agents/${ref}/containers/db`,
        `/api/logs?agent=${ref}&container=db`,
      ]) {
        const hidden = await expectError(await bed.request('GET', path, { as: ann }), 404, 'not_found');
        const missing = await expectError(
          await bed.request('GET', path.replace(ref, unknown), { as: ann }),
          404,
          'not_found',
        );
        expect(hidden).toBe(missing.replace(unknown, ref));
      }
    }
  });

  it('shows /api/me with its grants', async () => {
    const { bed, a, ann } = await granted();
    const { user } = await readJson(await bed.request('GET', '/api/me', { as: ann }));
    expect(user).toMatchObject({
      role: 'none',
      grants: [{ agentId: a.id, agentName: 'host-a', role: 'viewer' }],
    });
  });

  it('counts only that host in /api/status', async () => {
    const { bed, ann } = await granted();
    const status = await readJson(await bed.request('GET', '/api/status', { as: ann }));
    expect(status.agents).toEqual({ online: 1, total: 1, outdated: 0 });
  });

  it('controls containers of that host as an operator there only', async () => {
    const { bed, b, ann } = await granted('operator');
    const ok = await bed.request('POST', '/api/agents/host-a/containers/web/restart', { as: ann });
    expect(ok.status).toBe(200);
    const hidden = await bed.request('POST', `/api/agents/${b.id}/containers/db/restart`, { as: ann });
    await expectError(hidden, 404, 'not_found');
  });

  it('may not control containers of a host it only views', async () => {
    const { bed, ann } = await granted('viewer');
    const res = await bed.request('POST', '/api/agents/host-a/containers/web/stop', { as: ann });
    await expectError(res, 403, 'forbidden');
  });

  it('sees nothing once the grant is taken back, and nothing at all without one', async () => {
    const { bed, a, admin, ann } = await granted();
    await bed.request('DELETE', `/api/users/${ann.user.id}/grants/${a.id}`, { as: admin });
    expect((await readJson(await bed.request('GET', '/api/agents', { as: ann }))).agents).toEqual([]);
    expect((await readJson(await bed.request('GET', '/api/containers', { as: ann }))).containers).toEqual([]);
  });

  it('loses its grants when the host is revoked', async () => {
    const { bed, a, admin, ann } = await granted();
    expect((await bed.request('DELETE', `/api/agents/${a.id}`, { as: admin })).status).toBe(204);
    expect(await bed.store.grants.listForUser(ann.user.id)).toEqual([]);
  });
});

describe('GET /api/events for a user granted one host', () => {
  it("carries only that host's events, a hidden host's removal included", async () => {
    const { bed, a, b, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    await bed.request('PUT', `/api/users/${ann.id}/grants/${a.id}`, { as: admin, body: { role: 'viewer' } });
    const stream = new TextStream(await bed.request('GET', '/api/events', { as: await bed.browser(ann) }));
    await stream.next();
    b.disconnect();
    await bed.request('DELETE', `/api/agents/${b.id}`, { as: admin });
    a.disconnect();
    const seen = await stream.until(a.id);
    expect(seen).toContain('"agent.offline"');
    expect(seen).not.toContain(b.id);
    expect(seen).not.toContain('host-b');
  });

  it('takes a grant given while the stream is open at once', async () => {
    const { bed, b, admin } = await bedWithHosts();
    const ann = await bed.user('none');
    const stream = new TextStream(await bed.request('GET', '/api/events', { as: await bed.browser(ann) }));
    await stream.next();
    await bed.request('PUT', `/api/users/${ann.id}/grants/${b.id}`, { as: admin, body: { role: 'viewer' } });
    // The stream reads the user's rights again on its own, a few turns after the change.
    await settle();
    b.disconnect();
    expect(await stream.until(b.id)).toContain('"agent.offline"');
  });
});
