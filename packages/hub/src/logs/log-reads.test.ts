import { type DataOf, logReadBatchBytes, PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { settle } from '../testing/fake-clock.ts';
import { containerSummary, dockerTs } from '../testing/fixtures.ts';
import { TestHub } from '../testing/test-hub.ts';
import type { ReadLogsEntries } from './log-reads.ts';

const web = containerSummary('web');

/** `count` lines of ten characters each, as an agent's read batch carries them. */
function tenCharLines(count: number, from = 0): ReadLogsEntries {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'line' as const,
    seq: from + i,
    ts: dockerTs(from + i + 1),
    stream: 'stdout' as const,
    text: `line ${String(from + i).padStart(5, '0')}`,
  }));
}

describe('readLogs', () => {
  it('routes the agent’s batches by read id, then resolves with the count', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.write(web.id, 2500);
    const received: ReadLogsEntries[] = [];
    const read = await t.hub.readLogs('web-1', 'web', { tail: 'all' }, (entries) => received.push(entries));
    expect(await read.done).toEqual({ lines: 2500 });
    expect(received.map((batch) => batch.length)).toEqual([1000, 1000, 500]);
    expect(agent.requests.at(-1)).toMatchObject({
      subject: 'log.read',
      data: { container: web.id, tail: 'all', window: t.hub.options.logReadWindowBytes },
    });
    expect(t.hub.openReads).toBe(0);
  });

  it('takes packed read batches from an agent that sends them, as the same lines', async () => {
    const t = new TestHub();
    const packed = await t.agent({ name: 'web-1', containers: [web], packed: true });
    const plain = await t.agent({ name: 'web-2', containers: [web] });
    packed.write(web.id, 1200);
    plain.write(web.id, 1200);
    const read = async (agent: string) => {
      const received: ReadLogsEntries[] = [];
      const handle = await t.hub.readLogs(agent, 'web', { tail: 'all' }, (entries) => received.push(entries));
      expect(await handle.done).toEqual({ lines: 1200 });
      return received;
    };
    const fromPacked = await read('web-1');
    expect(fromPacked).toEqual(await read('web-2'));
    expect(packed.pushed.filter((subject) => subject.startsWith('log.'))).toEqual([
      'log.read.batch.packed',
      'log.read.batch.packed',
    ]);
  });

  it('grants the agent credit as the consumer reports what it took', async () => {
    const t = new TestHub({ options: { logReadWindowBytes: 400 } });
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.hold('log.read');
    const received: ReadLogsEntries[] = [];
    const read = await t.hub.readLogs('web-1', 'web', {}, (entries) => received.push(entries));
    await settle();
    const request = agent.held[0]!;
    const { readId } = request.data as DataOf<'log.read'>;
    agent.push('log.read.batch', { readId, entries: tenCharLines(40) });
    expect(received.flat()).toHaveLength(40);
    expect(agent.pushes).toEqual([]);

    read.credit(logReadBatchBytes(received[0]!));
    await settle();
    expect(agent.pushes).toEqual([{ subject: 'log.read.credit', data: { readId, bytes: 400 } }]);
    agent.answer(request, { readId, lines: 40 });
    expect(await read.done).toEqual({ lines: 40 });
  });

  it('on cancel tells the agent and frees the read’s slot at once', async () => {
    const t = new TestHub({ options: { maxReadsPerAgent: 1 } });
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.hold('log.read');
    const read = await t.hub.readLogs('web-1', 'web', {}, () => {});
    await settle();
    const { readId } = agent.held[0]!.data as DataOf<'log.read'>;
    read.cancel();
    await settle();
    expect(agent.pushes).toEqual([{ subject: 'log.read.cancel', data: { readId } }]);
    expect(await read.done).toEqual({ lines: 0 });
    expect(t.hub.openReads).toBe(0);
    // The slot is free before the agent answers.
    const next = await t.hub.readLogs('web-1', 'web', {}, () => {});
    next.cancel();
  });

  it('gives an agent of protocol 1 no window, no credit and no cancel', async () => {
    const t = new TestHub({ options: { logReadWindowBytes: 10 } });
    const agent = await t.agent({ name: 'old', containers: [web], protocol: PROTOCOL_VERSION - 1 });
    agent.hold('log.read');
    const read = await t.hub.readLogs('old', 'web', {}, () => {});
    await settle();
    const request = agent.held[0]!;
    const { readId } = request.data as DataOf<'log.read'>;
    expect(request.data).not.toHaveProperty('window');
    agent.push('log.read.batch', { readId, entries: tenCharLines(5) });
    read.credit(50);
    read.cancel();
    await settle();
    expect(agent.pushes).toEqual([]);
    expect(agent.errors).toEqual([]);
  });

  it('waits on a slow consumer without a deadline, and times out an agent that holds credit and sends nothing', async () => {
    const t = new TestHub({ options: { logReadWindowBytes: 100, logReadIdleMs: 60_000, agentSilenceMs: 0 } });
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.hold('log.read');
    const read = await t.hub.readLogs('web-1', 'web', {}, () => {});
    let outcome: unknown;
    read.done.then(
      (r) => {
        outcome = r;
      },
      (e: unknown) => {
        outcome = e;
      },
    );
    await settle();
    const { readId } = agent.held[0]!.data as DataOf<'log.read'>;
    // A whole window sent, none of it taken: the read waits on its consumer, for hours if need be.
    agent.push('log.read.batch', { readId, entries: tenCharLines(10) });
    await t.clock.advance(3 * 3_600_000);
    expect(outcome).toBeUndefined();
    // Taken: the agent has credit again, and sends nothing.
    read.credit(100);
    await t.clock.advance(60_000);
    await settle();
    expect(outcome).toMatchObject({ code: 'timeout' });
    expect(agent.pushes.at(-1)).toEqual({ subject: 'log.read.cancel', data: { readId } });
  });

  it('is bounded per user and in total', async () => {
    const t = new TestHub({ options: { maxReadsPerUser: 1, maxReads: 2 } });
    await t.agent({ name: 'web-1', containers: [web] }).then((a) => a.hold('log.read'));
    const ann = await t.hub.readLogs('web-1', 'web', { user: 'ann' }, () => {});
    await expect(t.hub.readLogs('web-1', 'web', { user: 'ann' }, () => {})).rejects.toMatchObject({
      code: 'limit_exceeded',
    });
    await t.hub.readLogs('web-1', 'web', { user: 'bob' }, () => {});
    await expect(t.hub.readLogs('web-1', 'web', { user: 'cid' }, () => {})).rejects.toMatchObject({
      code: 'limit_exceeded',
    });
    ann.cancel();
    await t.hub.readLogs('web-1', 'web', { user: 'ann' }, () => {});
  });

  it('is bounded per agent and fails at once when the agent goes', async () => {
    const t = new TestHub({ options: { maxReadsPerAgent: 2 } });
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    agent.hold('log.read');
    const reads = await Promise.all([1, 2].map(() => t.hub.readLogs('web-1', 'web', {}, () => {})));
    await settle();
    await expect(t.hub.readLogs('web-1', 'web', {}, () => {})).rejects.toMatchObject({
      code: 'limit_exceeded',
    });
    agent.disconnect();
    for (const read of reads) await expect(read.done).rejects.toMatchObject({ code: 'agent_offline' });
    await expect(t.hub.readLogs('web-1', 'web', {}, () => {})).rejects.toMatchObject({
      code: 'agent_offline',
    });
    expect(t.hub.openReads).toBe(0);
  });

  it('refuses a bad time before asking the agent', async () => {
    const t = new TestHub();
    const agent = await t.agent({ name: 'web-1', containers: [web] });
    await expect(t.hub.readLogs('web-1', 'web', { since: '10 minutes ago' }, () => {})).rejects.toMatchObject(
      {
        code: 'invalid_data',
      },
    );
    expect(agent.requests.map((r) => r.subject)).not.toContain('log.read');
  });
});
