import {
  dockerTimestampToUnixNanos,
  type LogEndReason,
  type LogEntry,
  type LogStream,
  type PositionsByStream,
  unixNanosToDockerSince,
} from '@bosun/protocol';
import { DockerFrameDemuxer } from './docker-frame-demuxer.ts';
import { ZERO_TIMESTAMP } from './docker-timestamp.ts';
import { LineAssembler } from './line-assembler.ts';
import { decodeLine } from './line-decoder.ts';
import { LogBatcher } from './log-batcher.ts';
import { LogSequencer } from './log-sequencer.ts';
import type { LogStreamError } from './log-stream-error.ts';
import { ReplayGuard } from './replay-guard.ts';
import { ResumeFilter, type ResumePoint, StreamResumeFilters } from './resume-filter.ts';
import type { Scheduler } from './scheduler.ts';
import { StreamPositions } from './stream-positions.ts';
import { readTimestamp, scanTimestampPrefix } from './timestamp-prefix.ts';
import { TtyMessageSplitter } from './tty-message-splitter.ts';

export type { Scheduler } from './scheduler.ts';

const NEWLINE = 0x0a;

/** How one container's stream is read, numbered and delivered. */
export interface ContainerLogPipelineOptions {
  /** From the container's Config.Tty: a TTY container's stream is raw, without frame headers. */
  tty: boolean;
  /** Number of the first line this pipeline produces. */
  nextSeq: number;
  /**
   * Where a previous stream of this container left off, over both streams (a manager of protocol
   * 1, or a cursor stored before positions per stream); lines up to it are dropped.
   */
  resume?: ResumePoint;
  /**
   * Where a previous stream left off, per stream (the manager's cursor, protocol 2); used instead
   * of `resume`. The follow starts as a re-follow here would: at the older stream's position and
   * each stream dropping what its position covers.
   */
  resumeStreams?: PositionsByStream;
  /** Entries in sequence order, at most MAX_BATCH_LINES and MAX_BATCH_TEXT_BYTES of text. */
  onEntries(entries: LogEntry[], textBytes: number): void;
  /** When a partly filled batch goes out (see Scheduler). */
  scheduler: Scheduler;
  /**
   * Problems in Docker's byte stream. A fatal one means this follow is unusable: drop the
   * connection, call beginRefollow() and follow again from `since`.
   */
  onError?(error: LogStreamError): void;
  /**
   * Docker sent again a line this pipeline had sent (dropped here). Docker's json-file follow
   * does so when the file rotates under it, and may skip lines of the rotated file after it: a
   * follow from `since` reads them while Docker still holds them.
   */
  onReplay?(): void;
}

/**
 * Docker's log bytes for one container, through every stage, to numbered entries in batches.
 *
 * For the follower, per follow request (follow=1&timestamps=1&stdout=1&stderr=1&since=...):
 * - push() every chunk of the body as it arrives;
 * - the body ended cleanly (the container stopped or restarted): endOfStream();
 * - the connection broke, or onError reported a fatal error: beginRefollow() instead, so a line
 *   cut in the middle is not sent in two parts;
 * - the container runs again with a new StartedAt: beginRestart(startedAt);
 * - then follow again from `since` (the getter; the first follow's `since` while it is undefined):
 *   what Docker repeats is dropped;
 * - the container is gone for good or the stream is stopped: end(reason).
 *
 * Stages, each in its own file: DockerFrameDemuxer (non-TTY) or TtyMessageSplitter (TTY), the
 * timestamp prefix, a LineAssembler per stream, the resume filters, decodeLine, the ReplayGuard,
 * StreamPositions, LogSequencer, LogBatcher. It is synchronous and holds no more than its stages'
 * bounds (a frame, a line up to MAX_LINE_BYTES per stream, one batch); what leaves it goes to the
 * outbound queue, which bounds the rest.
 */
