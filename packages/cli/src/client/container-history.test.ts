import { PassThrough } from 'node:stream';
import type { LogEntry } from '@bosun/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagerError } from '../exit-codes.ts';
import { type HistorySource, readContainerHistory } from './container-history.ts';
import { parseLogTime } from './log-time.ts';
import { OutputSink } from './output-sink.ts';
import type { LogQuery } from './stored-logs.ts';
import { TAIL_HOLD } from './tail-history.ts';
import {
  type FakeLogs,
  type FakeManager,
  fakeLine,
  startFakeLogManager,
} from './testing/fake-log-manager.ts';

let manager: FakeManager | undefined;
afterEach(async () => {
  await manager?.close();
  manager = undefined;
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => fakeLine(from + i));

/** Reads the history of `db-1/web` from a fake manager holding `logs`; what came, from where. */
async function history(
  logs: FakeLogs,
  query: Partial<LogQuery> = {},
  preferStore = false,
  offlineFromStore = false,
) {
  manager = await startFakeLogManager(logs);
  const sink = new OutputSink(new PassThrough().resume(), new PassThrough().resume());
  const got: Array<{ text: string; source: HistorySource }> = [];
  const offline: Array<{ lastTs: string | null; linesSoFar: number }> = [];
  const notes: string[] = [];
  const read = await readContainerHistory(
    manager.client,
    { host: 'db-1', container: 'web', tail: 'all', ...query },
    sink,
    {
      entry: (entry: LogEntry, source) => {
        if (entry.kind === 'line') got.push({ text: entry.text, source });
      },
      offline: (stream) => offline.push({ lastTs: stream.lastTs, linesSoFar: got.length }),
      note: (text) => notes.push(text),
    },
    { preferStore, offlineFromStore },
  );
  return { read, got, offline, notes, texts: got.map((g) => g.text), requests: manager.requests };
}

const texts = (from: number, to: number) => range(from, to).map((line) => line.text);

describe('readContainerHistory', () => {
  it("reads Docker's log alone when the store holds nothing older", async () => {
    const { read, got } = await history({ docker: range(0, 10), store: range(3, 10) });
    expect(read).toEqual({ complete: true, removed: false });
    expect(got).toEqual(texts(0, 10).map((text) => ({ text, source: 'docker' })));
  });

  it('reads a removed container from the store, page after page, every line once in order', async () => {
    const { read, got, requests } = await history({ docker: null, store: range(0, 12_000) });
    expect(read).toEqual({ complete: true, removed: true });
    expect(got.map((g) => g.text)).toEqual(texts(0, 12_000));
    expect(new Set(got.map((g) => g.source))).toEqual(new Set(['store']));
    expect(requests.filter((r) => r.startsWith('/api/stored-logs')).length).toBeGreaterThanOrEqual(3);
  });

  it('-n counts from the end of the stored range, within a page and across pages', async () => {
    const store = range(0, 12_000);
    expect((await history({ docker: null, store }, { tail: 3 })).texts).toEqual(texts(11_997, 12_000));
    await manager?.close();
    expect((await history({ docker: null, store }, { tail: 7_000 })).texts).toEqual(texts(5_000, 12_000));
    await manager?.close();
    expect((await history({ docker: null, store }, { tail: 0 })).texts).toEqual([]);
  });

  it('--since and --until bound a removed container as they bound Docker', async () => {
    const since = parseLogTime('--since', fakeLine(100).ts);
    const until = parseLogTime('--until', fakeLine(200).ts);
    const { texts: got } = await history({ docker: null, store: range(0, 300) }, { since, until });
    expect(got).toEqual(texts(100, 200));
  });

  it("puts the store's lines Docker rotated away before Docker's, without a duplicate or a hole", async () => {
    const { read, got } = await history({ docker: range(6_000, 7_000), store: range(0, 7_000) });
    expect(read).toEqual({ complete: true, removed: false });
    expect(got.map((g) => g.text)).toEqual(texts(0, 7_000));
    expect(got.filter((g) => g.source === 'store').map((g) => g.text)).toEqual(texts(0, 6_000));
  });

  it('starts over when Docker rotates again between its reads, still without a duplicate or a hole', async () => {
    const logs = { docker: range(3_000, 4_000), rotateTo: range(3_500, 4_000), store: range(0, 4_000) };
    const { got } = await history(logs);
    expect(got.map((g) => g.text)).toEqual(texts(0, 4_000));
    expect(got.filter((g) => g.source === 'docker').map((g) => g.text)).toEqual(texts(3_500, 4_000));
  });

  it('reads the store when Docker holds nothing of the range any more', async () => {
    const { got } = await history({ docker: [], store: range(0, 5) });
    expect(got).toEqual(texts(0, 5).map((text) => ({ text, source: 'store' })));
  });

  it('an export of a range the store holds whole reads only the store', async () => {
    const since = parseLogTime('--since', fakeLine(10).ts);
    const until = parseLogTime('--until', fakeLine(20).ts);
    const logs = { docker: range(0, 30), store: range(0, 30) };
    const { texts: got, requests } = await history(logs, { since, until }, true);
    expect(got).toEqual(texts(10, 20));
    expect(requests.some((r) => r.startsWith('/api/logs'))).toBe(false);
  });

  it("without a store, Docker's lines stand and a removed container is not found", async () => {
    expect((await history({ docker: range(0, 4), store: null })).texts).toEqual(texts(0, 4));
    await manager?.close();
    const missing = history({ docker: null, store: null });
    await expect(missing).rejects.toBeInstanceOf(ManagerError);
    await expect(missing).rejects.toThrow('no such container');
  });

  it("-n takes the store's lines older than Docker's first when Docker holds fewer than asked", async () => {
    const { read, got, requests } = await history(
      { docker: range(6_000, 7_000), store: range(0, 7_000) },
      { tail: 1_500 },
    );
    expect(read).toEqual({ complete: true, removed: false });
    expect(got.map((g) => g.text)).toEqual(texts(5_500, 7_000));
    expect(got.filter((g) => g.source === 'store').map((g) => g.text)).toEqual(texts(5_500, 6_000));
    expect(requests.some((r) => r.startsWith('/api/stored-logs'))).toBe(true);
  });

  it('-n asks nothing of the store when Docker holds as many lines as asked', async () => {
    const { got, requests } = await history(
      { docker: range(6_000, 7_000), store: range(0, 7_000) },
      { tail: 800 },
    );
    expect(got).toEqual(texts(6_200, 7_000).map((text) => ({ text, source: 'docker' })));
    expect(requests.some((r) => r.startsWith('/api/stored-logs'))).toBe(false);
  });

  it("-n short of lines prints Docker's alone when the store holds none older, or keeps no logs", async () => {
    expect((await history({ docker: range(0, 10), store: range(0, 10) }, { tail: 500 })).texts).toEqual(
      texts(0, 10),
    );
    await manager?.close();
    expect((await history({ docker: range(5, 10), store: null }, { tail: 500 })).texts).toEqual(texts(5, 10));
  });

  it('-n with --since takes the older lines from --since on only', async () => {
    const since = parseLogTime('--since', fakeLine(90).ts);
    const logs = { docker: range(100, 120), store: range(0, 120) };
    expect((await history(logs, { tail: 25, since })).texts).toEqual(texts(95, 120));
    await manager?.close();
    expect((await history(logs, { tail: 100, since })).texts).toEqual(texts(90, 120));
  });

  it("-n past the hold bound streams Docker's lines and says the store's were left out", async () => {
    const docker = range(20_000, 20_000 + TAIL_HOLD.lines + 5);
    const { got, requests, notes } = await history(
      { docker, store: range(0, docker.length + 20_000) },
      { tail: 30_000 },
    );
    expect(got.map((g) => g.text)).toEqual(docker.map((line) => line.text));
    expect(requests.some((r) => r.startsWith('/api/stored-logs'))).toBe(false);
    expect(notes).toEqual([
      `Docker holds ${docker.length} of the 30000 lines asked for; older stored lines were not read (use --since for a range this large)`,
    ]);
  });

  it("reads an offline host's container from the store, telling how far the store goes first", async () => {
    const store = range(0, 40);
    const { read, got, offline } = await history(
      { docker: range(0, 40), store, offline: true },
      {},
      false,
      true,
    );
    expect(read).toEqual({ complete: true, removed: false });
    expect(got).toEqual(texts(0, 40).map((text) => ({ text, source: 'store' })));
    expect(offline).toEqual([{ lastTs: fakeLine(39).ts, linesSoFar: 0 }]);
  });

  it("an offline host's -n, --since and --until bound the store's lines", async () => {
    const logs = { docker: range(0, 40), store: range(0, 40), offline: true };
    expect((await history(logs, { tail: 3 }, false, true)).texts).toEqual(texts(37, 40));
    await manager?.close();
    const since = parseLogTime('--since', fakeLine(10).ts);
    const until = parseLogTime('--until', fakeLine(20).ts);
    expect((await history(logs, { since, until }, false, true)).texts).toEqual(texts(10, 20));
    await manager?.close();
    const none = await history(logs, { tail: 0 }, false, true);
    expect(none.texts).toEqual([]);
    expect(none.offline).toEqual([{ lastTs: fakeLine(39).ts, linesSoFar: 0 }]);
  });

  it('an offline host stays an error when the store lacks the container or the read follows', async () => {
    const unstored = history({ docker: range(0, 4), store: null, offline: true }, {}, false, true);
    await expect(unstored).rejects.toMatchObject({ code: 'agent_offline' });
    await manager?.close();
    const following = history({ docker: range(0, 4), store: range(0, 4), offline: true });
    await expect(following).rejects.toMatchObject({ code: 'agent_offline' });
  });
});
