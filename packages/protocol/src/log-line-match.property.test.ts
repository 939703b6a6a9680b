import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_LEVELS, type LogLineFilter } from './log-filter.ts';
import { canonicalLineFilter, compileLineFilter } from './log-line-match.ts';
import { LOG_STREAMS } from './logs.ts';

const RUNS = 1_000;

const levelWords = [
  'ERROR',
  'WARN',
  'INFO',
  'DEBUG',
  'error',
  'noise',
  '{"level":"warn"}',
  '\x1b[31mERROR\x1b[0m',
];
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.tuple(fc.constantFrom(...levelWords), fc.string({ maxLength: 20 })).map(([a, b]) => `${a} ${b}`),
);
const line = fc.record({ text, stream: fc.constantFrom(...LOG_STREAMS) });
const filter: fc.Arbitrary<LogLineFilter> = fc.record(
  {
    pattern: fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constantFrom('ERROR', 'a.c', 'e+')),
    regex: fc.boolean(),
    caseSensitive: fc.boolean(),
    streams: fc.uniqueArray(fc.constantFrom(...LOG_STREAMS), { minLength: 1 }),
    levels: fc.array(fc.constantFrom(...LOG_LEVELS), { minLength: 1, maxLength: 6 }),
  },
  { requiredKeys: [], noNullPrototype: true },
);

// A regex the generator made may not compile; those are refused, which another test covers.
function compiles(f: LogLineFilter): boolean {
  try {
    compileLineFilter(f);
    return true;
  } catch {
    return false;
  }
}

describe('compileLineFilter (properties)', () => {
  it('keeps exactly the lines each of its fields keeps alone', () => {
    fc.assert(
      fc.property(filter, line, (f, l) => {
        fc.pre(compiles(f));
        const parts: LogLineFilter[] = [];
        if (f.pattern !== undefined) {
          const part: LogLineFilter = { pattern: f.pattern };
          if (f.regex !== undefined) part.regex = f.regex;
          if (f.caseSensitive !== undefined) part.caseSensitive = f.caseSensitive;
          parts.push(part);
        }
        if (f.streams !== undefined) parts.push({ streams: f.streams });
        if (f.levels !== undefined) parts.push({ levels: f.levels });
        const alone = parts.every((part) => compileLineFilter(part)(l));
        expect(compileLineFilter(f)(l)).toBe(alone);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps the same lines as its canonical form', () => {
    fc.assert(
      fc.property(filter, line, (f, l) => {
        fc.pre(compiles(f));
        const canonical = canonicalLineFilter(f) ?? {};
        expect(compileLineFilter(canonical)(l)).toBe(compileLineFilter(f)(l));
      }),
      { numRuns: RUNS },
    );
  });

  it('never keeps fewer lines for a case-insensitive substring than for the case-sensitive one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 4 }), line, (pattern, l) => {
        if (compileLineFilter({ pattern, caseSensitive: true })(l)) {
          expect(compileLineFilter({ pattern })(l)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
