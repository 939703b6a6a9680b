import type { LogEntry, LogLine } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogReadPage, LogReadQuery, LogRetention, LogStore, LogStreamMeta } from '../ports/log-store.ts';
import { logLines } from './fixtures.ts';

/** What a contract test asks of the store it opens. */
export type LogStoreContractOptions = { retention?: LogRetention; queueBytes?: number };

/**
 * The behaviour every `LogStore` shares (SQLite on Node, the in-memory store of hub tests, a
 * Durable Object's SQLite later). Where the port leaves a choice open, this suite makes it:
 *
 * - Lines come back exactly as appended: text, base64 text, stream, Docker's timestamp as given,
 *   `truncated`, `partial`; markers (`restart`, `end`, `gap`) in place after their seq.
 * - A line at or below a stream's newest seq is dropped (a resumed stream re-sends nothing twice).
 * - Pages in either order cover a range once, with `next` null at its end.
 * - A search returns the newest hits first, counts per stream, narrowed by selection and time.
 * - Retention keeps `stats().bytes` within `maxBytes` and drops the oldest lines first, leaving
 *   each stream a contiguous run up to its newest line.
 * - A batch that does not fit the queue is refused whole (`full`) and counted.
 *
 * `open` is called once per test and must return an empty store.
 */
export function describeLogStoreContract(
  name: string,
  open: (options: LogStoreContractOptions) => Promise<LogStore> | LogStore,
): void {
  describe(`${name} (log store contract)`, () => {
    let store: LogStore | undefined;
    const opened = async (options: LogStoreContractOptions = {}) => {
      store = await open(options);
      return store;
    };

    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('keeps lines exactly as Docker printed them, markers in place', async () => {
      const s = await opened();
      const entries: LogEntry[] = [
        {
          kind: 'line',
          seq: 0,
          ts: '2026-11-25T03:00:00.123456789Z',
          stream: 'stdout',
          text: 'hello \u00e9\r',
        },
        {
          kind: 'line',
          seq: 1,
          ts: '2026-11-25T03:00:01Z',
          stream: 'stderr',
          text: '/w==',
          encoding: 'base64',
        },
        { kind: 'restart', afterSeq: 1, ts: '2026-11-25T03:00:02.5Z', reason: 'exit 1' },
        {
          kind: 'line',
          seq: 2,
          ts: '2026-11-25T03:00:03.000000001Z',
          stream: 'stdout',
          text: 'x',
          truncated: true,
        },
        { kind: 'gap', fromSeq: 3, toSeq: 4, reason: 'agent_backpressure' },
        { kind: 'line', seq: 5, ts: '2026-11-25T03:00:04Z', stream: 'stdout', text: 'last', partial: true },
        { kind: 'end', afterSeq: 5, ts: '2026-11-25T03:00:05Z', reason: 'removed' },
      ];
      expect(s.append(meta('a1', 'c1'), entries)).toBe('queued');
      await s.flush();
      const page = await readC1(s, 'oldest');
      expect(page).toEqual({ entries, next: null });
      const newest = await readC1(s, 'newest');
      expect(newest.entries).toEqual([...entries].reverse());
    });

    it('stores a resumed stream once and resumes after its newest line', async () => {
      const s = await opened();
      s.append(meta('a1', 'c1'), lines(0, 10));
      s.append(meta('a1', 'c1'), lines(5, 10));
      await s.flush();
      const page = await readC1(s, 'oldest');
      expect(seqs(page.entries)).toEqual(range(0, 15));
      const cursor = await s.resumeCursor({ agentId: 'a1', containerId: 'c1' });
      expect(cursor).toMatchObject({
        seq: 14,
        ts: ts(14),
        countAtTs: 1,
        streams: { stdout: { ts: ts(14) } },
      });
      expect(await s.resumeCursor({ agentId: 'a1', containerId: 'nope' })).toBeUndefined();
    });

    it('pages a stream in both orders, each line once', async () => {
      const s = await opened();
      s.append(meta('a1', 'c1'), lines(0, 25));
      await s.flush();
      for (const order of ['oldest', 'newest'] as const) {
        const seen: number[] = [];
        let bound: { afterSeq?: number; beforeSeq?: number } = {};
        for (;;) {
          const page = await s.read({ agentId: 'a1', containerId: 'c1', order, limit: 10, ...bound });
          expect(page.entries.length).toBeLessThanOrEqual(10);
          seen.push(...seqs(page.entries));
          if (page.next === null) break;
          bound = order === 'oldest' ? { afterSeq: page.next } : { beforeSeq: page.next };
        }
        expect(seen).toEqual(order === 'oldest' ? range(0, 25) : range(0, 25).reverse());
      }
    });

    it('reads a time range and a filtered range', async () => {
      const s = await opened();
      s.append(
        meta('a1', 'c1'),
        lines(0, 20, (seq) => (seq % 5 === 0 ? `ERROR boom ${seq}` : `INFO fine ${seq}`)),
      );
      await s.flush();
      const ranged = await readC1(s, 'oldest', { since: ts(3), until: ts(7) });
      expect(seqs(ranged.entries)).toEqual([3, 4, 5, 6]);
      const filtered = await readC1(s, 'newest', { filter: { levels: ['error'] } });
      expect(seqs(filtered.entries)).toEqual([15, 10, 5, 0]);
      const pattern = await readC1(s, 'oldest', { filter: { pattern: 'boom 1' } });
      expect(seqs(pattern.entries)).toEqual([10, 15]);
    });

    it('searches every stream for the newest hits, with counts per stream', async () => {
      const s = await opened();
      s.append(
        meta('a1', 'c1'),
        lines(0, 10, (seq) => `c1 connection reset ${seq}`),
      );
      s.append(
        meta('a2', 'c2'),
        lines(0, 10, (seq) => (seq < 4 ? `c2 Connection Reset ${seq}` : 'ok')),
      );
      s.append(
        meta('a1', 'c3'),
        lines(0, 10, () => 'nothing here'),
      );
      await s.flush();
      const found = await s.search({ filter: { pattern: 'connection reset' }, limit: 5 });
      expect(found.hits).toHaveLength(5);
      expect(found.hits.every((h) => h.line.text.toLowerCase().includes('connection reset'))).toBe(true);
      expect(sortCounts(found.counts)).toEqual([
        { agentId: 'a1', containerId: 'c1', count: 10 },
        { agentId: 'a2', containerId: 'c2', count: 4 },
      ]);
      expect(found.countsComplete).toBe(true);
      expect(found.complete).toBe(true);
      const newest = await s.search({ filter: { pattern: 'connection reset' }, limit: 1 });
      expect(newest.hits[0]).toMatchObject({ agentId: 'a2', containerId: 'c2', line: { seq: 3 } });
      const narrowed = await s.search({
        filter: { pattern: 'connection reset', caseSensitive: true },
        select: { agentIds: ['a1'] },
        since: ts(2),
        until: ts(5),
        limit: 100,
      });
      expect(narrowed.hits.map((h) => [h.containerId, h.line.seq])).toEqual([
        ['c1', 4],
        ['c1', 3],
        ['c1', 2],
      ]);
    });

    it('searches by regex, by short pattern, by stream and level', async () => {
      const s = await opened();
      s.append(meta('a1', 'c1'), [
        ...lines(0, 3, (seq) => `request ${seq} took ${seq * 100}ms`),
        { kind: 'line', seq: 3, ts: ts(3), stream: 'stderr', text: 'WARN ab' },
      ]);
      await s.flush();
      const regex = await s.search({ filter: { pattern: 'took [12]\\d\\dms', regex: true }, limit: 10 });
      expect(regex.hits.map((h) => h.line.seq)).toEqual([2, 1]);
      const short = await s.search({ filter: { pattern: 'AB' }, limit: 10 });
      expect(short.hits.map((h) => h.line.seq)).toEqual([3]);
      const byStream = await s.search({ filter: { streams: ['stderr'] }, limit: 10 });
      expect(byStream.hits.map((h) => h.line.seq)).toEqual([3]);
      const byLevel = await s.search({ filter: { levels: ['warn'] }, limit: 10 });
      expect(byLevel.hits.map((h) => h.line.seq)).toEqual([3]);
      await expect(s.search({ filter: { pattern: '(', regex: true }, limit: 1 })).rejects.toMatchObject({
        code: 'invalid_data',
      });
    });

    it('lists the streams it holds with their times and sizes, and its stats', async () => {
      const s = await opened();
      s.append(
        meta('a1', 'c1'),
        lines(0, 3, () => 'abcd'),
      );
      s.append(
        meta('a1', 'c2'),
        lines(10, 2, () => 'xy'),
      );
      await s.flush();
      const listed = await s.streams();
      expect(listed).toEqual([
        { ...meta('a1', 'c2'), firstTs: ts(10), lastTs: ts(11), lastSeq: 11, lines: 2, bytes: 4 },
        { ...meta('a1', 'c1'), firstTs: ts(0), lastTs: ts(2), lastSeq: 2, lines: 3, bytes: 12 },
      ]);
      const stats = await s.stats();
      expect(stats).toMatchObject({ lines: 5, streams: 2, oldestTs: ts(0) });
      expect(stats.bytes).toBeGreaterThan(0);
      expect(stats.lag).toMatchObject({ entries: 0, bytes: 0, oldestAgeMs: 0 });
    });

    it('refuses a batch that does not fit its queue, whole, and counts it', async () => {
      const s = await opened({ queueBytes: 1_000 });
      expect(
        s.append(
          meta('a1', 'c1'),
          lines(0, 6, () => 'x'.repeat(100)),
        ),
      ).toBe('queued');
      expect(
        s.append(
          meta('a1', 'c1'),
          lines(6, 6, () => 'x'.repeat(100)),
        ),
      ).toBe('full');
      expect((await s.stats()).lag).toMatchObject({
        entries: 6,
        bytes: 600,
        refusedBatches: 1,
        refusedLines: 6,
      });
      await s.flush();
      expect((await s.stats()).lag).toMatchObject({ entries: 0, bytes: 0 });
      expect(
        s.append(
          meta('a1', 'c1'),
          lines(6, 6, () => 'x'.repeat(100)),
        ),
      ).toBe('queued');
      await s.flush();
      const page = await readC1(s, 'oldest');
      expect(seqs(page.entries)).toEqual(range(0, 12));
    });

    it('stays within its byte bound, dropping the oldest lines first', async () => {
      const maxBytes = 3 * 2 ** 20;
      const s = await opened({ retention: { maxBytes, maxAgeMs: 0, maxStreamBytes: 0 } });
      const text = (seq: number) => `${seq} ${'payload '.repeat(12)}`;
      for (let seq = 0; seq < 120_000; seq += 1_000) {
        s.append(meta('a1', seq % 2000 === 0 ? 'c1' : 'c2'), lines(seq, 1_000, text));
        await s.flush();
        expect((await s.stats()).bytes).toBeLessThanOrEqual(maxBytes);
      }
      for (const containerId of ['c1', 'c2']) {
        const held = await s.read({ agentId: 'a1', containerId, order: 'oldest', limit: 200_000 });
        const kept = seqs(held.entries);
        expect(kept[0]).toBeGreaterThan(0);
        expect(kept.at(-1)).toBe(containerId === 'c1' ? 118_999 : 119_999);
        expect(
          kept.every((seq, i) => i === 0 || seq === (kept[i - 1] as number) + 1 || seq % 1000 === 0),
        ).toBe(true);
      }
    });

    it("bounds each stream's bytes, leaving the others", async () => {
      const s = await opened({ retention: { maxBytes: 0, maxAgeMs: 0, maxStreamBytes: 100_000 } });
      for (let seq = 0; seq < 10_000; seq += 1_000) {
        s.append(
          meta('a1', 'noisy'),
          lines(seq, 1_000, () => 'n'.repeat(100)),
        );
        await s.flush();
      }
      s.append(
        meta('a1', 'quiet'),
        lines(0, 10, () => 'q'.repeat(100)),
      );
      await s.flush();
      const listed = await s.streams();
      const noisy = listed.find((l) => l.containerId === 'noisy');
      expect(noisy?.bytes).toBeLessThanOrEqual(100_000);
      expect(noisy?.lastSeq).toBe(9_999);
      expect(listed.find((l) => l.containerId === 'quiet')?.lines).toBe(10);
      const newest = await s.read({ agentId: 'a1', containerId: 'noisy', order: 'newest', limit: 1 });
      expect(seqs(newest.entries)).toEqual([9_999]);
    });
  });
}

