import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_BATCH_LINES } from './limits.ts';
import { logEntriesSchema, logLinesSchema } from './log-batch-schema.ts';
import { logEntrySchema, logLineSchema } from './logs.ts';
import { dockerTimestamp } from './testing/arbitraries.ts';

// What the batch schemas replace: zod's array of entries, whose verdicts and output they must keep.
const arrayOfEntries = z.array(logEntrySchema).min(1).max(MAX_BATCH_LINES);
const arrayOfLines = z.array(logLineSchema).min(1).max(MAX_BATCH_LINES);

// Lines that are valid, nearly valid, or carry keys to strip; and a marker now and then.
const entryLike = fc.oneof(
  fc.record(
    {
      kind: fc.constantFrom('line', 'lines', 'gap'),
      seq: fc.oneof(fc.nat(), fc.constantFrom(-1, 2.5, '3')),
      ts: fc.oneof(dockerTimestamp, fc.constantFrom('2026-11-25', '')),
      stream: fc.constantFrom('stdout', 'stderr', 'stdin'),
      text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('/w==', 'abc', 'x'.repeat(200_000))),
      encoding: fc.constantFrom('base64', 'utf8'),
      truncated: fc.constantFrom(true, false),
      partial: fc.constantFrom(true, 1),
      extra: fc.constant('dropped'),
    },
    { requiredKeys: ['kind', 'seq', 'ts', 'stream', 'text'] },
  ),
  fc.constant({ kind: 'gap', fromSeq: 1, toSeq: 2, reason: 'ring_evicted' }),
  fc.constant(null),
);

describe('the batch schemas', () => {
  it('accept, refuse and output exactly what zod arrays of the entry schemas do', () => {
    fc.assert(
      fc.property(fc.array(entryLike, { maxLength: 6 }), (batch) => {
        for (const [fast, plain] of [
          [logEntriesSchema, arrayOfEntries],
          [logLinesSchema, arrayOfLines],
        ] as const) {
          const a = fast.safeParse(batch, { reportInput: true });
          const b = plain.safeParse(batch, { reportInput: true });
          expect(a.success).toBe(b.success);
          if (a.success && b.success) expect(a.data).toEqual(b.data);
          if (!a.success && !b.success) expect(a.error.issues).toEqual(b.error.issues);
        }
      }),
    );
  });
});
