import type { AuditRecord } from '@bosun/hub';
import { auditEntryViewSchema } from '@bosun/protocol';
import { parseExact } from '@bosun/protocol/testing';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';
import { TEST_CLIENT_ADDRESS } from '../testing/test-connection.ts';

function row(overrides: Partial<Omit<AuditRecord, 'id'>>): Omit<AuditRecord, 'id'> {
  return {
    at: 0,
    actor: 'system',
    actorName: null,
    action: 'test',
    target: 'test',
    outcome: 'ok',
    detail: null,
    source: null,
    ...overrides,
  };
}

async function bedWithEntries(count: number) {
  const bed = new ApiTestBed();
  for (let i = 0; i < count; i++) {
    await bed.store.audit.append(
      row({ at: bed.clock.now() + i, action: `test.${i}`, detail: i === 0 ? '{"n":0}' : null }),
    );
  }
  return bed;
}

type Entry = { action: string; id: number; at: number };

async function exported(res: Response): Promise<Entry[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  const lines = (await res.text()).split('\n').filter((line) => line !== '');
  return lines.map((line, i) => parseExact(auditEntryViewSchema, JSON.parse(line), `line ${i}`) as Entry);
}

describe('GET /api/audit', () => {
  it('lists entries newest first, details parsed', async () => {
    const bed = await bedWithEntries(2);
    const res = await bed.request('GET', '/api/audit', { as: await bed.browser('admin') });
    expect(res.status).toBe(200);
    const { entries } = await readJson(res);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['test.1', 'test.0']);
    expect(entries[1]).toEqual({
      id: expect.any(Number),
      at: bed.clock.now(),
      actor: 'system',
      actorName: null,
      action: 'test.0',
      target: 'test',
      outcome: 'ok',
      detail: { n: 0 },
      source: null,
    });
  });

  it('pages back in time with limit and the cursor it answers', async () => {
    const bed = await bedWithEntries(3);
    const admin = await bed.browser('admin');
    const first = await readJson(await bed.request('GET', '/api/audit?limit=2', { as: admin }));
    expect(first.next).toBe(first.entries.at(-1).id);
    const next = await readJson(
      await bed.request('GET', `/api/audit?limit=2&before=${first.next}`, { as: admin }),
    );
    expect(next.entries.map((e: { action: string }) => e.action)).toEqual(['test.0']);
    expect(next.next).toBeUndefined();
  });

  it('filters by time, user, action prefix, target, outcome and source', async () => {
    const bed = new ApiTestBed();
    const now = bed.clock.now();
    await bed.store.audit.append(row({ at: now - 7_200_000, action: 'container.stop' }));
    await bed.store.audit.append(
      row({ at: now - 60_000, action: 'container.start', actor: 'user:u1', actorName: 'Ann' }),
    );
    await bed.store.audit.append(
      row({ at: now - 30_000, action: 'user.create', target: 'user:u2', outcome: 'denied' }),
    );
    await bed.store.audit.append(row({ at: now, action: 'container.restart', source: '198.51.100.7' }));
    const admin = await bed.browser('admin');
    const actions = async (query: string) => {
      const res = await bed.request('GET', `/api/audit?${query}`, { as: admin });
      return (await readJson(res)).entries.map((e: Entry) => e.action);
    };
    expect(await actions('since=1h&action=container.')).toEqual(['container.restart', 'container.start']);
    expect(await actions(`until=${(now - 3_600_000) / 1000}`)).toEqual(['container.stop']);
    expect(await actions('user=ann')).toEqual(['container.start']);
    expect(await actions('target=user:u2')).toEqual(['user.create']);
    expect(await actions('outcome=denied')).toEqual(['user.create']);
    expect(await actions('source=198.51.100.7')).toEqual(['container.restart']);
    expect(await actions(`since=${new Date(now - 45_000).toISOString()}`)).toEqual([
      'container.restart',
      'user.create',
    ]);
  });

  it('refuses a time it cannot read, an unknown outcome and a limit of 0 with 400', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    const bad = async (query: string) =>
      expectError(await bed.request('GET', `/api/audit?${query}`, { as: admin }), 400, 'invalid_data');
    expect(await bad('since=yesterday')).toMatch(/^query\.since: /);
    expect(await bad('outcome=maybe')).toMatch(/^query\.outcome: /);
    expect(await bad('limit=0')).toMatch(/^query\.limit: /);
  });

  it('records who did what from where: a user action carries the username and the client address', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    const res = await bed.request('POST', '/api/users', {
      as: admin,
      body: { username: 'newbie', password: 'a long enough password', role: 'viewer' },
      connection: { address: '203.0.113.5' },
    });
    expect(res.status).toBe(201);
    const { entries } = await readJson(
      await bed.request('GET', '/api/audit?action=user.create', { as: admin }),
    );
    expect(entries[0]).toMatchObject({
      actor: `user:${admin.user.id}`,
      actorName: admin.user.username,
      outcome: 'ok',
      source: '203.0.113.5',
    });
  });

  it('records a failed login of an unknown user under the name tried, sanitised and cut', async () => {
    const bed = new ApiTestBed();
    const tried = `evil\u001b[2J${'x'.repeat(100)}`;
    const res = await bed.request('POST', '/api/login', {
      body: { username: tried, password: 'whatever it is' },
    });
    expect(res.status).toBe(401);
    const [entry] = await bed.store.audit.list({ limit: 1 });
    expect(entry).toMatchObject({
      actor: 'anonymous',
      action: 'session.login',
      target: 'user:?',
      outcome: 'denied',
      source: TEST_CLIENT_ADDRESS,
    });
    expect(entry?.actorName).toBe(`evil?[2J${'x'.repeat(56)}`);
  });

  it('keeps the rows bounded however many refusals a viewer sends', async () => {
    const bed = new ApiTestBed();
    const viewer = await bed.browser('viewer');
    const agent = await bed.agent();
    for (let i = 0; i < 3_000; i++) {
      const path = i % 2 === 0 ? '/api/audit' : `/api/agents/${agent.id}/containers/web/stop`;
      const res = await bed.request(i % 2 === 0 ? 'GET' : 'POST', path, { as: viewer });
      expect(res.status).toBe(403);
    }
    const denied = await bed.store.audit.list({ limit: 10_000, outcome: 'denied' });
    // Ten of each kind of refusal a minute; the rest wait for the summary at the window's end.
    expect(denied.map((e) => e.action).sort()).toEqual([
      ...Array<string>(10).fill('audit.list'),
      ...Array<string>(10).fill('container.stop'),
    ]);
    await bed.clock.advance(60_000);
    const summaries = await bed.store.audit.list({ limit: 10, outcome: 'denied' });
    expect(
      summaries
        .slice(0, 2)
        .map((e) => [e.action, e.actorName, e.source, JSON.parse(e.detail ?? '{}').suppressed]),
    ).toEqual(
      expect.arrayContaining([
        ['audit.list', viewer.user.username, TEST_CLIENT_ADDRESS, 1_490],
        ['container.stop', viewer.user.username, TEST_CLIENT_ADDRESS, 1_490],
      ]),
    );
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    await expectError(
      await bed.request('GET', '/api/audit', { as: await bed.browser('operator') }),
      403,
      'forbidden',
    );
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/audit'), 401, 'unauthorized');
  });
});

describe('GET /api/audit/export', () => {
  it('streams every matching entry as NDJSON, newest first, past one page', async () => {
    const bed = new ApiTestBed();
    for (let i = 0; i < 2_500; i++) {
      await bed.store.audit.append(row({ at: i, action: i % 2 === 0 ? 'container.stop' : 'session.login' }));
    }
    const admin = await bed.browser('admin');
    const all = await exported(await bed.request('GET', '/api/audit/export', { as: admin }));
    expect(all).toHaveLength(2_500);
    expect(all[0]?.at).toBe(2_499);
    expect(all.at(-1)?.at).toBe(0);
    const stops = await exported(
      await bed.request('GET', '/api/audit/export?action=container.', { as: admin }),
    );
    expect(stops).toHaveLength(1_250);
    expect(new Set(stops.map((e) => e.action))).toEqual(new Set(['container.stop']));
  });

  it('offers the file as a download and refuses operators', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/api/audit/export', { as: await bed.browser('admin') });
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bosun-audit\.ndjson"$/);
    expect(await exported(res)).toEqual([]);
    await expectError(
      await bed.request('GET', '/api/audit/export', { as: await bed.browser('operator') }),
      403,
      'forbidden',
    );
  });
});