const BASE_MS = Date.UTC(2026, 10, 25, 3, 0, 0);

function ts(seq: number): string {
  return new Date(BASE_MS + seq * 1_000).toISOString().replace('Z', '123456Z');
}

function lines(from: number, count: number, text?: (seq: number) => string): LogLine[] {
  return logLines(from, count, text, ts);
}

// Stream a1/c1, the one most tests write, read whole (every test writes fewer than 100 entries to it).
function readC1(
  s: LogStore,
  order: LogReadQuery['order'],
  bounds: Omit<LogReadQuery, 'agentId' | 'containerId' | 'order' | 'limit'> = {},
): Promise<LogReadPage> {
  return s.read({ agentId: 'a1', containerId: 'c1', order, limit: 100, ...bounds });
}

function meta(agentId: string, containerId: string): LogStreamMeta {
  return {
    agentId,
    containerId,
    identity: `${agentId}/name:${containerId}`,
    hostName: `host-${agentId}`,
    containerName: containerId,
    image: 'busybox:latest',
    labels: { 'com.docker.compose.service': containerId },
    createdAt: BASE_MS,
  };
}

function seqs(entries: readonly LogEntry[]): number[] {
  return entries.flatMap((e) => (e.kind === 'line' ? [e.seq] : []));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function sortCounts<T extends { containerId: string }>(counts: T[]): T[] {
  return [...counts].sort((a, b) => a.containerId.localeCompare(b.containerId));
}
