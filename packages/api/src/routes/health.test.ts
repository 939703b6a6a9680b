import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { readJson } from '../testing/read-json.ts';
import { healthRoutes } from './health.ts';

// /healthz takes no credentials and no input: there is nothing to refuse.
describe('GET /healthz', () => {
  it('answers ok without credentials while the store works', async () => {
    const res = await new ApiTestBed().request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ status: 'ok', store: { ok: true } });
  });

  it('answers 503 degraded, with why and since when, while the store fails, and ok once it works', async () => {
    const bed = new ApiTestBed();
    bed.storeHealth.fail("the manager's database is full", 1_764_000_000_000);
    const res = await bed.request('GET', '/healthz');
    expect(res.status).toBe(503);
    expect(await readJson(res)).toEqual({
      status: 'degraded',
      store: { ok: false, error: "the manager's database is full", since: 1_764_000_000_000 },
    });
    bed.storeHealth.recover();
    expect((await bed.request('GET', '/healthz')).status).toBe(200);
  });

  it('answers 503 starting until the runtime says it is ready, then ok', async () => {
    let ready = false;
    const app = healthRoutes({
      storeHealth: { state: () => ({ ok: true, errorsTotal: 0 }) },
      ready: () => ready,
    });
    const starting = await app.request('/healthz');
    expect(starting.status).toBe(503);
    expect(await readJson(starting)).toEqual({ status: 'starting', store: { ok: true } });
    ready = true;
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
