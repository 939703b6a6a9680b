import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

async function bedWithEntries(count: number) {
  const bed = new ApiTestBed();
  for (let i = 0; i < count; i++) {
    await bed.store.audit.append({
      at: bed.clock.now() + i,
      actor: 'system',
      action: `test.${i}`,
      target: 'test',
      outcome: 'ok',
      detail: i === 0 ? '{"n":0}' : null,
    });
  }
  return bed;
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
      action: 'test.0',
      target: 'test',
      outcome: 'ok',
      detail: { n: 0 },
    });
  });

  it('pages back in time with limit and before', async () => {
    const bed = await bedWithEntries(3);
    const admin = await bed.browser('admin');
    const first = await readJson(await bed.request('GET', '/api/audit?limit=2', { as: admin }));
    const oldest = first.entries.at(-1).id;
    const next = await readJson(
      await bed.request('GET', `/api/audit?limit=2&before=${oldest}`, { as: admin }),
    );
    expect(next.entries.map((e: { action: string }) => e.action)).toEqual(['test.0']);
  });

  it('refuses operators with 403', async () => {
    const bed = new ApiTestBed();
    await expectError(
      await bed.request('GET', '/api/audit', { as: await bed.browser('operator') }),
      403,
      'forbidden',
    );
  });

  it('refuses a limit of 0 with 400', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/api/audit?limit=0', { as: await bed.browser('admin') });
    expect(await expectError(res, 400, 'invalid_data')).toMatch(/^query\.limit: /);
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/audit'), 401, 'unauthorized');
  });
});
