import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { readJson } from '../testing/read-json.ts';

// /healthz takes no credentials and no input: there is nothing to refuse.
describe('GET /healthz', () => {
  it('answers ok without credentials', async () => {
    const res = await new ApiTestBed().request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ ok: true });
  });
});
