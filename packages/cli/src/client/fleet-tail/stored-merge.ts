import { dockerTimestampToUnixNanos, type LogEntry } from '@bosun/protocol';
import { ManagerError } from '../../exit-codes.ts';
import type { ManagerClient } from '../http-client.ts';
import type { OutputSink } from '../output-sink.ts';
import { type LogQuery, readStoredLogs } from '../stored-logs.ts';
import { ReadGate } from './read-gate.ts';
import type { TailSource } from './tail-source.ts';

/** One container's stored read in the merge; `onEntry` sees every entry as it is read and says whether to print it. */
export type StoredRead = {
  source: TailSource;
  query: LogQuery;
  onEntry(entry: LogEntry): boolean;
  onGone(): void;
};

// Per read: pause at 2,000 entries held, go on below 500. With a chunk of input on top, a merge
// of k containers holds a few thousand entries per container at most.
const HIGH = 2_000;
const LOW = 500;
// Entries written between looks at the output's backpressure.
const BATCH = 512;

type Queued = { entry: LogEntry; key: bigint };

class ReadState {
  readonly read: StoredRead;
  readonly gate: ReadGate;
  queue: Queued[] = [];
  head = 0;
  done = false;
  lastKey = 0n;

  constructor(read: StoredRead, stopped: () => boolean, onFlush: () => void) {
    this.read = read;
    this.gate = new ReadGate({
      held: () => this.queue.length - this.head,
      high: HIGH,
      low: LOW,
      stopped,
      onFlush,
    });
  }

  get held(): number {
    return this.queue.length - this.head;
  }

  push(entry: LogEntry): void {
    // A marker sorts with the line before it, so it stays where it was in its container's log.
    if (entry.kind === 'line') this.lastKey = dockerTimestampToUnixNanos(entry.ts);
    this.queue.push({ entry, key: this.lastKey });
  }

  take(): Queued {
    const queued = this.queue[this.head++] as Queued;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return queued;
  }
}

/**
 * The stored logs of several containers merged by Docker timestamp: a k-way merge over reads that
 * run side by side, each paused while the merge holds enough of it (see `ReadGate`), the merge
 * itself paused while the output is full. A container removed between the list and its read is
 * left out with `onGone`. Returns false when the output closed or `signal` stopped the merge.
 */
export async function mergeStoredLogs(
  client: ManagerClient,
  reads: readonly StoredRead[],
  write: (source: TailSource, entry: LogEntry) => void,
  sink: OutputSink,
  signal: AbortSignal,
): Promise<boolean> {
  const stopped = () => signal.aborted || sink.broken;
  let changed: () => void = () => {};
  const poke = () => changed();
  const states = reads.map((read) => new ReadState(read, stopped, poke));
  const failures: unknown[] = [];
  const running = states.map((state) =>
    readStoredLogs(
      client,
      state.read.query,
      state.gate,
      (entry) => {
        if (state.read.onEntry(entry)) state.push(entry);
      },
      signal,
    )
      .catch((error: unknown) => {
        if (error instanceof ManagerError && error.code === 'not_found') state.read.onGone();
        else if (!signal.aborted) failures.push(error);
      })
      .finally(() => {
        state.done = true;
        poke();
      }),
  );
  const onAbort = () => {
    for (const state of states) state.gate.wake();
    poke();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (failures.length > 0) throw failures[0];
      if (stopped()) return false;
      const written = writeReady(states, write);
      if (written > 0) {
        if (!sink.flush()) await sink.drained();
        continue;
      }
      if (states.every((state) => state.done && state.held === 0)) return true;
      // Both a read's new entries (through its gate's flush) and its end wake the merge.
      await new Promise<void>((resolve) => {
        changed = resolve;
      });
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    for (const state of states) state.gate.wake();
    await Promise.allSettled(running);
  }
}

// Writes while every unfinished read has an entry to compare: the oldest stamp goes first, ties
// to the container listed first.
function writeReady(
  states: readonly ReadState[],
  write: (source: TailSource, entry: LogEntry) => void,
): number {
  let written = 0;
  while (written < BATCH) {
    let next: ReadState | undefined;
    for (const state of states) {
      if (state.held === 0) {
        if (state.done) continue;
        return written;
      }
      const head = state.queue[state.head] as Queued;
      if (next === undefined || head.key < (next.queue[next.head] as Queued).key) next = state;
    }
    if (next === undefined) return written;
    const { entry } = next.take();
    write(next.read.source, entry);
    written++;
    if (next.held < LOW) next.gate.wake();
  }
  return written;
}
