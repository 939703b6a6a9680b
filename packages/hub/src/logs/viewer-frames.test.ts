import { decode, EXAMPLE_LOG_ENTRIES, EXAMPLE_LOG_LINES, encodePush, packLogLines } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import {
  batchFrame,
  encodeBatch,
  gapFrame,
  historyFrame,
  jsonOf,
  packedBatchFrame,
  packedJsonOf,
} from './viewer-frames.ts';

describe('spliced viewer frames', () => {
  const batch = encodeBatch(EXAMPLE_LOG_ENTRIES);
  const sub = 'sub "quoted" \u2028';

  it('equal what encodePush builds', () => {
    expect(batchFrame(sub, jsonOf(batch))).toBe(
      encodePush('logs.batch', { sub, entries: EXAMPLE_LOG_ENTRIES }),
    );
    for (const done of [true, false]) {
      expect(historyFrame(sub, jsonOf(batch), done)).toBe(
        encodePush('logs.history', { sub, entries: EXAMPLE_LOG_ENTRIES, done }),
      );
    }
    expect(historyFrame(sub, '[]', true)).toBe(encodePush('logs.history', { sub, entries: [], done: true }));
  });

  it('decode as valid frames', () => {
    expect(decode(batchFrame('s', jsonOf(batch))).ok).toBe(true);
    expect(decode(gapFrame('s', { fromSeq: 1, toSeq: 3, count: 3 }, 'subscriber_behind')).ok).toBe(true);
  });
});

describe('a packed viewer frame', () => {
  it('equals what encodePush builds, made once per batch, and none for a batch with a marker', () => {
    const batch = encodeBatch(EXAMPLE_LOG_LINES);
    const json = packedJsonOf(batch);
    expect(json).not.toBeNull();
    expect(packedBatchFrame('s', json!)).toBe(
      encodePush('logs.batch.packed', { sub: 's', lines: packLogLines(EXAMPLE_LOG_LINES)[0]! }),
    );
    expect(packedJsonOf(batch)).toBe(json);
    expect(batch.packedJson).toBe(json);
    expect(packedJsonOf(encodeBatch(EXAMPLE_LOG_ENTRIES))).toBeNull();
  });
});