export class ContainerLogPipeline {
  readonly #sequencer: LogSequencer;
  readonly #batcher: LogBatcher;
  readonly #stdout: LineAssembler;
  readonly #stderr: LineAssembler;
  readonly #demuxer: DockerFrameDemuxer | undefined;
  readonly #splitter: TtyMessageSplitter | undefined;
  #filter: StreamResumeFilters | undefined;
  readonly #positions: StreamPositions;
  readonly #replays = new ReplayGuard();
  readonly #onReplay: (() => void) | undefined;
  // Where the manager said the stream stands, when it resumed one. Nothing older than it is
  // wanted: the manager holds those lines. A fresh stream has no such floor: a line of the other
  // stream stamped before the first line sent may still be stored after it, and going back up to
  // the refollow window reads it.
  readonly #base: ResumePoint | undefined;
  #streamOpen = false;
  #ended = false;

  constructor(options: ContainerLogPipelineOptions) {
    const onError = options.onError ?? (() => {});
    this.#onReplay = options.onReplay;
    this.#sequencer = new LogSequencer(options.nextSeq);
    this.#batcher = new LogBatcher({ onBatch: options.onEntries, scheduler: options.scheduler });
    this.#stdout = new LineAssembler({ onLine: (ts, bytes, cut) => this.#line('stdout', ts, bytes, cut) });
    this.#stderr = new LineAssembler({ onLine: (ts, bytes, cut) => this.#line('stderr', ts, bytes, cut) });
    if (options.tty) {
      // A TTY merges everything onto one stream, which Docker reports as stdout.
      this.#splitter = new TtyMessageSplitter({ onMessage: (ts, body) => this.#stdout.push(ts, body) });
    } else {
      this.#demuxer = new DockerFrameDemuxer({
        onFrame: (stream, payload) =>
          this.#message(stream === 'stdout' ? this.#stdout : this.#stderr, payload),
        onError,
      });
    }
    this.#positions = new StreamPositions(options.tty ? ['stdout'] : ['stdout', 'stderr']);
    if (options.resumeStreams !== undefined) {
      // The manager's positions say what it holds of each stream, so no floor over both: a stream
      // it has nothing of counts as the refollow window back, as for a fresh stream.
      this.#positions.seed(options.resumeStreams);
      this.#armResume();
      return;
    }
    this.#base = options.resume;
    if (options.resume !== undefined) this.#filter = StreamResumeFilters.shared(options.resume);
  }

  /** Number the next line will take. */
  get nextSeq(): number {
    return this.#sequencer.nextSeq;
  }

  /**
   * Docker's `since=` value for the next follow, as Unix seconds with 9 fraction digits: the older
   * stream's position (see StreamPositions), so a line stored out of time order is read again.
   */
  get since(): string | undefined {
    const from = this.#refollowFrom();
    return from === undefined ? undefined : unixNanosToDockerSince(from);
  }

  /** The next chunk of Docker's body, cut anywhere. */
  push(chunk: Uint8Array): void {
    // A late chunk from a connection being torn down after end() carries nothing we may send.
    if (this.#ended) return;
    this.#streamOpen = true;
    if (this.#splitter !== undefined) this.#splitter.push(chunk);
    else this.#demuxer!.push(chunk);
  }

  /**
   * Docker closed the follow cleanly: partial messages and lines were the last output, without
   * newline. Everything so far goes out now.
   */
  endOfStream(): void {
    if (this.#streamOpen) {
      this.#streamOpen = false;
      if (this.#splitter !== undefined) this.#splitter.flush();
      else this.#demuxer!.end();
      this.#stdout.flush();
      this.#stderr.flush();
    }
    this.#batcher.flush();
    // Whatever comes next is a follow from `since`, which repeats lines already sent.
    this.#armResume();
  }

  /**
   * The container started again: a `restart` marker after the previous run's last line. Call once
   * the previous follow's body ended.
   */
  beginRestart(ts: string, reason?: string): void {
    if (this.#ended) return;
    this.endOfStream();
    this.#batcher.add(this.#sequencer.restart(ts, reason));
  }

  /**
   * The follow broke off (connection error, fatal stream error) and is requested again from `since`.
   * A line cut in the middle is forgotten so the replay delivers it whole when `since` covers it;
   * one stamped before that (out of time order by more than the refollow window) cannot be
   * replayed, and goes out as it is.
   */
  beginRefollow(): void {
    if (this.#ended) return;
    this.#streamOpen = false;
    if (this.#splitter !== undefined) this.#splitter.discardPending();
    else this.#demuxer!.reset();
    const from = this.#refollowFrom();
    for (const assembler of [this.#stdout, this.#stderr]) {
      const pendingTs = assembler.pendingTs;
      if (pendingTs === undefined) continue;
      if (from === undefined || dockerTimestampToUnixNanos(pendingTs) >= from) {
        assembler.discardPending();
      } else {
        assembler.flush();
      }
    }
    this.#batcher.flush();
    this.#armResume();
  }

  /** The stream is over for good: partial output goes out, then the `end` marker. */
  end(reason: LogEndReason, message?: string, ts?: string): void {
    if (this.#ended) return;
    this.endOfStream();
    const details: { ts?: string; message?: string } = {};
    if (ts !== undefined) details.ts = ts;
    if (message !== undefined) details.message = message;
    this.#batcher.add(this.#sequencer.end(reason, details));
    this.#batcher.flush();
    this.#ended = true;
  }

  /** Send the batch being filled without waiting for the scheduler. */
  flush(): void {
    this.#batcher.flush();
  }

  // Lines sent never go back past the resume point (its filter drops them), so the newest is
  // the newest line sent, or else the resume point.
  #refollowFrom(): bigint | undefined {
    const newest = this.#positions.newest ?? this.#base?.ts;
    return newest === undefined ? undefined : this.#positions.refollowFrom(newest, this.#base?.ts);
  }

  // Each stream drops what it already sent; a stream that sent nothing here yet still drops what
  // the manager's resume point covers.
  #armResume(): void {
    if (this.#positions.newest === undefined) {
      // Nothing sent yet: the resume point stands, its count shared by both streams.
      if (this.#base !== undefined) this.#filter = StreamResumeFilters.shared(this.#base);
      return;
    }
    const filters: Partial<Record<LogStream, ResumeFilter>> = {};
    for (const stream of ['stdout', 'stderr'] as const) {
      const point = this.#positions.of(stream) ?? this.#base;
      if (point !== undefined) filters[stream] = new ResumeFilter(point);
    }
    this.#filter = new StreamResumeFilters(filters);
  }

  #message(assembler: LineAssembler, payload: Uint8Array): void {
    const prefix = scanTimestampPrefix(payload, 0, payload.length);
    if (prefix > 0) {
      assembler.push(readTimestamp(payload, 0, prefix), payload.subarray(prefix));
    } else {
      // Never lose bytes: a frame without a timestamp (not seen from Docker with timestamps=1)
      // keeps all of them under the stream's last timestamp.
      assembler.push(assembler.lastMessageTs ?? ZERO_TIMESTAMP, payload);
    }
  }

  #line(stream: LogStream, ts: string, bytes: Uint8Array, truncated: boolean): void {
    const filter = this.#filter;
    if (filter !== undefined) {
      if (!filter.accept(stream, ts)) return;
      if (!filter.armed) this.#filter = undefined;
    }
    const { text, encoding } = decodeLine(bytes);
    // Docker's json-file follow sends lines again when the file rotates under it (20.10).
    if (this.#replays.repeats(stream, ts, text)) {
      this.#onReplay?.();
      return;
    }
    this.#positions.sent(stream, ts);
    const length = bytes.length;
    const endsInNewline = length > 0 && bytes[length - 1] === NEWLINE;
    // Valid UTF-8 decodes to text of exactly its byte length (the final "\n" aside), so the
    // batcher need not measure it again.
    const textBytes = encoding !== undefined ? text.length : endsInNewline ? length - 1 : length;
    // A truncated line lost its end, newline included, so only an intact line can be partial.
    const partial = !endsInNewline && !truncated;
    this.#batcher.add(this.#sequencer.line(ts, stream, text, encoding, truncated, partial), textBytes);
  }
}
