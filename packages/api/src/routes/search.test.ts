import { containerSummary, MemoryLogStore } from '@bosun/hub/testing';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';
import { storedLine, storeLines, streamMeta } from '../testing/stored-lines.ts';

const api = containerSummary('api');
const db = containerSummary('db');

// Two hosts: web-1's api logs a reset at seqs 2 and 4, web-2's db at seq 5, the newest.
async function fleet() {
  const logStore = new MemoryLogStore();
  const bed = new ApiTestBed({ logStore });
  const web1 = await bed.agent({ name: 'web-1', containers: [api] });
  const web2 = await bed.agent({ name: 'web-2', containers: [db] });
  await storeLines(logStore, streamMeta(web1.id, 'web-1', api), [
    storedLine(1, 'GET / 200'),
    storedLine(2, 'connection reset by peer', 'stderr'),
    storedLine(3, 'GET / 200'),
    storedLine(4, 'ERROR connection reset again', 'stderr'),
  ]);
  await storeLines(logStore, streamMeta(web2.id, 'web-2', db), [
    storedLine(1, 'ready'),
    storedLine(5, 'Connection Reset while writing'),
  ]);
  return { bed, web1, web2 };
}

type Hit = { hostName: string; containerName: string; line: { seq: number; text: string } };
const hitsOf = (body: { hits: Hit[] }) =>
  body.hits.map((h) => `${h.hostName}/${h.containerName}#${h.line.seq}`);

describe('GET /api/search', () => {
  it('finds the newest hits across hosts with names and counts', async () => {
    const { bed } = await fleet();
    const res = await bed.request('GET', '/api/search?q=connection%20reset', {
      as: await bed.browser('viewer'),
    });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(hitsOf(body)).toEqual(['web-2/db#5', 'web-1/api#4', 'web-1/api#2']);
    expect(
      body.counts.map((c: { containerName: string; count: number }) => [c.containerName, c.count]).sort(),
    ).toEqual([
      ['api', 2],
      ['db', 1],
    ]);
    expect(body).toMatchObject({ complete: true, countsComplete: true, limited: false });
  });

  it('narrows by host, container, stream, level and case', async () => {
    const { bed } = await fleet();
    const as = await bed.browser('viewer');
    const ask = async (query: string) =>
      hitsOf(await readJson(await bed.request('GET', `/api/search?${query}`, { as })));
    expect(await ask('q=reset&hosts=web-2')).toEqual(['web-2/db#5']);
    expect(await ask('q=reset&containers=api')).toEqual(['web-1/api#4', 'web-1/api#2']);
    expect(await ask('q=reset&levels=error')).toEqual(['web-1/api#4']);
    expect(await ask('q=reset&streams=stdout')).toEqual(['web-2/db#5']);
    expect(await ask('q=Reset&caseSensitive=true')).toEqual(['web-2/db#5']);
  });

  it('says when the limit cut the hits', async () => {
    const { bed } = await fleet();
    const body = await readJson(
      await bed.request('GET', '/api/search?q=reset&limit=2', { as: await bed.browser('viewer') }),
    );
    expect(hitsOf(body)).toEqual(['web-2/db#5', 'web-1/api#4']);
    expect(body.limited).toBe(true);
  });

  it('shows a user granted one host only that host, and another host as unknown', async () => {
    const { bed, web1 } = await fleet();
    const admin = await bed.browser('admin');
    const ann = await bed.user('none');
    await bed.request('PUT', `/api/users/${ann.id}/grants/${web1.id}`, {
      as: admin,
      body: { role: 'viewer' },
    });
    const as = await bed.browser(ann);
    expect(hitsOf(await readJson(await bed.request('GET', '/api/search?q=reset', { as })))).toEqual([
      'web-1/api#4',
      'web-1/api#2',
    ]);
    await expectError(await bed.request('GET', '/api/search?q=reset&hosts=web-2', { as }), 404, 'not_found');
    const streams = await readJson(await bed.request('GET', '/api/stored-streams', { as }));
    expect(streams.streams.map((s: { hostName: string }) => s.hostName)).toEqual(['web-1']);
    await expectError(
      await bed.request('GET', '/api/stored-logs?agent=web-2&container=db', { as }),
      404,
      'not_found',
    );
  });

  it('gives a user without grants no hits', async () => {
    const { bed } = await fleet();
    const body = await readJson(
      await bed.request('GET', '/api/search?q=reset', { as: await bed.browser('none') }),
    );
    expect(body.hits).toEqual([]);
  });

  it('runs a regex within a bounded range only', async () => {
    const { bed } = await fleet();
    const as = await bed.browser('viewer');
    const body = await readJson(
      await bed.request('GET', '/api/search?q=reset%20(by%7Cagain)&regex=1&since=2h', { as }),
    );
    expect(hitsOf(body)).toEqual(['web-1/api#4', 'web-1/api#2']);
    expect(body.indexed).toBe(false);
    const noRange = await expectError(
      await bed.request('GET', '/api/search?q=re.et&regex=1', { as }),
      400,
      'invalid_data',
    );
    expect(noRange).toContain('needs a time range');
    await expectError(
      await bed.request('GET', '/api/search?q=re.et&regex=1&since=8d', { as }),
      400,
      'invalid_data',
    );
    await expectError(await bed.request('GET', '/api/search?q=ab&since=30d', { as }), 400, 'invalid_data');
  });

  it('refuses a search with nothing to match, a limit past the maximum, and an unknown container', async () => {
    const { bed } = await fleet();
    const as = await bed.browser('viewer');
    const refusals = [
      ['since=1h', 400, 'invalid_data'],
      ['q=reset&limit=1001', 400, 'invalid_data'],
      ['q=reset&containers=nope', 404, 'not_found'],
    ] as const;
    for (const [query, status, code] of refusals) {
      await expectError(await bed.request('GET', `/api/search?${query}`, { as }), status, code);
    }
  });
});
