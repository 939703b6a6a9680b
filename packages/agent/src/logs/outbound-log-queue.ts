import {
  entryTextBytes,
  type LogEntry,
  type LogGap,
  type LogRestart,
  MAX_BATCH_LINES,
  MAX_BATCH_TEXT_BYTES,
} from '@bosun/protocol';

/** The outbound queue's bound when the agent is not told otherwise. */
export const DEFAULT_OUTBOUND_QUEUE_BYTES = 8 * 1024 * 1024;
/**
 * Rough heap cost of an entry beyond its text (the object, its number, its timestamp string), so
 * the bound tracks memory rather than text alone.
 */
export const ENTRY_OVERHEAD_BYTES = 64;

/** One stretch of overflow, told when the queue is empty again after it. */
export type OverflowReport = {
  /** Lines dropped (and replaced by gaps) since the queue was last empty. */
  droppedLines: number;
  /** The most the queue held since it was last empty, in its own measure (see `maxBytes`). */
  peakBytes: number;
};

/** Told when the queue starts shedding and when it has emptied after that. */
export type OverflowListener = {
  /** The queue reached its bound and shed entries for the first time since it was last empty. */
  began(): void;
  /** The queue is empty again (sent, forgotten or cleared) after an overflow. */
  ended(report: OverflowReport): void;
};

/** The queue's bound and who hears of its overflows. */
export interface OutboundLogQueueOptions {
  /** Bound on what the queue holds: text plus ENTRY_OVERHEAD_BYTES per entry. */
  maxBytes?: number;
  overflow?: OverflowListener;
}

/** What `take` hands out: one container's entries, in order, that fit one frame. */
export interface TakenBatch {
  containerId: string;
  entries: LogEntry[];
}

interface QueuedBatch {
  readonly containerId: string;
  entries: LogEntry[];
  bytes: number;
  lines: number;
  // Restart and gap entries: what the last-resort collapse can shrink.
  markers: number;
  live: boolean;
}

interface ContainerQueue {
  // This container's live batches, oldest first.
  batches: QueuedBatch[];
  bytes: number;
  lines: number;
  markers: number;
}

/**
 * The one queue between the batchers of all containers and the manager link, bounded by maxBytes
 * (approximate memory: text plus ENTRY_OVERHEAD_BYTES per entry). An overflow listener hears when
 * shedding starts and, once the queue is empty again, how much it dropped and held at most.
 *
 * Overflow policy: when an enqueue takes the queue past its bound, lines are dropped, oldest first,
 * from the container holding the most bytes: under a flood that is the flooding container, and a
 * quiet container's lines are not pushed out by a noisy one. Dropped lines are replaced where they
 * stood by a `gap` entry (reason agent_backpressure) naming their numbers, fromSeq..toSeq; lines
 * dropped later right after them extend that gap while it is still queued. So the gap reaches the
 * manager before that container's next lines, and nothing goes unreported.
 *
 * Gap numbers: lines are numbered by the pipeline before they are queued and a gap takes no number
 * of its own (protocol: markers sit between lines), so the gap simply carries the numbers of the
 * lines it replaces and every later line keeps its number. Reading the same Docker logs again
 * numbers them the same, with or without drops.
 *
 * Markers (restart, end, gaps) are not dropped with lines. In the last resort, when no line is left
 * to drop and the bound still does not hold (a restart loop while the link is slow), a container's
 * queued markers are collapsed into one gap spanning all its gaps, its newest restart (its reason
 * saying how many restarts it stands for) and its end, so the queue stays bounded.
 */
export class OutboundLogQueue {
  readonly #maxBytes: number;
  // Global arrival order; batches removed by a merge stay here until reached, marked not live.
  #order: (QueuedBatch | undefined)[] = [];
  #head = 0;
  #containers = new Map<string, ContainerQueue>();
  #bytes = 0;
  readonly #overflow: OverflowListener | undefined;
  // Since the queue was last empty: the most it held, and the overflow under way if any.
  #peakBytes = 0;
  #shedding: { droppedLines: number } | undefined;

