import { ProtocolError, type ResumeCursor } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { HubCounters } from '../stats/hub-counters.ts';
import { FakeClock, settle } from '../testing/fake-clock.ts';
import { FakeConnection } from '../testing/fake-connection.ts';
import { logLines } from '../testing/fixtures.ts';
import { LogTopic, type TopicControl } from './log-topic.ts';
import { Subscriber } from './subscriber.ts';

const LINGER_MS = 5_000;
const RETRY_MS = 1_000;

type StartAsked = { cursor: ResumeCursor | undefined; answer(): void; fail(error: unknown): void };

/** One topic with a hand-driven agent: every start request waits for the test to answer it. */
function setup() {
  const clock = new FakeClock();
  const starts: StartAsked[] = [];
  const finished: boolean[] = [];
  const agent = { online: true };
  const counters = new HubCounters();
  const control: TopicControl = {
    clock,
    counters,
    lingerMs: LINGER_MS,
    retryMs: RETRY_MS,
    isOnline: () => agent.online,
    requestStart: (asked) =>
      new Promise((resolve, reject) => {
        starts.push({ cursor: asked.cursor, answer: () => resolve({}), fail: reject });
      }),
    finished: (done, forget) => {
      finished.push(forget);
      done.close();
    },
  };
  const pacing = { clock, spacingMs: () => 0, backlogged: () => {} };
  const topic = new LogTopic(
    'a1',
    'c1',
    { lines: 100, bytes: 1 << 20 },
    { lastSeq: -1 },
    { pacing, control },
  );

  /** A viewer joins; its statuses are what it was told about the stream. */
  const join = (sub = 's') => {
    const conn = new FakeConnection();
    const subscriber = new Subscriber(
      sub,
      conn,
      {
        queueLines: 100,
        queueBytes: 1 << 20,
        highWaterBytes: 1 << 20,
      },
      counters,
    );
    topic.join(subscriber, {}, () => {});
    const statuses = () =>
      conn
        .frames()
        .filter((frame) => frame.subject === 'logs.status')
        .map((frame) => frame.data);
    return { subscriber, statuses };
  };
  return { clock, topic, starts, finished, agent, join };
}

