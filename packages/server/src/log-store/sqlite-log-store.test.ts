import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogStreamMeta } from '@bosun/hub';
import { describeLogStoreContract } from '@bosun/hub/testing';
import type { LogLine, LogLineFilter } from '@bosun/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteLogStore } from './sqlite-log-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'bosun-log-store-'));
let opened = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeLogStoreContract('SqliteLogStore', (options) => {
  opened += 1;
  return openSqliteLogStore(
    join(dir, `logs-${opened}.db`),
    options.retention ?? { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 },
    options.queueBytes === undefined ? {} : { queueBytes: options.queueBytes },
  );
});

const NO_BOUND = { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 0 };

function meta(containerId: string): LogStreamMeta {
  return {
    agentId: 'a1',
    containerId,
    identity: `a1/${containerId}`,
    hostName: 'h',
    containerName: containerId,
    image: 'busybox',
    labels: {},
    createdAt: null,
  };
}

function lines(from: number, count: number, text: (seq: number) => string): LogLine[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'line',
    seq: from + i,
    ts: new Date(Date.UTC(2026, 0, 1) + (from + i) * 1000).toISOString(),
    stream: 'stdout',
    text: text(from + i),
  }));
}

describe('SqliteLogStore', () => {
  it('keeps lines, streams and cursors across a reopen', async () => {
    const path = join(dir, 'reopen.db');
    const first = openSqliteLogStore(path, NO_BOUND);
    first.append(
      meta('c1'),
      lines(0, 5, (seq) => `line ${seq}`),
    );
    await first.close();
    const second = openSqliteLogStore(path, NO_BOUND);
    expect((await second.resumeCursor({ agentId: 'a1', containerId: 'c1' }))?.seq).toBe(4);
    second.append(
      meta('c1'),
      lines(3, 5, (seq) => `line ${seq}`),
    );
    await second.flush();
    const page = await second.read({ agentId: 'a1', containerId: 'c1', order: 'oldest', limit: 100 });
    expect(page.entries.map((e) => (e.kind === 'line' ? e.seq : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await second.streams()).map((s) => s.containerId)).toEqual(['c1']);
    await second.close();
  });

  it('says which searches the trigram index answered', async () => {
    const store = openSqliteLogStore(join(dir, 'indexed.db'), NO_BOUND);
    store.append(
      meta('c1'),
      lines(0, 3, (seq) => `GET /x status=50${seq} \u00c9t\u00e9`),
    );
    await store.flush();
    const search = (filter: LogLineFilter) => store.search({ filter, limit: 10 });
    expect(await search({ pattern: 'status=501' })).toMatchObject({
      indexed: true,
      hits: [{ line: { seq: 1 } }],
    });
    expect(await search({ pattern: 'STATUS=50', caseSensitive: true })).toMatchObject({
      indexed: true,
      hits: [],
    });
    expect(await search({ pattern: '50' })).toMatchObject({ indexed: false, complete: true });
    expect(await search({ pattern: 'status=50\\d', regex: true })).toMatchObject({ indexed: false });
    expect((await search({ pattern: '\u00e9T\u00c9' })).hits).toHaveLength(3);
    await store.close();
  });

  it('stops a short-pattern scan at the rows it examined, and resumes from there', async () => {
    // 1 KiB partitions and a budget of 70 rows: the 300 lines spread over many partitions, and
    // the budget ends inside one of them, so each answer is cut and continued below its point.
    const store = openSqliteLogStore(join(dir, 'budget.db'), NO_BOUND, {
      sizes: { partitionTextBytes: 1_024 },
      scanBudgetRows: 70,
    });
    const text = (seq: number) =>
      seq % 7 === 3 ? `cache zx-miss ${seq}` : `cache hit ${seq} ${'y'.repeat(20)}`;
    for (let from = 0; from < 300; from += 20) {
      store.append(meta(from % 40 === 0 ? 'c1' : 'c2'), lines(from, 20, text));
      await store.flush();
    }
    const expected = lines(0, 300, text)
      .filter((l) => l.text.includes('zx'))
      .map((l) => l.seq)
      .reverse();
    for (const filter of [{ pattern: 'zx' }, { pattern: 'z[x]', regex: true }]) {
      const found: number[] = [];
      const points: string[] = [];
      let until: string | undefined;
      for (;;) {
        const answer = await store.search({
          filter,
          limit: 1_000,
          ...(until === undefined ? {} : { until }),
        });
        expect(answer.indexed).toBe(false);
        found.push(...answer.hits.map((h) => h.line.seq));
        expect(answer.counts.reduce((sum, c) => sum + c.count, 0)).toBe(answer.hits.length);
        expect(answer.countsComplete).toBe(answer.complete);
        if (answer.complete) break;
        expect(answer.scannedFrom).not.toBeNull();
        until = answer.scannedFrom as string;
        points.push(until);
      }
      expect(found).toEqual(expected);
      // 300 rows at 70 a scan: cut four times, each at the 70th row it examined.
      expect(points).toEqual([230, 160, 90, 20].map((seq) => lines(seq, 1, text)[0]?.ts));
    }
    await store.close();
  });

  it('pages from a time across many partitions, lines out of time order included', async () => {
    // 1 KiB partitions: the 200 lines below spread over about 40 of them.
    const store = openSqliteLogStore(join(dir, 'pages.db'), NO_BOUND, {
      sizes: { partitionTextBytes: 1_024 },
    });
    // Every tenth line is stamped half a minute early, as a line Docker timestamped before a burst.
    const stamped = lines(0, 200, (seq) => `line ${seq} ${'x'.repeat(20)}`).map((line) =>
      line.seq % 10 === 5 ? { ...line, ts: new Date(Date.parse(line.ts) - 30_000).toISOString() } : line,
    );
    for (let from = 0; from < 200; from += 10) {
      store.append(meta('c1'), stamped.slice(from, from + 10));
      await store.flush();
    }
    const since = lines(120, 1, () => '')[0]?.ts as string;
    const until = lines(150, 1, () => '')[0]?.ts as string;
    const seqs = async (order: 'oldest' | 'newest', limit: number) =>
      (await store.read({ agentId: 'a1', containerId: 'c1', order, limit, since, until })).entries.map((e) =>
        e.kind === 'line' ? e.seq : -1,
      );
    const inRange = stamped
      .filter((l) => Date.parse(l.ts) >= Date.parse(since) && Date.parse(l.ts) < Date.parse(until))
      .map((l) => l.seq);
    expect(inRange).toContain(165);
    expect(inRange).not.toContain(125);
    expect(await seqs('oldest', 1_000)).toEqual(inRange);
    expect(await seqs('oldest', 5)).toEqual(inRange.slice(0, 5));
    expect(await seqs('newest', 5)).toEqual(inRange.slice(-5).reverse());
    await store.close();
  });

  it('gives back every timestamp as it was written', async () => {
    const store = openSqliteLogStore(join(dir, 'stamps.db'), NO_BOUND);
    const written = ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.5Z', '2026-01-01T00:00:01.500000000Z'].map(
      (ts, seq): LogLine => ({ kind: 'line', seq, ts, stream: 'stdout', text: `at ${ts}` }),
    );
    store.append(meta('c1'), written);
    await store.flush();
    const page = await store.read({ agentId: 'a1', containerId: 'c1', order: 'oldest', limit: 10 });
    expect(page.entries).toEqual(written);
    const found = await store.search({ filter: { pattern: 'at 2026' }, limit: 10 });
    expect(found.hits.map((h) => h.line.ts).sort()).toEqual(written.map((l) => l.ts).sort());
    await store.close();
  });

  it('counts its WAL against the bound', async () => {
    const store = openSqliteLogStore(join(dir, 'wal.db'), NO_BOUND);
    store.append(
      meta('c1'),
      lines(0, 2_000, (seq) => `line ${seq} ${'x'.repeat(100)}`),
    );
    await store.flush();
    const wal = statSync(join(dir, 'wal.db-wal')).size;
    expect(wal).toBeGreaterThan(0);
    expect((await store.stats()).bytes).toBe(statSync(join(dir, 'wal.db')).size + wal);
    await store.close();
  });
});
