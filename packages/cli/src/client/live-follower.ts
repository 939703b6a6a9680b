import {
  Backoff,
  type BackoffOptions,
  CLOSE_CODES,
  type DataOf,
  isFinalError,
  type LogEntry,
  type LogLine,
  type LogLineFilter,
  ProtocolError,
  unpackLogLines,
} from '@bosun/protocol';
import { ManagerError } from '../exit-codes.ts';
import { REFUSED_TOKEN } from './http-errors.ts';
import type { LogPrinter } from './log-printer.ts';
import { type LogsPush, LogsSocket } from './logs-socket.ts';
import type { OutputSink } from './output-sink.ts';
import type { TokenSource } from './saved-token.ts';

/** What to do with a live line: print it, drop it (already printed, out of range), or end the follow. */
export type LineVerdict = 'print' | 'skip' | 'stop';

/**
 * What to follow (`host`/`container` as the person named them), with what, and how to print it.
 * `judge` decides each live line's fate; `delay` is the reconnect backoff (tests pass their own).
 * `tokens` is asked for the token at each connect, and for another once the manager refuses it.
 */
export type LiveFollowOptions = {
  socketUrl: string;
  tokens: TokenSource;
  host: string;
  container: string;
  judge(line: LogLine): LineVerdict;
  /**
   * Asks the manager for only the lines this keeps (a superset of what `judge` prints); a manager
   * that does not know filters sends every line, which `judge` sorts as before.
   */
  filter?: LogLineFilter;
  printer: LogPrinter;
  sink: OutputSink;
  signal: AbortSignal;
  delay?: Backoff;
};

// Equal jitter: many CLIs cut off by one manager restart spread out, none retries at once.
const RECONNECT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, jitter: 'equal' };

/** Why following stopped: the stream ended, the user stopped it, or our reader went away. */
export type FollowEnd = 'ended' | 'stopped' | 'broken_pipe';

function isFinal(error: unknown): boolean {
  return error instanceof ProtocolError && isFinalError(error.code);
}

function isRefusedToken(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'unauthorized';
}

/**
 * The live part of `bosun logs -f`: subscribes over the logs socket and prints each entry as it
 * comes, through container restarts, until the stream ends. A dropped socket is reopened with
 * backoff and the subscription resumed from the seq after the last entry seen, so the manager
 * sends neither a duplicate nor a hole (or says how many lines it no longer has). A refused
 * token ends the follow only when `tokens` has no other: a renewed one resumes it the same way.
 */
export class LiveFollower {
  readonly #options: LiveFollowOptions;
  readonly #delay: Backoff;
  #nextSeq: number | undefined;
  #sub = '';
  #subs = 0;
  #socket: LogsSocket | undefined;
  #end: FollowEnd | undefined;
  #connectionOver: ((code?: number) => void) | undefined;
  #token = '';
  #outage = false;
  #following = false;
  #lastState: DataOf<'logs.status'>['state'] | undefined;

  constructor(options: LiveFollowOptions) {
    this.#options = options;
    this.#delay = options.delay ?? new Backoff(RECONNECT_BACKOFF);
  }

  /** Ends the follow from outside (SIGINT, --until reached). */
  stop(end: FollowEnd): void {
    this.#end ??= end;
    this.#socket?.close();
    this.#connectionOver?.();
  }