describe('a log topic', () => {
  it('asks the agent once for its first subscriber and tells no one while the stream starts', async () => {
    const { topic, starts, join } = setup();
    const first = join('a');
    const second = join('b');
    expect(starts).toHaveLength(1);
    starts[0]!.answer();
    await settle();
    expect(first.statuses()).toEqual([]);
    expect(second.statuses()).toEqual([]);
    topic.ingest(logLines(0, 2));
    expect(topic.nextSeq).toBe(2);
  });

  it('lingers after its last subscriber leaves; a join during the linger keeps the stream', async () => {
    const { clock, topic, starts, finished, join } = setup();
    const first = join();
    starts[0]!.answer();
    topic.leave(first.subscriber);
    await clock.advance(LINGER_MS - 1);
    const second = join();
    await clock.advance(LINGER_MS * 2);
    expect(finished).toEqual([]);
    expect(starts).toHaveLength(1);

    topic.leave(second.subscriber);
    await clock.advance(LINGER_MS);
    expect(finished).toEqual([false]);
    expect(clock.pending).toBe(0);
  });

  it('retries a start that failed for a passing reason while subscribers remain', async () => {
    const { clock, starts, join, topic } = setup();
    const viewer = join();
    starts[0]!.fail(new ProtocolError('timeout', 'no answer'));
    await settle();
    expect(viewer.statuses()).toEqual([{ sub: 's', state: 'live', message: 'no answer' }]);
    join('waits');
    expect(starts, 'a join does not hurry the retry').toHaveLength(1);
    await clock.advance(RETRY_MS);
    expect(starts).toHaveLength(2);

    starts[1]!.fail(new ProtocolError('limit_exceeded', 'too many follows'));
    await settle();
    for (const subscriber of [...topic.subscribers]) topic.leave(subscriber);
    await clock.advance(RETRY_MS);
    expect(starts, 'no retry without subscribers').toHaveLength(2);
  });

  it('ends for its subscribers on a final refusal, and forgets the cursor of a vanished container', async () => {
    const { starts, finished, join } = setup();
    const viewer = join();
    starts[0]!.fail(new ProtocolError('not_found', 'no such container'));
    await settle();
    expect(viewer.statuses()).toEqual([{ sub: 's', state: 'ended', message: 'no such container' }]);
    expect(finished).toEqual([true]);

    const other = setup();
    other.join();
    other.starts[0]!.fail(new ProtocolError('forbidden', 'no'));
    await settle();
    expect(other.finished).toEqual([false]);
  });

  it('ignores the answer to a request from before the agent left, and asks again from its cursor when it is back', async () => {
    const { topic, starts, join } = setup();
    const viewer = join();
    starts[0]!.answer();
    await settle();
    topic.ingest(logLines(0, 3));
    topic.agentOffline();
    topic.agentOnline();
    expect(starts).toHaveLength(2);
    expect(starts[1]!.cursor).toMatchObject({ seq: 2 });
    topic.agentOffline();
    starts[1]!.answer();
    await settle();
    expect(viewer.statuses(), 'the stale answer did not make the stream live').toEqual([
      { sub: 's', state: 'agent_offline' },
    ]);
  });

  it('waits for an offline agent, then starts when it is back', async () => {
    const { topic, starts, agent, join } = setup();
    agent.online = false;
    const viewer = join();
    expect(starts).toHaveLength(0);
    expect(viewer.statuses()).toEqual([{ sub: 's', state: 'agent_offline' }]);
    agent.online = true;
    topic.agentOnline();
    starts[0]!.answer();
    await settle();
    expect(viewer.statuses().at(-1)).toEqual({ sub: 's', state: 'live' });
  });

  it('waits for Docker rather than retrying while the daemon is away', async () => {
    const { clock, topic, starts, join } = setup();
    const viewer = join();
    starts[0]!.fail(new ProtocolError('docker_unavailable', 'daemon down'));
    await settle();
    join('late');
    await clock.advance(RETRY_MS * 10);
    expect(starts).toHaveLength(1);
    topic.dockerStatus({ available: true });
    expect(starts).toHaveLength(2);
    starts[1]!.answer();
    await settle();
    expect(viewer.statuses()).toEqual([
      { sub: 's', state: 'docker_unavailable', message: 'daemon down' },
      { sub: 's', state: 'live' },
    ]);
  });

  it('asks again after a stream error the agent does not retry itself', async () => {
    const { clock, topic, starts, join } = setup();
    join();
    starts[0]!.answer();
    topic.streamError({ error: { code: 'internal', message: 'broken' }, retrying: true });
    await clock.advance(RETRY_MS);
    expect(starts).toHaveLength(1);
    topic.streamError({ error: { code: 'internal', message: 'broken' }, retrying: false });
    await clock.advance(RETRY_MS);
    expect(starts).toHaveLength(2);
  });

  it('closes once: timers stop, a late answer is ignored, and it says whether the agent was following', async () => {
    const { clock, topic, starts, join } = setup();
    const viewer = join();
    starts[0]!.answer();
    await settle();
    topic.leave(viewer.subscriber);
    expect(clock.pending).toBe(1);
    expect(topic.close()).toBe(true);
    expect(topic.close()).toBe(false);
    expect(clock.pending).toBe(0);

    const asked = setup();
    const waiting = asked.join();
    expect(asked.topic.close()).toBe(true);
    asked.starts[0]!.answer();
    await settle();
    expect(waiting.statuses()).toEqual([]);

    const neverAsked = setup();
    neverAsked.agent.online = false;
    neverAsked.join();
    expect(neverAsked.topic.close()).toBe(false);
  });

  it('ends for good when told: subscribers hear why and the cursor goes', () => {
    const { topic, finished, join } = setup();
    const viewer = join();
    topic.end('agent revoked');
    expect(viewer.statuses()).toEqual([{ sub: 's', state: 'ended', message: 'agent revoked' }]);
    expect(finished).toEqual([true]);
  });
});
