import type { LogEntry } from '@bosun/protocol';
import type { ManagerClient } from '../http-client.ts';
import type { OutputSink } from '../output-sink.ts';
import { HistoryReads } from './history-reads.ts';
import { ReadGate } from './read-gate.ts';
import { ReadQueue, writeOldest } from './read-queue.ts';
import { runStoredRead, type StoredRead } from './stored-read.ts';
import type { TailSource } from './tail-source.ts';

// Per read: pause at 2,000 entries held, go on below 500. With a chunk of input on top, a merge
// of k containers holds a few thousand entries per container at most.
const HIGH = 2_000;
const LOW = 500;
/** Entries written between looks at the output's backpressure. */
export const WRITE_BATCH = 512;

/**
 * The stored logs of several containers merged by Docker timestamp: a k-way merge over reads that
 * run side by side (so no more reads than the manager allows at once: see `MAX_STORED_READS`),
 * each paused while the merge holds enough of it (see `ReadGate`), the merge itself paused while
 * the output is full. A container removed between the list and its read is left out with
 * `onGone`. Any other failed read fails the merge and stops the other reads. Returns false when
 * the output closed or `signal` stopped the merge.
 */
export async function mergeStoredLogs(
  client: ManagerClient,
  reads: readonly StoredRead[],
  write: (source: TailSource, entry: LogEntry) => void,
  sink: OutputSink,
  signal: AbortSignal,
): Promise<boolean> {
  const run = new HistoryReads(signal, sink);
  const queues = reads.map((read) => new ReadQueue(read));
  const gates = queues.map(
    (queue) =>
      new ReadGate({
        full: () => queue.held >= HIGH,
        ready: () => queue.held < LOW,
        stopped: run.stopped,
        onFlush: run.poke,
      }),
  );
  run.watch(gates);
  queues.forEach((queue, i) => {
    run.track(
      runStoredRead(
        client,
        queue.read,
        gates[i] as ReadGate,
        run.signal,
        (entry) => queue.push(entry),
        run.fail,
      ).finally(() => {
        queue.done = true;
        run.poke();
      }),
    );
  });
  try {
    for (;;) {
      run.throwIfFailed();
      if (run.stopped()) return false;
      const written = writeOldest(queues, write, WRITE_BATCH, (i) => {
        if ((queues[i] as ReadQueue).held < LOW) gates[i]?.wake();
      });
      if (written > 0) {
        if (!sink.flush()) await sink.drained();
        continue;
      }
      if (queues.every((queue) => queue.done && queue.held === 0)) return true;
      // Both a read's new entries (through its gate's flush) and its end wake the merge.
      await run.changed();
    }
  } finally {
    await run.end();
  }
}
