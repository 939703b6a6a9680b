import {
  compileLinePattern,
  type LinePatternSpec,
  type MatchRange,
  type RegexEngine,
} from '@bosun/protocol/safe-pattern';
import type { ViewLine } from './log-types.ts';
import type { FromPatternWorker, ToPatternWorker } from './pattern-worker-messages.ts';

/** A started pattern worker, as the client drives it. */
export type PatternWorkerPort = {
  post(message: ToPatternWorker): void;
  terminate(): void;
};

/** Starts a pattern worker whose messages, and failure (it could not load, it threw), go to `handlers`. */
export type StartPatternWorker = (handlers: {
  message(message: FromPatternWorker): void;
  error(reason: string): void;
}) => PatternWorkerPort;

/** Where the current regex runs, or why it runs nowhere. */
export type PatternStatus = { state: 'idle' } | { state: RegexEngine } | { state: 'failed'; message: string };

/** How a PatternWorkerClient starts workers, refills a fresh one, and reports where a regex runs. */
export type PatternWorkerClientOptions = {
  start: StartPatternWorker;
  /** The lines the viewer holds now, for a fresh worker that replaces a stuck one. */
  lines(): Iterable<ViewLine>;
  onStatus(status: PatternStatus): void;
  /** How long a worker with work to do may stay silent before it is taken as stuck. */
  deadlineMs?: number;
};

/**
 * No ordinary pattern spends this long on one line (a 64 KiB line at most), and the worker
 * reports progress every 100 ms between lines: this much silence means a runaway match.
 */
export const DEFAULT_DEADLINE_MS = 1000;

type Request = Extract<ToPatternWorker, { type: 'judge' | 'ranges' }>;
type Pending = {
  message: Request;
  generation: number;
  settle(answer: FromPatternWorker | null): void;
};

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The page's side of the pattern worker: mirrors the viewer's lines into it, sends it the regex
 * and requests, and keeps a watchdog. A worker that has work and says nothing for `deadlineMs`
 * is terminated and replaced by a fresh one (given every line again); if the current pattern is
 * what stopped it, the fresh one runs it on the linear engine, and the status says so. Requests
 * of a pattern replaced since are answered with null.
 */
