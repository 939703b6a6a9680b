import { compileLinePattern, type LineMatcher } from '@bosun/protocol/safe-pattern';
import { LineTexts } from './line-texts.ts';
import type { FromPatternWorker, ToPatternWorker } from './pattern-worker-messages.ts';

/** How the core answers: postMessage in the worker, a direct call in tests. */
export type PatternWorkerPost = (message: FromPatternWorker, transfer?: Transferable[]) => void;

// Often enough that a pass over 100k lines is never mistaken for a stuck one, rarely enough to
// cost nothing: a few messages for a pass that takes a second.
const PROGRESS_EVERY_MS = 100;
const CHECK_CLOCK_EVERY = 256;

const NOTHING: LineMatcher = { empty: false, runsOn: 'substring', test: () => false, ranges: () => [] };

/**
 * The pattern worker without the worker: the texts of the lines the viewer holds, by id, and the
 * regex that `judge` and `ranges` run. A regex that backtracks for ever stops this thread for
 * good; the viewer's watchdog terminates it and asks a fresh one to use the linear engine.
 *
 * Bound: it holds the lines the viewer's LogBuffer holds, since the viewer sends every line the
 * buffer takes in (`add`) and every one it evicts (`drop`); a judge request names lines by id,
 * and an id it no longer holds (evicted meanwhile) is judged as no match.
 */
export class PatternWorkerCore {
  readonly #post: PatternWorkerPost;
  readonly #now: () => number;
  readonly #texts = new LineTexts();
  #matcher: LineMatcher = NOTHING;

  constructor(post: PatternWorkerPost, now: () => number = () => performance.now()) {
    this.#post = post;
    this.#now = now;
  }

  /** How many lines it holds. */
  get size(): number {
    return this.#texts.size;
  }

  handle(message: ToPatternWorker): void {
    switch (message.type) {
      case 'add':
        for (let i = 0; i < message.ids.length; i++) {
          this.#texts.set(message.ids[i] as number, message.texts[i] as string);
        }
        break;
      case 'drop':
        for (const id of message.ids) this.#texts.delete(id);
        break;
      case 'clear':
        this.#texts.clear();
        break;
      case 'pattern':
        this.#matcher = this.#compile(message);
        break;
      case 'judge':
        this.#judge(message.ticket, message.ids);
        break;
      case 'ranges':
        this.#ranges(message.ticket, message.texts);
        break;
    }
  }

  #compile(message: Extract<ToPatternWorker, { type: 'pattern' }>): LineMatcher {
    if (message.spec === null) return NOTHING;
    const compiled = compileLinePattern(message.spec, message.engine);
    // The viewer compiled it on that engine before sending it; should it fail here all the
    // same, matching nothing is the answer that hides no failure behind matches.
    return compiled.ok ? compiled.matcher : NOTHING;
  }

  #judge(ticket: number, ids: Float64Array): void {
    const flags = new Uint8Array(ids.length);
    const matcher = this.#matcher;
    let reported = this.#now();
    for (let i = 0; i < ids.length; i++) {
      const text = this.#texts.get(ids[i] as number);
      if (text !== undefined && matcher.test(text)) flags[i] = 1;
      if (i % CHECK_CLOCK_EVERY === CHECK_CLOCK_EVERY - 1) reported = this.#progress(ticket, reported);
    }
    this.#post({ type: 'verdicts', ticket, flags }, [flags.buffer]);
  }

  #ranges(ticket: number, texts: readonly string[]): void {
    let reported = this.#now();
    const ranges = texts.map((text) => {
      const found = this.#matcher.ranges(text);
      reported = this.#progress(ticket, reported);
      return found;
    });
    this.#post({ type: 'ranges', ticket, ranges });
  }

  #progress(ticket: number, reported: number): number {
    const now = this.#now();
    if (now - reported < PROGRESS_EVERY_MS) return reported;
    this.#post({ type: 'progress', ticket });
    return now;
  }
}
