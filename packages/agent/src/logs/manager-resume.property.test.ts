import { advanceResumeCursor, type LogEntry, type LogLine, type ResumeCursor } from '@bosun/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ModelWrite, muxStream, type RecordedLine, storedLog, storedSince } from '../testing/index.ts';
import { ContainerLogPipeline } from './container-log-pipeline.ts';
import { resumeOptions } from './manager-resume.ts';

// The agent's pipeline over a model of Docker's stored log, resumed from the manager's cursor
// (protocol's rule, which the hub keeps) after a cut at every point: what a viewer ends up with
// must be exactly what it would have had without the cut.

type Docker = { stored: RecordedLine[]; secondGranular: boolean };

/** What one follow of the agent sends: fresh from the start of the log, or resumed from `cursor`. */
function follow(docker: Docker, cursor: ResumeCursor | undefined): LogLine[] {
  const lines: LogLine[] = [];
  const pipeline = new ContainerLogPipeline({
    tty: false,
    ...(cursor ? resumeOptions(cursor) : { nextSeq: 0 }),
    onEntries: (entries: LogEntry[]) => {
      for (const entry of entries) if (entry.kind === 'line') lines.push(entry);
    },
    scheduler: { schedule: () => () => {} },
  });
  const since = cursor ? pipeline.since : undefined;
  pipeline.push(muxStream(storedSince(docker.stored, since, { secondGranular: docker.secondGranular })));
  pipeline.endOfStream();
  return lines;
}

/** The manager's cursor after the lines it received. */
function cursorAfter(lines: readonly LogLine[]): ResumeCursor | undefined {
  return lines.reduce<ResumeCursor | undefined>(
    (cursor, line) => advanceResumeCursor(cursor, line),
    undefined,
  );
}

/** A viewer's view: what it had, then what is newer by seq (the hub and the viewer skip by seq). */
function viewerAfter(had: readonly LogLine[], resumed: readonly LogLine[]): LogLine[] {
  const last = had.at(-1)?.seq ?? -1;
  return [...had, ...resumed.filter((line) => line.seq > last)];
}

const writeArb: fc.Arbitrary<ModelWrite> = fc.record({
  stderr: fc.boolean(),
  // Repeated stamps, nanosecond steps, and steps that leave trimmed fractions ("…26.1Z").
  afterNs: fc.constantFrom(0, 0, 1, 7, 1_000, 100_000_000),
  late: fc.integer({ min: 0, max: 4 }),
});
const dockerArb: fc.Arbitrary<Docker> = fc.record({
  stored: fc.array(writeArb, { minLength: 1, maxLength: 24 }).map(storedLog),
  secondGranular: fc.boolean(),
});

describe('a resume from the manager’s cursor', () => {
  it('after a link drop at any point: every line once, in order, with the same seq', () => {
    fc.assert(
      fc.property(dockerArb, (docker) => {
        const whole = follow(docker, undefined);
        expect(whole).toHaveLength(docker.stored.length);
        for (let cut = 1; cut <= whole.length; cut++) {
          const held = whole.slice(0, cut);
          expect(viewerAfter(held, follow(docker, cursorAfter(held)))).toEqual(whole);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('after a manager restart from an older persisted cursor: the same lines with the same seqs', () => {
    fc.assert(
      fc.property(dockerArb, (docker) => {
        const whole = follow(docker, undefined);
        for (let cut = 1; cut <= whole.length; cut++) {
          const seen = whole.slice(0, cut);
          for (let persisted = 1; persisted <= cut; persisted++) {
            const resumed = follow(docker, cursorAfter(whole.slice(0, persisted)));
            expect(resumed).toEqual(whole.slice(persisted));
            expect(viewerAfter(seen, resumed)).toEqual(whole);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('across a chain of link drops and manager restarts', () => {
    const cutArb = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      restart: fc.boolean(),
      persistedBack: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(dockerArb, fc.array(cutArb, { minLength: 1, maxLength: 6 }), (docker, cuts) => {
        const whole = follow(docker, undefined);
        let viewer: LogLine[] = [];
        // What the manager holds as its cursor, and what it last persisted.
        let held: LogLine[] = [];
        let run = follow(docker, undefined);
        for (const cut of cuts) {
          const received = run.slice(0, Math.floor(run.length * cut.at));
          viewer = viewerAfter(viewer, received);
          held = [...held, ...received];
          // A restart forgets what arrived since the last cursor write; the ring goes with it.
          if (cut.restart) held = held.slice(0, Math.floor(held.length * cut.persistedBack));
          run = follow(docker, cursorAfter(held));
          if (held.length === 0) run = follow(docker, undefined);
        }
        expect(viewerAfter(viewer, run)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
