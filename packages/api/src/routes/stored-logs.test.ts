import { containerSummary, MemoryLogStore } from '@bosun/hub/testing';
import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';
import { storedLine, storeLines, streamMeta } from '../testing/stored-lines.ts';

const live = containerSummary('api');
const gone = containerSummary('worker');

async function bedWithStore() {
  const logStore = new MemoryLogStore();
  const bed = new ApiTestBed({ logStore });
  const agent = await bed.agent({ name: 'web-1', containers: [live] });
  const lines = Array.from({ length: 10 }, (_, i) =>
    storedLine(i + 1, `line ${i + 1}`, i % 2 ? 'stderr' : 'stdout'),
  );
  await storeLines(logStore, streamMeta(agent.id, 'web-1', live), lines);
  await storeLines(logStore, streamMeta(agent.id, 'web-1', gone), [storedLine(1, 'bye')]);
  return { bed, agent, logStore, lines };
}

const seqs = (body: { entries: Array<{ seq?: number }> }) => body.entries.map((e) => e.seq);

/** The seqs a viewer reads from web-1's api with `query` added to the stored-logs request. */
async function viewerReads(query: string): Promise<Array<number | undefined>> {
  const { bed } = await bedWithStore();
  const res = await bed.request('GET', `/api/stored-logs?agent=web-1&container=api&${query}`, {
    as: await bed.browser('viewer'),
  });
  return seqs(await readJson(res));
}

describe('GET /api/stored-streams', () => {
  it('lists every stored stream, the removed container marked', async () => {
    const { bed, agent } = await bedWithStore();
    const res = await bed.request('GET', '/api/stored-streams', { as: await bed.browser('viewer') });
    expect(res.status).toBe(200);
    const { streams } = await readJson(res);
    const named = (name: string) => streams.find((s: { containerName: string }) => s.containerName === name);
    expect(named('worker')).toMatchObject({ removed: true, lines: 1 });
    expect(named('api')).toMatchObject({
      agentId: agent.id,
      hostName: 'web-1',
      lines: 10,
      lastSeq: 10,
      removed: false,
    });
  });

  it('answers not_found with a reason when the manager keeps no log store', async () => {
    const bed = new ApiTestBed();
    const message = await expectError(
      await bed.request('GET', '/api/stored-streams', { as: await bed.browser('admin') }),
      404,
      'not_found',
    );
    expect(message).toContain('no log store');
  });
});

describe('GET /api/stored-logs', () => {
  it('pages a stream oldest first, newer then older by the cursors', async () => {
    const { bed } = await bedWithStore();
    const as = await bed.browser('viewer');
    const first = await readJson(
      await bed.request('GET', '/api/stored-logs?agent=web-1&container=api&limit=4', { as }),
    );
    expect(seqs(first)).toEqual([1, 2, 3, 4]);
    expect(first.older).toBeNull();
    const second = await readJson(
      await bed.request('GET', `/api/stored-logs?agent=web-1&container=api&limit=4&afterSeq=${first.newer}`, {
        as,
      }),
    );
    expect(seqs(second)).toEqual([5, 6, 7, 8]);
    const back = await readJson(
      await bed.request(
        'GET',
        `/api/stored-logs?agent=web-1&container=api&limit=2&direction=older&beforeSeq=${second.older}`,
        { as },
      ),
    );
    expect(seqs(back)).toEqual([3, 4]);
  });

  it('reads the newest lines before until with direction=older, lines exactly as stored', async () => {
    const { bed, lines } = await bedWithStore();
    const res = await bed.request(
      'GET',
      `/api/stored-logs?agent=web-1&container=api&direction=older&limit=3&until=${lines[9]!.ts}`,
      { as: await bed.browser('viewer') },
    );
    const body = await readJson(res);
    expect(body.entries).toEqual(lines.slice(6, 9));
    expect(body.newer).toBeNull();
  });

  it('gives a line in context with aroundSeq', async () => {
    expect(await viewerReads('aroundSeq=5&before=2&after=2')).toEqual([3, 4, 5, 6, 7]);
  });

  it('narrows by the filter fields', async () => {
    expect(await viewerReads('streams=stderr&pattern=line')).toEqual([2, 4, 6, 8, 10]);
  });

  it("reads a removed container by its old name and by its id's prefix", async () => {
    const { bed } = await bedWithStore();
    const as = await bed.browser('viewer');
    for (const ref of ['worker', gone.id.slice(0, 12)]) {
      const body = await readJson(
        await bed.request('GET', `/api/stored-logs?agent=web-1&container=${ref}`, { as }),
      );
      expect(body.entries.map((e: { text: string }) => e.text)).toEqual(['bye']);
      expect(body.stream.removed).toBe(true);
    }
  });

  it('refuses a limit past the maximum and before without aroundSeq', async () => {
    const { bed } = await bedWithStore();
    const as = await bed.browser('viewer');
    for (const refused of ['limit=5001', 'before=3']) {
      await expectError(
        await bed.request('GET', `/api/stored-logs?agent=web-1&container=api&${refused}`, { as }),
        400,
        'invalid_data',
      );
    }
  });
});
