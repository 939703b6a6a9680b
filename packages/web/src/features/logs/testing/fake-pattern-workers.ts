import type { LinePatternSpec, RegexEngine } from '@bosun/protocol/safe-pattern';
import type { PatternWorkerPort, StartPatternWorker } from '../model/pattern-worker-client.ts';
import { PatternWorkerCore } from '../model/pattern-worker-core.ts';
import type { FromPatternWorker, ToPatternWorker } from '../model/pattern-worker-messages.ts';

/** Whether a request under this pattern and engine stands for a match that never ends. */
export type Runaway = (spec: LinePatternSpec, engine: RegexEngine) => boolean;

/** One in-process pattern worker: a PatternWorkerCore answering on a later microtask, as a worker would. */
export class FakePatternWorker implements PatternWorkerPort {
  readonly core: PatternWorkerCore;
  readonly received: ToPatternWorker[] = [];
  terminated = false;
  /** It met a runaway match: it answers nothing any more. */
  stuck = false;
  readonly #runaway: Runaway;
  #pattern: { spec: LinePatternSpec; engine: RegexEngine } | null = null;

  constructor(onMessage: (message: FromPatternWorker) => void, runaway: Runaway) {
    this.core = new PatternWorkerCore((message) => onMessage(message));
    this.#runaway = runaway;
  }

  post(message: ToPatternWorker): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.received.push(message);
    queueMicrotask(() => this.#handle(message));
  }

  terminate(): void {
    this.terminated = true;
  }

  #handle(message: ToPatternWorker): void {
    if (this.terminated || this.stuck) return;
    if (message.type === 'pattern') {
      this.#pattern = message.spec === null ? null : { spec: message.spec, engine: message.engine };
    }
    const request = message.type === 'judge' || message.type === 'ranges';
    if (request && this.#pattern !== null && this.#runaway(this.#pattern.spec, this.#pattern.engine)) {
      this.stuck = true;
      return;
    }
    this.core.handle(message);
  }
}

/** Starts FakePatternWorkers and keeps them, newest last, for tests to look into. */
export class FakePatternWorkers {
  readonly started: FakePatternWorker[] = [];
  readonly #runaway: Runaway;
  /** Set to make the next start fail as a worker that cannot load does. */
  failToStart: string | null = null;

  constructor(runaway: Runaway = () => false) {
    this.#runaway = runaway;
  }

  get latest(): FakePatternWorker {
    const worker = this.started.at(-1);
    if (worker === undefined) throw new Error('no worker started');
    return worker;
  }

  readonly start: StartPatternWorker = (handlers) => {
    const worker = new FakePatternWorker(handlers.message, this.#runaway);
    this.started.push(worker);
    const failure = this.failToStart;
    if (failure !== null) queueMicrotask(() => handlers.error(failure));
    return worker;
  };
}