export class PatternWorkerClient {
  readonly #start: StartPatternWorker;
  readonly #lines: () => Iterable<ViewLine>;
  readonly #onStatus: (status: PatternStatus) => void;
  readonly #deadlineMs: number;
  // Started on first use, and again after dispose: React may dispose and reuse in development.
  #current: PatternWorkerPort | null = null;
  #pattern: LinePatternSpec | null = null;
  #engine: RegexEngine = 'native';
  #status: PatternStatus = { state: 'idle' };
  #broken: string | null = null;
  #generation = 0;
  #nextTicket = 1;
  // In the order sent, which is the order the worker answers in.
  #pending: Pending[] = [];
  #heardAt = 0;
  #watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(options: PatternWorkerClientOptions) {
    this.#start = options.start;
    this.#lines = options.lines;
    this.#onStatus = options.onStatus;
    this.#deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  get status(): PatternStatus {
    return this.#status;
  }

  /** Lines the viewer just took in. */
  add(lines: readonly ViewLine[]): void {
    if (lines.length > 0) this.#port().post(addMessage(lines));
  }

  /** Lines the viewer just let go. */
  drop(lines: readonly ViewLine[]): void {
    if (lines.length > 0) this.#current?.post({ type: 'drop', ids: lines.map((line) => line.id) });
  }

  clear(): void {
    this.#current?.post({ type: 'clear' });
  }

  /** The regex later requests run (valid JavaScript syntax), or null; it starts on V8's engine. */
  setPattern(spec: LinePatternSpec | null): void {
    this.#generation++;
    this.#pattern = spec;
    this.#engine = 'native';
    if (this.#broken !== null && spec !== null) {
      this.#setStatus({ state: 'failed', message: this.#broken });
      return;
    }
    if (spec !== null || this.#current !== null)
      this.#port().post({ type: 'pattern', spec, engine: 'native' });
    this.#setStatus(spec === null ? { state: 'idle' } : { state: 'native' });
  }

  /** One flag per line, 1 where the current pattern matches; null if the pattern changed or failed. */
  async judge(lines: readonly ViewLine[]): Promise<Uint8Array | null> {
    const ids = new Float64Array(lines.length);
    for (let i = 0; i < lines.length; i++) ids[i] = (lines[i] as ViewLine).id;
    const answer = await this.#request({ type: 'judge', ticket: this.#nextTicket++, ids });
    return answer?.type === 'verdicts' ? answer.flags : null;
  }

  /** The current pattern's match ranges in each text; null if the pattern changed or failed. */
  async ranges(texts: string[]): Promise<MatchRange[][] | null> {
    const answer = await this.#request({ type: 'ranges', ticket: this.#nextTicket++, texts });
    return answer?.type === 'ranges' ? answer.ranges : null;
  }

  /** Stops the worker; a later call starts a fresh one. */
  dispose(): void {
    this.#current?.terminate();
    this.#current = null;
    this.#settleAll();
  }

  #request(message: Request): Promise<FromPatternWorker | null> {
    if (this.#pattern === null || this.#status.state === 'failed') return Promise.resolve(null);
    return new Promise((settle) => {
      if (this.#pending.length === 0) this.#heardAt = performance.now();
      this.#pending.push({ message, generation: this.#generation, settle });
      this.#port().post(message);
      this.#watchdog ??= setInterval(() => this.#check(), this.#deadlineMs / 4);
    });
  }

  #port(): PatternWorkerPort {
    this.#current ??= this.#startWorker();
    return this.#current;
  }

  #startWorker(): PatternWorkerPort {
    const port = this.#start({
      message: (message) => {
        if (port === this.#current) this.#onMessage(message);
      },
      error: (reason) => {
        if (port === this.#current) this.#onBroken(reason);
      },
    });
    // In id order, as lines first came: the worker stores texts by id most cheaply that way.
    const lines = [...this.#lines()].sort((a, b) => a.id - b.id);
    if (lines.length > 0) port.post(addMessage(lines));
    if (this.#pattern !== null) port.post({ type: 'pattern', spec: this.#pattern, engine: this.#engine });
    return port;
  }

  #onMessage(message: FromPatternWorker): void {
    this.#heardAt = performance.now();
    if (message.type === 'progress') return;
    const index = this.#pending.findIndex((p) => p.message.ticket === message.ticket);
    // A request settled already, when a replaced worker's last words arrive.
    if (index < 0) return;
    const [done] = this.#pending.splice(index, 1);
    done?.settle(done.generation === this.#generation ? message : null);
    if (this.#pending.length === 0) this.#stopWatchdog();
  }

  #check(): void {
    if (this.#pending.length === 0) {
      this.#stopWatchdog();
      return;
    }
    if (performance.now() - this.#heardAt >= this.#deadlineMs) this.#replaceStuckWorker();
  }

  #replaceStuckWorker(): void {
    // The worker answers in order, so the oldest request is the one it is stuck on.
    const stuck = this.#pending[0] as Pending;
    this.#current?.terminate();
    for (const p of this.#pending) if (p.generation !== this.#generation) p.settle(null);
    this.#pending = this.#pending.filter((p) => p.generation === this.#generation);
    let failure: string | null = null;
    if (stuck.generation === this.#generation && this.#pattern !== null) {
      const linear = this.#engine === 'native' ? compileLinePattern(this.#pattern, 'linear') : null;
      if (linear === null) failure = 'This search takes too long even on the linear regex engine';
      else if (!linear.ok) {
        failure = `This pattern backtracks too much on these lines, and ${lowerFirst(linear.message)}`;
      } else this.#engine = 'linear';
    }
    if (failure !== null) this.#pattern = null;
    this.#current = this.#startWorker();
    if (failure !== null) {
      this.#settleAll();
      this.#setStatus({ state: 'failed', message: failure });
      return;
    }
    for (const p of this.#pending) this.#current.post(p.message);
    this.#heardAt = performance.now();
    if (this.#pattern !== null) this.#setStatus({ state: this.#engine });
  }

  #onBroken(reason: string): void {
    this.#broken = `The search worker stopped (${reason})`;
    this.#settleAll();
    if (this.#pattern !== null) this.#setStatus({ state: 'failed', message: this.#broken });
  }

  #settleAll(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const p of pending) p.settle(null);
    this.#stopWatchdog();
  }

  #stopWatchdog(): void {
    if (this.#watchdog !== undefined) clearInterval(this.#watchdog);
    this.#watchdog = undefined;
  }

  #setStatus(status: PatternStatus): void {
    const changed = describe(status) !== describe(this.#status);
    this.#status = status;
    if (changed) this.#onStatus(status);
  }
}

function describe(status: PatternStatus): string {
  return status.state === 'failed' ? `failed: ${status.message}` : status.state;
}

function addMessage(lines: readonly ViewLine[]): ToPatternWorker {
  return { type: 'add', ids: lines.map((line) => line.id), texts: lines.map((line) => line.plain) };
}
