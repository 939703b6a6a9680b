import {
  dockerTimestampToUnixNanos,
  type LogEntry,
  type LogLine,
  type PositionsByStream,
} from '@bosun/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytes,
  caseLater,
  chunksOf,
  dockerMessages,
  expectedLines,
  frame,
  linesOf,
  muxMessages,
  muxStream,
  RECORDED_CASES,
  type RecordedCase,
  type RecordedLine,
  SPLIT,
  splitAt,
  splitEverywhere,
  splitNearEdges,
  storedSince,
  streamOf,
  tsAt,
  ttyStream,
} from '../testing/index.ts';
import { ContainerLogPipeline, type Scheduler } from './container-log-pipeline.ts';

function line(stream: 'stdout' | 'stderr', i: number, text: string) {
  return { stream, ts: tsAt(i), content: bytes(text) };
}

import type { LogStreamError } from './log-stream-error.ts';

function manualScheduler(): Scheduler & { run(): void } {
  const tasks = new Set<() => void>();
  return {
    schedule(fn) {
      tasks.add(fn);
      return () => tasks.delete(fn);
    },
    run() {
      for (const task of [...tasks]) {
        tasks.delete(task);
        task();
      }
    },
  };
}

interface Options {
  tty?: boolean;
  nextSeq?: number;
  resume?: { ts: string; countAtTs?: number };
  resumeStreams?: PositionsByStream;
  onReplay?: () => void;
}

function pipeline(options: Options = {}) {
  const entries: LogEntry[] = [];
  const errors: LogStreamError[] = [];
  const scheduler = manualScheduler();
  const p = new ContainerLogPipeline({
    tty: options.tty ?? false,
    nextSeq: options.nextSeq ?? 0,
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    ...(options.resumeStreams === undefined ? {} : { resumeStreams: options.resumeStreams }),
    onEntries: (batch) => entries.push(...batch),
    scheduler,
    onError: (error) => errors.push(error),
    ...(options.onReplay === undefined ? {} : { onReplay: options.onReplay }),
  });
  // Each chunk is a copy that is scribbled over once pushed: no stage may keep a view of it.
  const push = (chunks: Iterable<Uint8Array>) => {
    for (const chunk of chunks) {
      const copy = Buffer.from(chunk);
      p.push(copy);
      copy.fill(0xee);
    }
  };
  return { p, entries, errors, push, scheduler };
}

function run(chunks: Iterable<Uint8Array>, options: Options = {}) {
  const { p, entries, errors, push } = pipeline(options);
  push(chunks);
  p.endOfStream();
  return { entries, errors };
}

const lineSeqs = (entries: LogEntry[]) =>
  entries.filter((e): e is LogLine => e.kind === 'line').map((e) => e.seq);

