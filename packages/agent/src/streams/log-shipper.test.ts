import type { LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import type { ManagerLink } from '../link/manager-link.ts';
import { LogSequencer } from '../logs/log-sequencer.ts';
import { OutboundLogQueue } from '../logs/outbound-log-queue.ts';
import { tsAt } from '../testing/index.ts';
import { LogShipper } from './log-shipper.ts';

/** A link that is always writable and records what it sends, and timers the test moves. */
function bed() {
  const sent: number[][] = [];
  const link = {
    online: true,
    writable: true,
    whenWritable: async () => {},
    pushLogBatch: (_container: string, entries: LogLine[]) => {
      sent.push(entries.map((e) => e.seq));
      return true;
    },
  } as unknown as ManagerLink;
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const clock = {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => timers.push({ at: now + ms, fn }),
    advance: async (ms: number) => {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers.splice(0, timers.length, ...timers.filter((t) => t.at > now));
      for (const timer of due) timer.fn();
      await Promise.resolve();
    },
  };
  const queue = new OutboundLogQueue();
  const shipper = new LogShipper(queue, link, { lingerMs: 5, timers: clock });
  const sequencer = new LogSequencer(0);
  const write = (count: number) => {
    queue.enqueue(
      'c',
      Array.from({ length: count }, (_, i) => sequencer.line(tsAt(i), 'stdout', 'x')),
    );
    shipper.kick();
  };
  return { sent, clock, write };
}

describe('LogShipper', () => {
  it('sends a line at once after a quiet spell, and gathers what follows it closely', async () => {
    const { sent, clock, write } = bed();
    write(1);
    await Promise.resolve();
    expect(sent).toEqual([[0]]);
    write(2);
    await clock.advance(1);
    write(3);
    expect(sent).toHaveLength(1);
    await clock.advance(4);
    expect(sent).toEqual([[0], [1, 2, 3, 4, 5]]);
    // Quiet for longer than the linger: the next line goes at once again.
    await clock.advance(10);
    write(1);
    await Promise.resolve();
    expect(sent).toEqual([[0], [1, 2, 3, 4, 5], [6]]);
  });
});
