import type { LogEntry } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import type { HubOptions } from '../hub-options.ts';
import { settle } from '../testing/fake-clock.ts';
import { containerSummary, principal } from '../testing/fixtures.ts';
import { MemoryLogStore } from '../testing/memory-log-store.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { TestHub } from '../testing/test-hub.ts';

const kept = containerSummary('kept', { labels: { 'bosun.retain': 'true' } });
const plain = containerSummary('plain');
const excluded = containerSummary('excluded', { labels: { 'bosun.retain': 'false' } });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

async function setup(
  options: Partial<HubOptions> = {},
  store = new MemoryStore(),
  logStore = new MemoryLogStore(),
) {
  const t = new TestHub({ store, logStore, options });
  const agent = await t.agent({ name: 'web-1', containers: [kept, plain, excluded] });
  await settle();
  return { t, agent, logStore };
}

/** The seqs of the lines stored for a container, oldest first, after the queue is written. */
async function storedSeqs(logStore: MemoryLogStore, agentId: string, containerId: string): Promise<number[]> {
  await logStore.flush();
  const page = await logStore.read({ agentId, containerId, order: 'oldest', limit: 100_000 });
  return page.entries.flatMap((entry: LogEntry) => (entry.kind === 'line' ? [entry.seq] : []));
}

describe('continuous ingest', () => {
  it('holds no timer while nothing waits for a retry, so an idle manager can sleep', async () => {
    const { t, agent, logStore } = await setup();
    agent.write(kept.id, 5);
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual(range(0, 5));
    await t.clock.advance(t.hub.options.ingestRetryMs);
    // The agent's silence deadline is the hub's; nothing else is armed.
    expect(t.clock.pending).toBe(t.hub.options.agentSilenceMs > 0 ? 1 : 0);
  });

  it('stores a container labelled bosun.retain=true with no viewer, and only it by default', async () => {
    const { agent, logStore } = await setup();
    expect(agent.startRequests.map((start) => start.container)).toEqual([kept.id]);
    agent.write(kept.id, 5);
    agent.write(plain.id, 5);
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual(range(0, 5));
    expect(await storedSeqs(logStore, agent.id, plain.id)).toEqual([]);
  });

  it('takes what Docker already held when the stream starts, as Docker printed it', async () => {
    const logStore = new MemoryLogStore();
    const u = new TestHub({ logStore });
    const agent = await u.agent({ name: 'web-1', containers: [] });
    agent.write(kept.id, 3);
    agent.containers.push(kept);
    const again = await u.reconnect(agent);
    await settle();
    again.write(kept.id, 2);
    await logStore.flush();
    const page = await logStore.read({ agentId: agent.id, containerId: kept.id, order: 'oldest', limit: 10 });
    expect(page.entries.map((entry) => (entry.kind === 'line' ? entry.text : entry.kind))).toEqual([
      'line 0',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
    ]);
  });

  it('under retain=all stores every container but one labelled bosun.retain=false', async () => {
    const { agent } = await setup({ retain: 'all' });
    expect(agent.startRequests.map((start) => start.container).sort()).toEqual([kept.id, plain.id].sort());
  });

  it("follows a host's own policy over the manager's", async () => {
    const { t, agent, logStore } = await setup();
    await t.hub.setHostRetention('web-1', 'none', principal('admin'));
    await settle();
    await t.clock.advance(t.hub.options.lingerMs);
    agent.write(kept.id, 3);
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual([]);
    await t.hub.setHostRetention('web-1', 'all', principal('admin'));
    await settle();
    agent.write(plain.id, 2);
    expect(await storedSeqs(logStore, agent.id, plain.id)).toEqual([0, 1]);
    expect((await t.hub.retentionPolicies())?.hosts).toMatchObject([{ agentId: agent.id, policy: 'all' }]);
  });

  it('stores every line exactly once across an agent reconnect', async () => {
    const { t, agent, logStore } = await setup();
    agent.write(kept.id, 4);
    agent.disconnect();
    await settle();
    agent.write(kept.id, 3);
    const again = await t.reconnect(agent);
    await settle();
    again.write(kept.id, 2);
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual(range(0, 9));
  });

  it('resumes from the store after a manager restart, nothing lost or doubled', async () => {
    const store = new MemoryStore();
    const logStore = new MemoryLogStore();
    const { t, agent } = await setup({}, store, logStore);
    agent.write(kept.id, 4);
    await t.hub.close();
    await logStore.flush();
    agent.write(kept.id, 3);
    const restarted = new TestHub({ store, logStore });
    const again = await restarted.reconnect(agent);
    await settle();
    again.write(kept.id, 2);
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual(range(0, 9));
    expect(again.startRequests.at(-1)?.resume?.seq).toBe(3);
  });

  it('a refused append pauses the stream, which resumes from where the store stands', async () => {
    const logStore = new MemoryLogStore({ queueBytes: 1 });
    const { t, agent } = await setup({}, new MemoryStore(), logStore);
    agent.write(kept.id, 1);
    agent.write(kept.id, 1);
    agent.write(kept.id, 1);
    expect(t.hub.ingestStats()).toMatchObject({ ingestStreams: 1, ingestPaused: 1, appendsRefused: 1 });
    await logStore.flush();
    await t.clock.advance(t.hub.options.ingestRetryMs);
    await settle();
    agent.write(kept.id, 1);
    await logStore.flush();
    await t.clock.advance(t.hub.options.ingestRetryMs);
    await settle();
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual(range(0, 4));
  });

  it('a viewer and the store share one follow, and the store keeps what the ring evicted', async () => {
    const logStore = new MemoryLogStore();
    const { t, agent } = await setup({ ringLines: 2 }, new MemoryStore(), logStore);
    const viewer = t.viewer();
    await viewer.subscribe({ sub: 's', agent: 'web-1', container: 'kept' });
    await settle();
    agent.write(kept.id, 6);
    expect(agent.startRequests.filter((start) => start.container === kept.id)).toHaveLength(1);
    expect(viewer.seqs('s')).toEqual(range(0, 6));
    expect(await storedSeqs(logStore, agent.id, kept.id)).toEqual(range(0, 6));
  });
});
