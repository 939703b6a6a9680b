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
