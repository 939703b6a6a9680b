import type { Clock, Connection, TimerHandle } from '@bosun/hub';
import { HubCounters, PacedFanOut, Subscriber, subscriptionFilterOf } from '@bosun/hub/testing';
import type { LogLine, LogLineFilter } from '@bosun/protocol';

// `node bench/fan-out-filter.bench.ts`: what filtered subscriptions cost a topic's fan-out, on
// the hub's own classes with sockets that only count what they are sent. Each case fans out the
// same batches (100 lines of ~100 bytes, one line in 1,000 an ERROR) to its subscribers; cases run
// interleaved, several rounds, and the median per case is printed, never asserted.
// BOSUN_BENCH_BATCHES and BOSUN_BENCH_ROUNDS change the defaults.

const BATCHES = Number(process.env.BOSUN_BENCH_BATCHES ?? 2_000);
const ROUNDS = Number(process.env.BOSUN_BENCH_ROUNDS ?? 7);
const LINES_PER_BATCH = 100;

class CountingConnection implements Connection {
  readonly id = 'bench';
  readonly bufferedAmount = 0;
  readonly open = true;
  frames = 0;
  bytes = 0;
  send(text: string): void {
    this.frames += 1;
    this.bytes += text.length;
  }
  close(): void {}
}

const clock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
};

function batch(from: number): LogLine[] {
  return Array.from({ length: LINES_PER_BATCH }, (_, i) => {
    const seq = from + i;
    const level = seq % 1000 === 0 ? 'ERROR' : 'INFO';
    return {
      kind: 'line',
      seq,
      ts: `2026-11-25T03:00:00.${String(seq % 1e9).padStart(9, '0')}Z`,
      stream: 'stdout',
      text: `${level} request handled path=/api/v1/items/${seq} status=200`.padEnd(100, '.'),
    };
  });
}

type Case = { name: string; plain: number; filtered: number; filters: number; regex?: boolean };

// Distinct filters that all keep the ERROR lines; `regex` runs them on the `auto` engine.
function filterOf(c: Case, index: number): LogLineFilter {
  if (c.regex) return { pattern: `ERROR.*items/\\d*${index}\\b`, regex: true };
  return { pattern: index === 0 ? 'ERROR' : `ERROR request handled path=/api/v1/items/${index}` };
}

const CASES: Case[] = [
  { name: '100 unfiltered', plain: 100, filtered: 0, filters: 0 },
  { name: '100 unfiltered + 100 filtered (1 filter)', plain: 100, filtered: 100, filters: 1 },
  { name: '100 unfiltered + 100 filtered (10 filters)', plain: 100, filtered: 100, filters: 10 },
  { name: '100 filtered (1 filter)', plain: 0, filtered: 100, filters: 1 },
  { name: '100 filtered (1 regex filter)', plain: 0, filtered: 100, filters: 1, regex: true },
];

function run(c: Case, batches: LogLine[][]): { ms: number; frames: number } {
  const subscribers = new Set<Subscriber>();
  const fanOut = new PacedFanOut({ clock, spacingMs: () => 0, backlogged: () => {} }, subscribers);
  const bounds = { queueLines: 10_000, queueBytes: 8 << 20, highWaterBytes: 1 << 20 };
  const conns: CountingConnection[] = [];
  const add = (filterIndex?: number) => {
    const conn = new CountingConnection();
    conns.push(conn);
    const filter = filterIndex === undefined ? undefined : subscriptionFilterOf(filterOf(c, filterIndex));
    const filtering = filter && { filter, clock, reportEveryMs: 1000 };
    const subscriber = new Subscriber('s', conn, bounds, new HubCounters(), undefined, false, filtering);
    subscriber.begin([], undefined, undefined);
    subscribers.add(subscriber);
  };
  for (let i = 0; i < c.plain; i++) add();
  for (let i = 0; i < c.filtered; i++) add(i % c.filters);
  const start = performance.now();
  for (const entries of batches) fanOut.send(entries);
  const ms = performance.now() - start;
  return { ms, frames: conns.reduce((sum, conn) => sum + conn.frames, 0) };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const batches = Array.from({ length: BATCHES }, (_, i) => batch(i * LINES_PER_BATCH));
const times = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
const frames = new Map<string, number>();
run(CASES[0] as Case, batches.slice(0, 200));
for (let round = 0; round < ROUNDS; round++) {
  for (const c of CASES) {
    const result = run(c, batches);
    times.get(c.name)?.push(result.ms);
    frames.set(c.name, result.frames);
  }
}
const lines = BATCHES * LINES_PER_BATCH;
console.log(
  `${lines.toLocaleString('en-US')} lines in batches of ${LINES_PER_BATCH}, median of ${ROUNDS} rounds`,
);
for (const c of CASES) {
  const ms = median(times.get(c.name) ?? []);
  const perLine = (ms * 1e6) / lines;
  console.log(
    `${c.name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${perLine.toFixed(0).padStart(6)} ns/line  ${String(frames.get(c.name)).padStart(8)} frames`,
  );
}
