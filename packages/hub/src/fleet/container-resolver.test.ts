import { PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import type { AgentRecord } from '../ports/store.ts';
import { settle } from '../testing/fake-clock.ts';
import { containerId, containerSummary } from '../testing/fixtures.ts';
import { ContainerResolver, type ResolveMode } from './container-resolver.ts';
import { FleetState } from './fleet-state.ts';

const web = containerSummary('web', { id: `abcd1${'0'.repeat(59)}` });
const api = containerSummary('api', { id: `abcd2${'0'.repeat(59)}` });
const record: AgentRecord = {
  id: 'ag_1',
  name: 'web-1',
  credentialHash: 'x',
  createdAt: 0,
  lastSeenAt: null,
  revokedAt: null,
  host: null,
};
const agent = { id: record.id, name: record.name };
const unlisted = containerId('new');

/** A fleet with one agent: online with its list on the way (`listing`), online and listed, or offline. */
function setup(state: 'listing' | 'listed' | 'offline') {
  const fleet = new FleetState(silentLogger);
  fleet.online(record, { protocol: PROTOCOL_VERSION, agentVersion: '1.0.0' }, 0);
  if (state !== 'listing') fleet.containerList(record.id, [web, api]);
  if (state === 'offline') fleet.offline(record.id, 1);
  const resolver = new ContainerResolver(fleet, () => state !== 'offline');
  return { fleet, resolver };
}

/** Resolves without awaiting, so a test can see whether the answer waits. */
function ask(resolver: ContainerResolver, ref: string, mode: ResolveMode) {
  const answer: { id?: string; error?: unknown } = {};
  const done = resolver.resolve(agent, ref, mode).then(
    (id) => {
      answer.id = id;
    },
    (error: unknown) => {
      answer.error = error;
    },
  );
  return { answer, done };
}

describe('every mode', () => {
  it('finds a listed container by id, name or unique prefix, and refuses an ambiguous prefix', async () => {
    const modes: ResolveMode[] = ['cached', 'waitForList', 'trustFullId', 'passUnknown'];
    for (const mode of modes) {
      const { resolver } = setup('listed');
      expect(await resolver.resolve(agent, web.id, mode)).toBe(web.id);
      expect(await resolver.resolve(agent, 'api', mode)).toBe(api.id);
      expect(await resolver.resolve(agent, 'abcd1', mode)).toBe(web.id);
      await expect(resolver.resolve(agent, 'abcd', mode)).rejects.toMatchObject({ code: 'conflict' });
    }
  });
});

describe('cached', () => {
  it('answers from the cache at once, even while the first list is on its way', async () => {
    const { resolver } = setup('listing');
    await expect(resolver.resolve(agent, 'web', 'cached')).rejects.toMatchObject({ code: 'not_found' });
    expect(() => resolver.cached(agent.id, 'web')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(setup('listed').resolver.cached(agent.id, 'web')).toEqual(web);
  });
});

describe('waitForList', () => {
  it('holds an unknown name until the first list lands, then answers from it', async () => {
    const { fleet, resolver } = setup('listing');
    const { answer, done } = ask(resolver, 'web', 'waitForList');
    await settle();
    expect(answer, 'no answer while the list is on its way').toEqual({});
    fleet.containerList(record.id, [web]);
    await done;
    expect(answer).toEqual({ id: web.id });
  });

  it('answers not found once a failed list or the agent leaving ends the wait, and at once when listed', async () => {
    const failed = setup('listing');
    const afterFailure = ask(failed.resolver, 'web', 'waitForList');
    failed.fleet.abortContainerList(record.id);
    await afterFailure.done;
    expect(afterFailure.answer.error).toMatchObject({ code: 'not_found' });

    const left = setup('listing');
    const afterLeaving = ask(left.resolver, 'web', 'waitForList');
    left.fleet.offline(record.id, 1);
    await afterLeaving.done;
    expect(afterLeaving.answer.error).toMatchObject({ code: 'not_found' });

    await expect(setup('listed').resolver.resolve(agent, 'nope', 'waitForList')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('trustFullId', () => {
  it('waits for the first list like waitForList', async () => {
    const { fleet, resolver } = setup('listing');
    const { answer, done } = ask(resolver, 'api', 'trustFullId');
    await settle();
    expect(answer).toEqual({});
    fleet.containerList(record.id, [api]);
    await done;
    expect(answer).toEqual({ id: api.id });
  });

  it('takes an unlisted full id on trust while the agent is online, but not a name', async () => {
    const { resolver } = setup('listed');
    expect(await resolver.resolve(agent, unlisted, 'trustFullId')).toBe(unlisted);
    await expect(resolver.resolve(agent, 'nope', 'trustFullId')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('says the agent is offline when it cannot tell whether the container exists', async () => {
    const { resolver } = setup('offline');
    await expect(resolver.resolve(agent, unlisted, 'trustFullId')).rejects.toMatchObject({
      code: 'agent_offline',
      message: 'agent web-1 is offline and its containers are unknown',
    });
    expect(await resolver.resolve(agent, 'web', 'trustFullId'), 'the last known list still answers').toBe(
      web.id,
    );
  });
});

describe('passUnknown', () => {
  it('passes an unknown reference on as it is, without waiting for the list', async () => {
    const { resolver } = setup('listing');
    expect(await resolver.resolve(agent, 'made-a-moment-ago', 'passUnknown')).toBe('made-a-moment-ago');
  });
});
