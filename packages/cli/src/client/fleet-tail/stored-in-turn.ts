import type { LogEntry } from '@bosun/protocol';
import type { ManagerClient } from '../http-client.ts';
import type { OutputSink } from '../output-sink.ts';
import { HistoryReads } from './history-reads.ts';
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
  const run = new HistoryReads(signal, sink);
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
        stopped: run.stopped,
        onFlush: run.poke,
      }),
  );
  run.watch(gates);

  let active = 0;
  const startReads = () => {
    while (active < limits.reads && run.started < queues.length && !run.stopped() && !run.failed) {
      const i = run.started;
      const queue = queues[i] as ReadQueue;
      active++;
      const hold = (entry: LogEntry) => {
        queue.push(entry);
        lines++;
        bytes += entryBytes(entry);
        if (merging && over()) {
          merging = false;
          run.wakeAll();
        }
      };
      run.track(
        runStoredRead(client, queue.read, gates[i] as ReadGate, run.signal, hold, run.fail).finally(() => {
          queue.done = true;
          active--;
          startReads();
          run.poke();
        }),
      );
    }
  };
  const out = (source: TailSource, entry: LogEntry) => {
    lines--;
    bytes -= entryBytes(entry);
    write(source, entry);
  };

  startReads();
  try {
    let told = false;
    for (;;) {
      run.throwIfFailed();
      if (run.stopped()) return false;
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
          run.wakeAll();
          continue;
        }
      }
      if (written > 0) {
        // What was taken may let the printed container's read, or all of them, go on.
        if (!merging) run.wakeAll();
        if (!sink.flush()) await sink.drained();
        continue;
      }
      // A read's new entries (through its gate's flush) and its end wake this loop.
      await run.changed();
    }
  } finally {
    await run.end();
  }
}
