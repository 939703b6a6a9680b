import type { ContainerEvent, ContainerSummary } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { EventForwarder, MAX_PENDING_EVENTS } from './event-forwarder.ts';

const ID = 'c'.repeat(64);

function summary(state: ContainerSummary['state']): ContainerSummary {
  return {
    id: ID,
    name: 'job',
    image: 'busybox',
    state,
    status: state === 'running' ? 'Up 3 seconds' : 'Exited (0) 1 second ago',
    createdAt: 1,
    ports: [],
    labels: {},
  };
}

function event(action: ContainerEvent['action'], extra: Partial<ContainerEvent> = {}): ContainerEvent {
  return { id: ID, name: 'job', action, at: '2026-12-05T10:00:00.000000000Z', ...extra };
}

/** A summary source whose answers the test releases one by one, in any order. */
function heldSummaries() {
  const waiting: Array<(s: ContainerSummary | undefined) => void> = [];
  return {
    waiting,
    summary: () => new Promise<ContainerSummary | undefined>((resolve) => waiting.push(resolve)),
  };
}

// Lets queued promise callbacks run, so a push that could go out has gone out.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('EventForwarder', () => {
  it('corrects a summary that still says running after a die, as Docker’s list does', async () => {
    const pushed: ContainerEvent[] = [];
    const forwarder = new EventForwarder({
      summary: async () => summary('running'),
      push: (e) => pushed.push(e),
    });
    await forwarder.forward(event('die', { exitCode: 3 }));
    expect(pushed[0]).toMatchObject({
      action: 'die',
      state: 'exited',
      container: { state: 'exited', status: 'Exited (3) Less than a second ago' },
    });
  });

  it('keeps a summary that agrees with the event, and one that says more (restarting)', async () => {
    const pushed: ContainerEvent[] = [];
    let next = summary('running');
    const forwarder = new EventForwarder({ summary: async () => next, push: (e) => pushed.push(e) });
    await forwarder.forward(event('start'));
    next = { ...summary('restarting'), status: 'Restarting (1) 1 second ago' };
    await forwarder.forward(event('die'));
    expect(pushed.map((e) => e.container?.status)).toEqual(['Up 3 seconds', 'Restarting (1) 1 second ago']);
  });

  it('pushes in Docker’s order even when the summaries answer out of order', async () => {
    const pushed: ContainerEvent[] = [];
    const held = heldSummaries();
    const forwarder = new EventForwarder({ summary: held.summary, push: (e) => pushed.push(e) });
    const done = [forwarder.forward(event('start')), forwarder.forward(event('die'))];
    // The die's summary (taken later) answers first; the start's last, and stale.
    held.waiting[1]!(summary('exited'));
    await settle();
    expect(pushed).toEqual([]);
    held.waiting[0]!(summary('exited'));
    await Promise.all(done);
    expect(pushed.map((e) => [e.action, e.container?.state])).toEqual([
      ['start', 'running'],
      ['die', 'exited'],
    ]);
  });

  it('sends the event with its own state when the summary fails or the container is gone', async () => {
    const pushed: ContainerEvent[] = [];
    const forwarder = new EventForwarder({
      summary: async () => {
        throw new Error('Docker is going down');
      },
      push: (e) => pushed.push(e),
    });
    await forwarder.forward(event('stop'));
    await forwarder.forward(event('destroy'));
    await forwarder.forward(event('kill'));
    expect(pushed).toEqual([event('stop', { state: 'exited' }), event('destroy'), event('kill')]);
  });

  it('stops asking for summaries past its bound, and still sends every event in order', async () => {
    const pushed: ContainerEvent[] = [];
    const held = heldSummaries();
    const forwarder = new EventForwarder({ summary: held.summary, push: (e) => pushed.push(e) });
    const done: Array<Promise<void>> = [];
    for (let i = 0; i < MAX_PENDING_EVENTS + 10; i++)
      done.push(forwarder.forward(event(i % 2 ? 'die' : 'start')));
    expect(held.waiting.length).toBe(MAX_PENDING_EVENTS);
    for (const resolve of held.waiting) resolve(summary('running'));
    await Promise.all(done);
    expect(pushed).toHaveLength(MAX_PENDING_EVENTS + 10);
    expect(pushed.every((e, i) => e.state === (i % 2 ? 'exited' : 'running'))).toBe(true);
    expect(pushed.slice(MAX_PENDING_EVENTS).every((e) => e.container === undefined)).toBe(true);
  });
});
