import { describe, expect, it } from 'vitest';
import { PatternWorkerCore } from './pattern-worker-core.ts';
import type { FromPatternWorker } from './pattern-worker-messages.ts';

function core(now: () => number = () => 0) {
  const sent: FromPatternWorker[] = [];
  return { core: new PatternWorkerCore((message) => sent.push(message), now), sent };
}

const ERR = { query: 'err(or)?', regex: true, caseSensitive: false };

describe('PatternWorkerCore', () => {
  it('judges the lines it holds by id, a line it no longer holds as no match', () => {
    const { core: worker, sent } = core();
    worker.handle({ type: 'add', ids: [1, 2, 3], texts: ['ok', 'an ERROR', 'err'] });
    worker.handle({ type: 'drop', ids: [3] });
    worker.handle({ type: 'pattern', spec: ERR, engine: 'native' });
    worker.handle({ type: 'judge', ticket: 7, ids: new Float64Array([1, 2, 3]) });
    expect(sent).toEqual([{ type: 'verdicts', ticket: 7, flags: new Uint8Array([0, 1, 0]) }]);
    expect(worker.size).toBe(2);
  });

  it('matches nothing without a pattern, and forgets every line on clear', () => {
    const { core: worker, sent } = core();
    worker.handle({ type: 'add', ids: [1], texts: ['error'] });
    worker.handle({ type: 'judge', ticket: 1, ids: new Float64Array([1]) });
    worker.handle({ type: 'clear' });
    expect(sent).toEqual([{ type: 'verdicts', ticket: 1, flags: new Uint8Array([0]) }]);
    expect(worker.size).toBe(0);
  });

  it('gives the ranges of each text on the engine it was told', () => {
    for (const engine of ['native', 'linear'] as const) {
      const { core: worker, sent } = core();
      worker.handle({ type: 'pattern', spec: ERR, engine });
      worker.handle({ type: 'ranges', ticket: 2, texts: ['Err and error', 'nothing'] });
      expect(sent).toEqual([
        {
          type: 'ranges',
          ticket: 2,
          ranges: [
            [
              [0, 3],
              [8, 13],
            ],
            [],
          ],
        },
      ]);
    }
  });

  it('says it is still working during a long pass, and no more often than every 100 ms', () => {
    const ids = Array.from({ length: 2048 }, (_, i) => i);
    const passes = (msPerReading: number) => {
      let clock = 0;
      const { core: worker, sent } = core(() => {
        clock += msPerReading;
        return clock;
      });
      worker.handle({ type: 'add', ids, texts: ids.map((i) => `line ${i}`) });
      worker.handle({
        type: 'pattern',
        spec: { query: 'line', regex: true, caseSensitive: true },
        engine: 'native',
      });
      worker.handle({ type: 'judge', ticket: 3, ids: new Float64Array(ids) });
      return sent.map((message) => message.type);
    };
    // The clock is read once at the start and once every 256 lines.
    expect(passes(100)).toEqual([...Array(8).fill('progress'), 'verdicts']);
    expect(passes(50)).toEqual([...Array(4).fill('progress'), 'verdicts']);
    expect(passes(1)).toEqual(['verdicts']);
  });
});
