import { compileLineFilter, type LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { HubCounters } from '../stats/hub-counters.ts';
import { FakeClock } from '../testing/fake-clock.ts';
import { FakeConnection } from '../testing/fake-connection.ts';
import { logLines } from '../testing/fixtures.ts';
import { PacedFanOut } from './fan-out.ts';
import { Subscriber } from './subscriber.ts';
import type { SubscriptionFilter } from './subscription-filter.ts';

const BOUNDS = { queueLines: 100, queueBytes: 1 << 20, highWaterBytes: 1 << 20 };

// A filter that counts the lines it is asked about, to see how many match passes a fan-out makes.
function countingFilter(key: string, pattern: string): SubscriptionFilter & { calls: number } {
  const match = compileLineFilter({ pattern });
  const counting = {
    key,
    calls: 0,
    match: (line: Pick<LogLine, 'text' | 'stream'>) => {
      counting.calls += 1;
      return match(line);
    },
  };
  return counting;
}

function setup() {
  const clock = new FakeClock();
  const subscribers = new Set<Subscriber>();
  const fanOut = new PacedFanOut({ clock, spacingMs: () => 0, backlogged: () => {} }, subscribers);
  const add = (filter?: SubscriptionFilter) => {
    const conn = new FakeConnection();
    const filtering = filter && { filter, clock, reportEveryMs: 1000 };
    const subscriber = new Subscriber('s', conn, BOUNDS, new HubCounters(), undefined, false, filtering);
    subscriber.begin([], undefined, undefined);
    subscribers.add(subscriber);
    return conn;
  };
  return { fanOut, add };
}

const texts = (line: number) => (line % 10 === 0 ? `ERROR ${line}` : `noise ${line}`);

describe('PacedFanOut with filtered subscribers', () => {
  it('makes one match pass per distinct filter, however many subscribers share it', () => {
    const { fanOut, add } = setup();
    const errors = countingFilter('{"pattern":"ERROR"}', 'ERROR');
    const conns = Array.from({ length: 50 }, () => add(errors));
    const plain = add();
    fanOut.send(logLines(0, 100, texts));
    expect(errors.calls).toBe(100);
    for (const conn of conns) expect(conn.sent.join('')).toContain('"text":"ERROR 90"');
    expect(conns[0]?.sent.join('')).not.toContain('noise');
    expect(plain.sent.join('')).toContain('noise 99');
  });

  it('sends subscribers of the same filter the same batch', () => {
    const { fanOut, add } = setup();
    const errors = countingFilter('k', 'ERROR');
    const [a, b] = [add(errors), add(errors)];
    fanOut.send(logLines(0, 30, texts));
    const batch = (conn: FakeConnection) => conn.sent.find((frame) => frame.includes('"logs.batch"'));
    expect(batch(a)).toBeDefined();
    expect(batch(a)).toBe(batch(b));
  });
});