describe('ContainerLogPipeline: lines are byte-identical to what the container wrote', () => {
  for (const recorded of RECORDED_CASES) {
    describe(recorded.name, () => {
      const stream = streamOf(recorded);
      const expected = expectedLines(recorded.lines);
      const options = { tty: recorded.tty };

      it('in one chunk, numbered in order', () => {
        const { entries, errors } = run([stream], { ...options, nextSeq: 7 });
        expect(linesOf(entries)).toEqual(expected);
        expect(errors).toEqual([]);
        expect(lineSeqs(entries)).toEqual(Array.from({ length: recorded.lines.length }, (_, i) => 7 + i));
      });

      // Long streams are cut everywhere near the edges of their messages, where state crosses chunks.
      const everywhere = stream.length <= 8 * 1024;
      it(
        everywhere ? 'cut in two at every possible place' : 'cut in two at every place near a message edge',
        () => {
          for (const chunks of everywhere ? splitEverywhere(stream) : splitNearEdges(recorded)) {
            const { entries } = run(chunks, options);
            const actual = linesOf(entries);
            if (!equalLines(actual, expected)) expect(actual).toEqual(expected);
          }
        },
      );

      it('byte by byte', () => {
        expect(linesOf(run(chunksOf(stream, 1), options).entries)).toEqual(expected);
      });
    });
  }

  it('all recorded multiplexed cases in one stream, cut at random places', () => {
    // A stream ending in a 16 KiB piece without newline would rightly continue into the next case.
    const endsInPiece = (c: RecordedCase) =>
      c.lines.at(-1)?.newline === false && c.lines.at(-1)!.content.length % SPLIT === 0;
    const cases = RECORDED_CASES.filter((c) => !c.tty)
      .sort((a, b) => Number(endsInPiece(a)) - Number(endsInPiece(b)))
      .map((c, i) => caseLater(c, i));
    const stream = Buffer.concat(cases.map(streamOf));
    const expected = expectedLines(cases.flatMap((c) => c.lines));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 64 }), (offsets) => {
        expect(equalLines(linesOf(run(splitAt(stream, offsets)).entries), expected)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('random lines, random chunking, in both formats', () => {
    const lineArb = fc.record({
      stream: fc.constantFrom('stdout' as const, 'stderr' as const),
      content: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }).map((s) => bytes(s.replaceAll('\n', ''))),
        fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a.filter((b) => b !== 0x0a))),
        fc.integer({ min: SPLIT - 2, max: 2 * SPLIT + 2 }).map((n) => Buffer.alloc(n, 'L')),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 16 }),
        fc.boolean(),
        (drawn, tty, cuts, lastHasNewline) => {
          const lines: RecordedLine[] = drawn.map((l, i) => ({
            stream: tty ? 'stdout' : l.stream,
            ts: tsAt(i),
            content: l.content,
            newline: lastHasNewline || i < drawn.length - 1 || l.content.length === 0,
          }));
          const stream = tty ? ttyStream(lines) : muxStream(lines);
          const offsets = cuts.map((c) => c % (stream.length + 1));
          expect(
            equalLines(linesOf(run(splitAt(stream, offsets), { tty }).entries), expectedLines(lines)),
          ).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('ContainerLogPipeline: Docker replaying lines at a log rotation', () => {
  it('sends each line once when a follow body repeats lines, whatever the stream, and numbers on', () => {
    const out = (i: number) => line('stdout', i, `out ${i}`);
    const err = (i: number) => line('stderr', i, `err ${i}`);
    // As Docker 20.10's json-file follow does at a rotation: what it had read of the new file again.
    const body = muxStream([out(0), err(1), out(2), out(3), err(1), out(2), out(3), out(4), err(5)]);
    let replays = 0;
    const { entries } = run(chunksOf(body, 7), { onReplay: () => replays++ });
    expect(replays).toBe(3);
    const lines = entries.filter((e): e is LogLine => e.kind === 'line');
    expect(lines.map((l) => [l.seq, l.text])).toEqual([
      [0, 'out 0'],
      [1, 'err 1'],
      [2, 'out 2'],
      [3, 'out 3'],
      [4, 'out 4'],
      [5, 'err 5'],
    ]);
  });
});

describe('ContainerLogPipeline: stream errors', () => {
  it('reports an oversized frame header and keeps what came before', () => {
    const stream = Buffer.concat([
      frame('stdout', Buffer.concat([bytes(`${tsAt(0)} `), bytes('before\n')])),
      Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
      frame('stdout', Buffer.concat([bytes(`${tsAt(1)} `), bytes('never\n')])),
    ]);
    const { entries, errors } = run([stream]);
    expect(entries.map((e) => (e.kind === 'line' ? e.text : e.kind))).toEqual(['before']);
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([['frame_too_large', true]]);
  });
});

// Lines of a first run, split into what the first follow delivered and a second follow from `since`.
const FIRST_RUN: RecordedLine[] = [
  { stream: 'stdout', ts: tsAt(0), content: bytes('boot') },
  { stream: 'stdout', ts: tsAt(4), content: bytes('same ts, stdout 1') },
  { stream: 'stderr', ts: tsAt(4), content: bytes('same ts, stderr') },
  { stream: 'stdout', ts: tsAt(4), content: bytes('same ts, stdout 2') },
];
const SECOND_RUN: RecordedLine[] = [
  { stream: 'stdout', ts: tsAt(8), content: bytes('second run') },
  { stream: 'stderr', ts: tsAt(9), content: bytes('second run, stderr') },
];
const texts = (entries: LogEntry[]) =>
  entries.map((e) =>
    e.kind === 'line'
      ? `${e.seq} ${e.stream} ${e.text}`
      : e.kind === 'gap'
        ? `gap ${e.fromSeq}-${e.toSeq}`
        : `${e.kind} after ${e.afterSeq}`,
  );

function toSince(ts: string): string {
  const nanos = dockerTimestampToUnixNanos(ts);
  return `${nanos / 1_000_000_000n}.${(nanos % 1_000_000_000n).toString().padStart(9, '0')}`;
}

// Lines stamped in turn on two streams, stored with some of them late: each stream keeps its
// own order, as Docker's one goroutine per stream does, but a line may land after newer lines of
// the other stream.
function interleavedOutOfOrder(specs: Array<{ stderr: boolean; late: number }>): RecordedLine[] {
  const keyed: Array<{ key: number; line: RecordedLine }> = [];
  const lastKey = { stdout: -1, stderr: -1 };
  specs.forEach((spec, i) => {
    const stream = spec.stderr ? 'stderr' : 'stdout';
    const key = Math.max(i + spec.late, lastKey[stream] + 0.5);
    lastKey[stream] = key;
    keyed.push({ key, line: { stream, ts: tsAt(i), content: bytes(`${stream} ${i}`) } });
  });
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.line);
}

describe('ContainerLogPipeline: restarts and re-follows', () => {
  it('drops what a follow from `since` repeats after a restart, lines sharing a timestamp included', () => {
    const { p, entries, push } = pipeline();
    push([muxStream(FIRST_RUN)]);
    p.endOfStream();
    expect(p.since).toBe('1795576767.000000000');
    p.beginRestart(tsAt(7));
    // Docker's `since` is second-granular in some versions: the whole second comes back.
    push(chunksOf(muxStream([...FIRST_RUN, ...SECOND_RUN]), 5));
    p.endOfStream();
    expect(texts(entries)).toEqual([
      '0 stdout boot',
      '1 stdout same ts, stdout 1',
      '2 stderr same ts, stderr',
      '3 stdout same ts, stdout 2',
      'restart after 3',
      '4 stdout second run',
      '5 stderr second run, stderr',
    ]);
    expect(p.nextSeq).toBe(6);
  });

  it('drops repeated lines on a plain re-follow too, and keeps the ones not sent yet', () => {
    const { p, entries, push } = pipeline();
    const all = muxStream(FIRST_RUN);
    // The connection broke after the first three lines.
    const third = muxStream(FIRST_RUN.slice(0, 3)).length;
    push([all.subarray(0, third + 3)]);
    p.beginRefollow();
    expect(p.since).toBe(toSince(tsAt(4)));
    push([muxStream(FIRST_RUN.slice(1))]);
    p.endOfStream();
    expect(texts(entries)).toEqual([
      '0 stdout boot',
      '1 stdout same ts, stdout 1',
      '2 stderr same ts, stderr',
      '3 stdout same ts, stdout 2',
    ]);
  });

  it('does not send a long line in two parts when the connection breaks inside it', () => {
    const long: RecordedLine = {
      stream: 'stdout',
      ts: tsAt(1),
      content: Buffer.alloc(40 * 1024, 'w'),
      pieceTs: [tsAt(2), tsAt(3)],
    };
    const lines = [FIRST_RUN[0]!, long, SECOND_RUN[0]!];
    const stream = muxStream(lines);
    const { p, entries, push } = pipeline();
    push([stream.subarray(0, muxStream([lines[0]!]).length + SPLIT + 100)]);
    p.beginRefollow();
    push([stream]);
    p.endOfStream();
    expect(linesOf(entries)).toEqual(expectedLines(lines));
  });

  it('keeps a 16 KiB unterminated last piece apart from the next run when the restart replays it', () => {
    const lastWords: RecordedLine = {
      stream: 'stdout',
      ts: tsAt(2),
      content: Buffer.alloc(SPLIT, 'u'),
      newline: false,
    };
    const { p, entries, push } = pipeline();
    push([muxStream([FIRST_RUN[0]!, lastWords])]);
    p.endOfStream();
    p.beginRestart(tsAt(7));
    push([muxMessages([...dockerMessages(lastWords), ...SECOND_RUN.flatMap(dockerMessages)])]);
    p.endOfStream();
    expect(linesOf(entries)).toEqual(expectedLines([FIRST_RUN[0]!, lastWords, ...SECOND_RUN]));
    expect(entries.map((e) => e.kind)).toEqual(['line', 'line', 'restart', 'line', 'line']);
  });

  it('TTY: keeps an unterminated last message apart from the next run when the restart replays it', () => {
    const first: RecordedLine[] = [
      { stream: 'stdout', ts: tsAt(0), content: bytes('$ read -p') },
      { stream: 'stdout', ts: tsAt(1), content: bytes('Password: '), newline: false },
    ];
    const second: RecordedLine[] = [{ stream: 'stdout', ts: tsAt(8), content: bytes('welcome back\r') }];
    for (const chunks of splitEverywhere(ttyStream([first[1]!, ...second]))) {
      const { p, entries, push } = pipeline({ tty: true });
      push([ttyStream(first)]);
      p.endOfStream();
      p.beginRestart(tsAt(7));
      push(chunks);
      p.endOfStream();
      expect(texts(entries)).toEqual([
        '0 stdout $ read -p',
        '1 stdout Password: ',
        'restart after 1',
        '2 stdout welcome back\r',
      ]);
    }
  });

  it('reads again a line Docker stored after a newer line of the other stream, once', () => {
    // Docker stamps each stream in its own goroutine: `out 2` is older than `err 3` but stored after it.
    const stored: RecordedLine[] = [
      { stream: 'stdout', ts: tsAt(1), content: bytes('out 1') },
      { stream: 'stderr', ts: tsAt(3), content: bytes('err 3') },
      { stream: 'stdout', ts: tsAt(2), content: bytes('out 2') },
      { stream: 'stderr', ts: tsAt(4), content: bytes('err 4') },
    ];
    const { p, entries, push } = pipeline();
    // The follow was cut (a `die` event) after the first two lines.
    push([muxStream(stored.slice(0, 2))]);
    p.beginRefollow();
    expect(p.since).toBe(toSince(tsAt(1)));
    push([muxStream(storedSince(stored, p.since))]);
    p.endOfStream();
    expect(texts(entries)).toEqual(['0 stdout out 1', '1 stderr err 3', '2 stdout out 2', '3 stderr err 4']);
  });

  it('never goes back further than the refollow window for a quiet stream', () => {
    const { p, push } = pipeline();
    // tsAt steps through 4 timestamps a second: 40 steps is 10 s.
    push([muxStream([{ stream: 'stderr', ts: tsAt(0), content: bytes('long ago') }])]);
    push([muxStream([{ stream: 'stdout', ts: tsAt(40), content: bytes('now') }])]);
    p.beginRefollow();
    expect(p.since).toBe('1795576774.000000000');
  });

  it('loses and repeats nothing when a follow is cut anywhere in an interleaved log stored out of time order', () => {
    const line = fc.record({ stderr: fc.boolean(), late: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (specs, cutAt, clean) => {
          const stored = interleavedOutOfOrder(specs);
          const whole = muxStream(stored);
          const { p, entries, push } = pipeline();
          push([whole.subarray(0, Math.floor(whole.length * cutAt))]);
          if (clean) p.endOfStream();
          else p.beginRefollow();
          push([muxStream(storedSince(stored, p.since))]);
          p.endOfStream();
          // A clean end mid-line sends the piece it has (Docker would only end at a line's end).
          const got = linesOf(entries);
          const want = expectedLines(stored);
          for (const stream of ['stdout', 'stderr'] as const) {
            const texts = got[stream].map((l) => l.content.toString());
            expect(new Set(texts).size, `${stream}: nothing twice`).toBe(texts.length);
            const complete = want[stream].map((l) => l.content.toString());
            if (!clean) expect(texts).toEqual(complete);
            else for (const text of complete) expect(texts, `${stream}: ${text}`).toContain(text);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('resumes from a point given by the manager', () => {
    const { p, entries, push } = pipeline({ nextSeq: 3, resume: { ts: tsAt(4), countAtTs: 2 } });
    push([muxStream([...FIRST_RUN, ...SECOND_RUN])]);
    p.endOfStream();
    expect(texts(entries)).toEqual([
      '3 stdout same ts, stdout 2',
      '4 stdout second run',
      '5 stderr second run, stderr',
    ]);
  });

  it('resumes each stream from its own position given by the manager, reading a late line once', () => {
    // `out 2` is older than `err 3` but stored after it; the link dropped after `err 3`.
    const stored: RecordedLine[] = [
      { stream: 'stdout', ts: tsAt(1), content: bytes('out 1') },
      { stream: 'stderr', ts: tsAt(3), content: bytes('err 3') },
      { stream: 'stdout', ts: tsAt(2), content: bytes('out 2') },
      { stream: 'stderr', ts: tsAt(4), content: bytes('err 4') },
    ];
    const resumeStreams = { stdout: { ts: tsAt(1), countAtTs: 1 }, stderr: { ts: tsAt(3), countAtTs: 1 } };
    const { p, entries, push } = pipeline({ nextSeq: 2, resumeStreams });
    expect(p.since).toBe(toSince(tsAt(1)));
    push([muxStream(storedSince(stored, p.since))]);
    p.endOfStream();
    expect(texts(entries)).toEqual(['2 stdout out 2', '3 stderr err 4']);
  });

  it('resumes a stream the manager has no line of from the refollow window, and takes all of it', () => {
    const stored: RecordedLine[] = [
      { stream: 'stdout', ts: tsAt(40), content: bytes('out 40') },
      { stream: 'stderr', ts: tsAt(39), content: bytes('err 39') },
    ];
    const { p, entries, push } = pipeline({
      nextSeq: 1,
      resumeStreams: { stdout: { ts: tsAt(40), countAtTs: 1 } },
    });
    // tsAt steps through 4 timestamps a second: the window reaches back 2 s from tsAt(40).
    expect(p.since).toBe('1795576774.000000000');
    push([muxStream(storedSince(stored, p.since))]);
    p.endOfStream();
    expect(texts(entries)).toEqual(['1 stderr err 39']);
  });

  it('without a count, skips every line stamped at or before the resume timestamp', () => {
    const { p, entries, push } = pipeline({ nextSeq: 4, resume: { ts: tsAt(4) } });
    expect(p.since).toBe(toSince(tsAt(4)));
    push([muxStream([...FIRST_RUN, ...SECOND_RUN])]);
    p.endOfStream();
    expect(texts(entries)).toEqual(['4 stdout second run', '5 stderr second run, stderr']);
  });
});

describe('ContainerLogPipeline: markers and batches', () => {
  it('end() sends partial output, then the end marker; later chunks are ignored', () => {
    const { p, entries, push } = pipeline();
    push([muxStream([{ stream: 'stdout', ts: tsAt(0), content: Buffer.alloc(SPLIT, 'p'), newline: false }])]);
    p.end('removed', 'container removed', tsAt(5));
    push([muxStream(SECOND_RUN)]);
    p.end('error');
    expect(entries.map((e) => e.kind)).toEqual(['line', 'end']);
    expect(entries[1]).toEqual({
      kind: 'end',
      afterSeq: 0,
      reason: 'removed',
      message: 'container removed',
      ts: tsAt(5),
    });
  });

  it('sends what one turn read as one batch when the scheduler fires', () => {
    const batches: number[] = [];
    const scheduler = manualScheduler();
    const p = new ContainerLogPipeline({
      tty: false,
      nextSeq: 0,
      onEntries: (entries) => batches.push(entries.length),
      scheduler,
    });
    const lines = Array.from(
      { length: 1500 },
      (_, i): RecordedLine => ({
        stream: 'stdout',
        ts: tsAt(i),
        content: bytes(`line ${i}`),
      }),
    );
    for (const chunk of chunksOf(muxStream(lines), 4096)) p.push(chunk);
    expect(batches).toEqual([1000]);
    scheduler.run();
    expect(batches).toEqual([1000, 500]);
  });
});

function equalLines(a: ReturnType<typeof linesOf>, b: ReturnType<typeof linesOf>): boolean {
  for (const stream of ['stdout', 'stderr'] as const) {
    const x = a[stream];
    const y = b[stream];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (
        x[i]!.ts !== y[i]!.ts ||
        x[i]!.truncated !== y[i]!.truncated ||
        !x[i]!.content.equals(y[i]!.content)
      ) {
        return false;
      }
    }
  }
  return true;
}