  /**
   * Follows until the stream ends, `stop` or the signal ends it, or output breaks, and says which.
   * A dropped socket is retried with backoff; a final refusal (`isFinalError`) is thrown.
   */
  async run(): Promise<FollowEnd> {
    const onAbort = () => this.stop('stopped');
    this.#options.signal.addEventListener('abort', onAbort, { once: true });
    if (this.#options.signal.aborted) onAbort();
    try {
      while (this.#end === undefined) {
        try {
          await this.#connection();
        } catch (error) {
          if (this.#end !== undefined) break;
          if (isFinal(error)) {
            if (await this.#renewedToken(error)) continue;
            throw error;
          }
          this.#lost(error);
        }
        if (this.#end === undefined) await this.#pause();
      }
      return this.#end ?? 'stopped';
    } finally {
      this.#options.signal.removeEventListener('abort', onAbort);
      this.#socket?.close();
    }
  }

  // One socket's life: open, subscribe (or resubscribe), then entries until it closes.
  async #connection(): Promise<void> {
    let closed: (code?: number) => void = () => {};
    const over = new Promise<number | undefined>((resolve) => {
      closed = resolve;
    });
    this.#connectionOver = closed;
    this.#token = this.#options.tokens.current();
    // The close handler is bound to this socket: a late close of an older one must not end a newer wait.
    const socket = await LogsSocket.open(this.#options.socketUrl, this.#token, {
      onPush: (frame) => this.#push(frame),
      onClose: (_byUs, code) => closed(code),
    });
    this.#socket = socket;
    if (this.#end !== undefined) {
      socket.close();
      return;
    }
    this.#sub = `follow-${++this.#subs}`;
    const { host, container } = this.#options;
    // A fresh subscription replays all the manager holds (the judge drops what was printed);
    // a resumed one asks for exactly the entries after the last one seen.
    // Packed live batches cost the manager and this process one JSON value per batch instead of
    // one per line; a manager that does not know `packed` drops it and sends `logs.batch`.
    const request: DataOf<'logs.subscribe'> = { sub: this.#sub, agent: host, container, packed: true };
    if (this.#nextSeq !== undefined) request.fromSeq = this.#nextSeq;
    if (this.#options.filter) request.filter = this.#options.filter;
    try {
      const result = await socket.request('logs.subscribe', request);
      // Entries may already have moved it; otherwise the stream starts where the replay does.
      this.#nextSeq ??= result.firstSeq;
    } catch (error) {
      socket.close();
      throw error;
    }
    this.#connected();
    this.#flush();
    const code = await over;
    if (this.#end !== undefined) return;
    // The manager cuts the sockets of a token it revoked (or that expired) with 4401.
    if (code === CLOSE_CODES.unauthorized) throw new ManagerError('unauthorized', REFUSED_TOKEN);
    this.#lost(undefined);
  }

  // True when the follow goes on: the refused token was renewed meanwhile (by us or another bosun),
  // or the follow was ended while we looked.
  async #renewedToken(error: unknown): Promise<boolean> {
    if (!isRefusedToken(error)) return false;
    const renewed = await this.#options.tokens.replacement(this.#token);
    if (this.#end !== undefined) return true;
    if (renewed === undefined) return false;
    this.#options.printer.info('the saved API token was renewed; following on with the new one');
    return true;
  }

  #push(frame: LogsPush): void {
    if (frame.subject === 'error') return;
    if (frame.data.sub !== this.#sub || this.#end !== undefined) return;
    // Pushes can be handled before the subscribe reply's continuation runs.
    this.#connected();
    switch (frame.subject) {
      case 'logs.history':
      case 'logs.batch':
        this.#entries(frame.data.entries);
        break;
      case 'logs.batch.packed':
        this.#entries(unpackLogLines(frame.data.lines));
        break;
      case 'logs.gap':
        this.#options.printer.lost(frame.data.count, frame.data.reason);
        this.#advance(frame.data.toSeq + 1);
        break;
      case 'logs.skipped':
        // Lines the filter held back are no loss: nothing is printed, and a resume starts after them.
        this.#advance(frame.data.throughSeq + 1);
        break;
      case 'logs.status':
        this.#status(frame.data);
        break;
    }
    this.#flush();
  }

  #entries(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      this.#entry(entry);
      if (this.#end !== undefined) break;
    }
  }

  #entry(entry: LogEntry): void {
    const { printer } = this.#options;
    if (entry.kind === 'line') {
      this.#advance(entry.seq + 1);
      const verdict = this.#options.judge(entry);
      if (verdict === 'print') printer.line(entry);
      else if (verdict === 'stop') this.stop('ended');
      return;
    }
    printer.marker(entry);
    if (entry.kind === 'gap') this.#advance(entry.toSeq + 1);
    else this.#advance(entry.afterSeq + 1);
    if (entry.kind === 'end') this.stop('ended');
  }

  #status({ state, message }: DataOf<'logs.status'>): void {
    const { printer, host } = this.#options;
    const previous = this.#lastState;
    this.#lastState = state;
    if (state === previous) return;
    const detail = message ? ` (${message})` : '';
    if (state === 'agent_offline') printer.note(`host ${host} is offline; waiting for it to come back`);
    else if (state === 'docker_unavailable')
      printer.note(`Docker on ${host} is unavailable${detail}; waiting`);
    else if (state === 'live' && previous !== undefined) printer.note('the log stream is live again');
    else if (state === 'ended') {
      printer.note(`the log stream ended${detail}`);
      this.stop('ended');
    }
  }

  #connected(): void {
    if (!this.#following) this.#options.printer.info('following the live stream (Ctrl-C to stop)');
    this.#following = true;
    if (this.#outage) this.#options.printer.note('reconnected to the manager');
    this.#outage = false;
    this.#delay.reset();
  }

  #advance(seq: number): void {
    if (this.#nextSeq === undefined || seq > this.#nextSeq) this.#nextSeq = seq;
  }

  // Output backpressure reaches the manager: while stdout is full the socket is not read.
  #flush(): void {
    const { sink } = this.#options;
    const socket = this.#socket;
    if (!sink.flush() && socket) {
      socket.pause();
      void sink.drained().then(() => socket.resume());
    }
    if (sink.broken) this.stop('broken_pipe');
  }

  #lost(error: unknown): void {
    if (this.#outage) return;
    this.#outage = true;
    const why = error instanceof Error ? `: ${error.message}` : '';
    this.#options.printer.note(`lost the connection to the manager${why}; reconnecting`);
    this.#options.sink.flush();
  }

  async #pause(): Promise<void> {
    const ms = this.#delay.next();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#connectionOver = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
