import type { LogEntry } from '@bosun/protocol';
import type { ManagerClient } from '../http-client.ts';
import type { OutputSink } from '../output-sink.ts';
import { ReadGate } from './read-gate.ts';
import { entryBytes, ReadQueue, writeOldest } from './read-queue.ts';
import { WRITE_BATCH } from './stored-merge.ts';
import { runStoredRead, type StoredRead } from './stored-read.ts';
import type { TailSource } from './tail-source.ts';

/** How many reads run at once, and how much history is held to merge it. */
export type InTurnLimits = { reads: number; lines: number; bytes: number };

/**
 * The history the fleet tail holds to merge more containers than it reads at once: 200,000
 * lines or 64 MiB of text, whichever comes first (a few hundred MiB of heap at most).
 */
export const HISTORY_BUFFER = { lines: 200_000, bytes: 64 * 1024 * 1024 } as const;

// The container being printed one after another: pause at 2,000 entries held, go on below 500.
const HIGH = 2_000;
const LOW = 500;

/**
 * The stored logs of more containers than may be read at once: at most `limits.reads` reads run,
 * the next container's starting as one ends, in the order listed. Their entries are held until
 * every read ended, then merged by Docker timestamp, as `mergeStoredLogs` would. Should what is
 * held pass `limits.lines` or `limits.bytes`, merging is given up: `onUnmerged` is called once and
 * the containers are printed one after another in the order listed, each complete and in order.
 * The container being printed then reads at the output's pace; the others pause while the held
 * total is over the limit, so memory stays at about the limit plus a chunk per read. A container
 * removed before its read is left out with `onGone`; any other failed read fails the whole and
 * stops the others. Returns false when the output closed or `signal` stopped it.
 */
export async function readStoredInTurn(
  client: ManagerClient,
  reads: readonly StoredRead[],
  write: (source: TailSource, entry: LogEntry) => void,
  sink: OutputSink,
  signal: AbortSignal,
  limits: InTurnLimits,
  onUnmerged: () => void,
): Promise<boolean> {
  const cancel = new AbortController();
  const reading = AbortSignal.any([signal, cancel.signal]);
  const stopped = () => reading.aborted || sink.broken;
  let changed: () => void = () => {};
  const poke = () => changed();
  const failures: unknown[] = [];
  let merging = true;
  // In turn (once `merging` is given up): the container being printed.
  let current = 0;
  let lines = 0;
  let bytes = 0;
  const over = () => lines >= limits.lines || bytes >= limits.bytes;
  const queues = reads.map((read) => new ReadQueue(read));
  const gates = queues.map(
    (queue, i) =>
      new ReadGate({
        full: () => !merging && (i === current ? queue.held >= HIGH : over()),
        ready: () => merging || (i === current ? queue.held < LOW : !over()),
        stopped,
        onFlush: poke,
      }),
  );
  const wakeAll = () => {
    for (const gate of gates) gate.wake();
    poke();
  };

  const running: Promise<void>[] = [];
  let active = 0;
  const startReads = () => {
    while (active < limits.reads && running.length < queues.length && !stopped() && failures.length === 0) {
      const i = running.length;
      const queue = queues[i] as ReadQueue;
      active++;
      const hold = (entry: LogEntry) => {
        queue.push(entry);
        lines++;
        bytes += entryBytes(entry);
        if (merging && over()) {
          merging = false;
          wakeAll();
        }
      };
      const read = runStoredRead(client, queue.read, gates[i] as ReadGate, reading, hold, (error) =>
        failures.push(error),
      ).finally(() => {
        queue.done = true;
        active--;
        startReads();
        poke();
      });
      running.push(read);
    }
  };
  const out = (source: TailSource, entry: LogEntry) => {
    lines--;
    bytes -= entryBytes(entry);
    write(source, entry);
  };

  reading.addEventListener('abort', wakeAll, { once: true });
  startReads();
  try {
    let told = false;
    for (;;) {
      if (failures.length > 0) throw failures[0];
      if (stopped()) return false;
      let written = 0;
      if (merging) {
        if (queues.every((queue) => queue.done)) {
          written = writeOldest(queues, out, WRITE_BATCH);
          if (written === 0) return true;
        }
      } else {
        if (!told) onUnmerged();
        told = true;
        const queue = queues[current];
        if (queue === undefined) return true;
        while (written < WRITE_BATCH && queue.held > 0) {
          out(queue.read.source, queue.take());
          written++;
        }
        if (written === 0 && queue.done) {
          current++;
          wakeAll();
          continue;
        }
      }
      if (written > 0) {
        // What was taken may let the printed container's read, or all of them, go on.
        if (!merging) for (const gate of gates) gate.wake();
        if (!sink.flush()) await sink.drained();
        continue;
      }
      // A read's new entries (through its gate's flush) and its end wake this loop.
      await new Promise<void>((resolve) => {
        changed = resolve;
      });
    }
  } finally {
    cancel.abort();
    reading.removeEventListener('abort', wakeAll);
    wakeAll();
    await Promise.allSettled(running);
  }
}
