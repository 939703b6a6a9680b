import { describe, expect, it } from 'vitest';
import { decode } from './decode.ts';
import { encodePush } from './encode.ts';
import { newInbox } from './envelope.ts';
import { EXAMPLE_AGENT_ID, EXAMPLE_CONTAINER_ID } from './examples.ts';
import { logsSubscribeResultSchema, logsSubscribeSchema } from './viewer-subjects.ts';

// A peer of the release before filtered subscriptions read these frames with these shapes.
const olderSubscribeSchema = logsSubscribeSchema.omit({ filter: true });
const olderResultSchema = logsSubscribeResultSchema.omit({ filtered: true });

const subscribe = { sub: 's1', agent: EXAMPLE_AGENT_ID, container: 'shop-api-1' };
const result = {
  sub: 's1',
  container: EXAMPLE_CONTAINER_ID,
  agent: EXAMPLE_AGENT_ID,
  firstSeq: 0,
  nextSeq: 9,
};

describe('filtered subscriptions on the wire', () => {
  it('reach an older manager as a plain subscription: the filter is dropped, not refused', () => {
    const parsed = olderSubscribeSchema.parse({ ...subscribe, filter: { pattern: 'ERROR' } });
    expect(parsed).toEqual(subscribe);
  });

  it('let a newer viewer read an older manager’s reply, which says nothing of a filter', () => {
    expect(logsSubscribeResultSchema.parse(result).filtered).toBeUndefined();
  });

  it('let an older viewer read a reply that says the filter is applied', () => {
    expect(olderResultSchema.parse({ ...result, filtered: true })).toEqual(result);
  });

  it('refuse a filter the schema bounds exclude before it reaches the manager’s matcher', () => {
    for (const filter of [{ pattern: '' }, { pattern: 'x'.repeat(1001) }, { levels: ['loud'] }]) {
      const data = { ...subscribe, filter };
      const decoded = decode(JSON.stringify({ subject: 'logs.subscribe', reply: newInbox(), data }));
      expect(decoded.ok && decoded.frame.subject).toBe(false);
    }
  });

  it('carry a skipped-lines report as its own push, never mistaken for a gap', () => {
    const decoded = decode(encodePush('logs.skipped', { sub: 's1', count: 120, throughSeq: 4000 }));
    expect(decoded.ok && decoded.frame.subject).toBe('logs.skipped');
  });
});