  constructor(options: OutboundLogQueueOptions = {}) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_OUTBOUND_QUEUE_BYTES;
    this.#overflow = options.overflow;
  }

  /**
   * Entries of one container in order, e.g. one batch from its pipeline. The queue owns them from
   * here on (a gap may be extended in place).
   */
  enqueue(containerId: string, entries: LogEntry[], textBytes?: number): void {
    if (entries.length === 0) return;
    const batch: QueuedBatch = { containerId, entries, bytes: 0, lines: 0, markers: 0, live: true };
    measure(batch, textBytes);
    let container = this.#containers.get(containerId);
    if (container === undefined) {
      container = { batches: [], bytes: 0, lines: 0, markers: 0 };
      this.#containers.set(containerId, container);
    }
    container.batches.push(batch);
    container.bytes += batch.bytes;
    container.lines += batch.lines;
    container.markers += batch.markers;
    this.#order.push(batch);
    this.#bytes += batch.bytes;
    this.#shed();
    this.#peakBytes = Math.max(this.#peakBytes, this.#bytes);
  }

  /**
   * The oldest batch, with the same container's next queued batches joined to it while the whole
   * fits one frame (MAX_BATCH_LINES entries, MAX_BATCH_TEXT_BYTES of text): when lines come faster
   * than they go out, they leave in fewer, larger frames. Only a container's own order matters to
   * its stream, so joining them ahead of other containers' batches changes nothing a viewer sees.
   * Undefined when the queue is empty.
   */
  take(): TakenBatch | undefined {
    while (this.#head < this.#order.length) {
      const batch = this.#order[this.#head];
      this.#order[this.#head++] = undefined;
      if (batch === undefined || !batch.live) continue;
      if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
        this.#order = this.#order.slice(this.#head);
        this.#head = 0;
      }
      const container = this.#containers.get(batch.containerId)!;
      container.batches.shift();
      this.#unlink(container, batch);
      let entries = batch.entries;
      let text = textBytesOf(batch);
      for (let next = container.batches[0]; next !== undefined; next = container.batches[0]) {
        const nextText = textBytesOf(next);
        if (entries.length + next.entries.length > MAX_BATCH_LINES || text + nextText > MAX_BATCH_TEXT_BYTES)
          break;
        container.batches.shift();
        // Unlinked batches stay in #order, not live, and are skipped when reached.
        this.#unlink(container, next);
        if (entries === batch.entries) entries = entries.slice();
        for (const entry of next.entries) entries.push(entry);
        text += nextText;
      }
      if (container.batches.length === 0) this.#containers.delete(batch.containerId);
      if (this.#containers.size === 0) this.#emptied();
      return { containerId: batch.containerId, entries };
    }
    return undefined;
  }

  /**
   * Drop a container's queued entries, e.g. when the manager restarts its stream from a resume
   * point. Not counted as dropped: the manager asked for it.
   */
  forget(containerId: string): void {
    const container = this.#containers.get(containerId);
    if (container === undefined) return;
    for (const batch of container.batches) this.#unlink(container, batch);
    this.#containers.delete(containerId);
    if (this.#containers.size === 0) this.#emptied();
  }

  /** Drop everything (the link is gone; the manager resumes every stream when it is back). */
  clear(): void {
    this.#order = [];
    this.#head = 0;
    this.#containers.clear();
    this.#bytes = 0;
    this.#emptied();
  }

  #emptied(): void {
    const shedding = this.#shedding;
    const peakBytes = this.#peakBytes;
    this.#shedding = undefined;
    this.#peakBytes = 0;
    if (shedding !== undefined) this.#overflow?.ended({ droppedLines: shedding.droppedLines, peakBytes });
  }

  #unlink(container: ContainerQueue, batch: QueuedBatch): void {
    batch.live = false;
    container.bytes -= batch.bytes;
    container.lines -= batch.lines;
    container.markers -= batch.markers;
    this.#bytes -= batch.bytes;
  }

  #shed(): void {
    if (this.#bytes > this.#maxBytes && this.#shedding === undefined) {
      this.#shedding = { droppedLines: 0 };
      this.#overflow?.began();
    }
    while (this.#bytes > this.#maxBytes) {
      const withLines = this.#largest((c) => c.lines > 0);
      if (withLines !== undefined) {
        this.#dropOldestLines(withLines);
        continue;
      }
      // Collapsing leaves at most two markers (a gap and a restart) besides `end`.
      const withMarkers = this.#largest((c) => c.markers > 2);
      if (withMarkers === undefined) return;
      this.#collapseMarkers(withMarkers);
    }
  }

  #largest(eligible: (container: ContainerQueue) => boolean): ContainerQueue | undefined {
    let largest: ContainerQueue | undefined;
    for (const container of this.#containers.values()) {
      if (eligible(container) && (largest === undefined || container.bytes > largest.bytes))
        largest = container;
    }
    return largest;
  }

  // The lines of the container's oldest batch that has any become gaps, one per run of lines
  // between markers; a run right after a gap ending the previous batch extends that gap.
  #dropOldestLines(container: ContainerQueue): void {
    const batches = container.batches;
    const index = batches.findIndex((batch) => batch.lines > 0);
    const target = batches[index]!;
    const previous = index > 0 ? batches[index - 1] : undefined;
    const previousLast = previous?.entries.at(-1);
    let run =
      previousLast?.kind === 'gap' && previousLast.reason === 'agent_backpressure' ? previousLast : undefined;
    const kept: LogEntry[] = [];
    for (const entry of target.entries) {
      if (entry.kind !== 'line') {
        kept.push(entry);
        run = undefined;
      } else if (run !== undefined && run.toSeq + 1 === entry.seq) {
        run.toSeq = entry.seq;
      } else {
        run = { kind: 'gap', fromSeq: entry.seq, toSeq: entry.seq, reason: 'agent_backpressure' };
        kept.push(run);
      }
    }
    this.#shedding!.droppedLines += target.lines;
    if (kept.length === 0) {
      batches.splice(index, 1);
      this.#unlink(container, target);
    } else {
      target.entries = kept;
      this.#remeasure(container, target);
    }
  }

  #collapseMarkers(container: ContainerQueue): void {
    let gap: LogGap | undefined;
    let restart: LogRestart | undefined;
    let restarts = 0;
    let end: LogEntry | undefined;
    for (const batch of container.batches) {
      for (const entry of batch.entries) {
        if (entry.kind === 'gap') {
          // Nothing of this container is queued between its gaps (no line is left), and what was
          // taken came before them all: the gaps together cover one range.
          gap ??= { kind: 'gap', fromSeq: entry.fromSeq, toSeq: entry.toSeq, reason: 'agent_backpressure' };
          gap.fromSeq = Math.min(gap.fromSeq, entry.fromSeq);
          gap.toSeq = Math.max(gap.toSeq, entry.toSeq);
        } else if (entry.kind === 'restart') {
          restart = entry;
          restarts++;
        } else if (entry.kind === 'end') {
          end = entry;
        }
      }
    }
    const entries: LogEntry[] = [];
    if (restart !== undefined && restarts > 1) {
      restart = { ...restart, reason: `restarted ${restarts} times while the link was slow` };
    }
    const restartFirst = restart !== undefined && (gap === undefined || restart.afterSeq < gap.fromSeq);
    if (restartFirst) entries.push(restart!);
    if (gap !== undefined) entries.push(gap);
    if (restart !== undefined && !restartFirst) entries.push(restart);
    if (end !== undefined) entries.push(end);
    const [first, ...rest] = container.batches;
    for (const batch of rest) this.#unlink(container, batch);
    container.batches = [first!];
    first!.entries = entries;
    this.#remeasure(container, first!);
  }

  #remeasure(container: ContainerQueue, batch: QueuedBatch): void {
    const { bytes, lines, markers } = batch;
    measure(batch);
    container.bytes += batch.bytes - bytes;
    container.lines += batch.lines - lines;
    container.markers += batch.markers - markers;
    this.#bytes += batch.bytes - bytes;
  }
}

function textBytesOf(batch: QueuedBatch): number {
  return batch.bytes - batch.entries.length * ENTRY_OVERHEAD_BYTES;
}

function measure(batch: QueuedBatch, textBytes?: number): void {
  let text = 0;
  let lines = 0;
  let markers = 0;
  for (const entry of batch.entries) {
    if (entry.kind === 'line') lines++;
    else if (entry.kind !== 'end') markers++;
    if (textBytes === undefined) text += entryTextBytes(entry);
  }
  batch.bytes = (textBytes ?? text) + batch.entries.length * ENTRY_OVERHEAD_BYTES;
  batch.lines = lines;
  batch.markers = markers;
}
