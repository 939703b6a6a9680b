import type { MatchRange } from '@bosun/protocol/safe-pattern';

/** Texts whose ranges are kept; past this the cache starts over and the rows on screen ask again. */
export const MAX_HIGHLIGHTED_TEXTS = 2000;

/**
 * Highlight ranges of the current regex for the texts the rows on screen show, computed by the
 * pattern worker: the page's thread never runs the regex. A text asked for the first time gets
 * no marks, is asked of the worker with the others asked in the same task, and `onReady` tells
 * the page to render again once ranges came in.
 */
export class RegexHighlights {
  readonly #ask: (texts: string[]) => Promise<MatchRange[][] | null>;
  readonly #onReady: () => void;
  readonly #cache = new Map<string, MatchRange[]>();
  readonly #wanted = new Set<string>();
  readonly #asked = new Set<string>();
  #epoch = 0;

  constructor(ask: (texts: string[]) => Promise<MatchRange[][] | null>, onReady: () => void) {
    this.#ask = ask;
    this.#onReady = onReady;
  }

  /** The ranges of `text`, or none yet. */
  get(text: string): MatchRange[] {
    const known = this.#cache.get(text);
    if (known !== undefined) return known;
    if (!this.#asked.has(text) && !this.#wanted.has(text)) {
      if (this.#wanted.size === 0) queueMicrotask(() => this.#flush());
      this.#wanted.add(text);
    }
    return [];
  }

  /** Forgets everything: the pattern changed. */
  reset(): void {
    this.#epoch++;
    this.#cache.clear();
    this.#wanted.clear();
    this.#asked.clear();
  }

  #flush(): void {
    const texts = [...this.#wanted];
    this.#wanted.clear();
    if (texts.length === 0) return;
    for (const text of texts) this.#asked.add(text);
    const epoch = this.#epoch;
    void this.#ask(texts).then((ranges) => {
      if (epoch !== this.#epoch) return;
      for (const text of texts) this.#asked.delete(text);
      if (ranges === null) return;
      if (this.#cache.size + texts.length > MAX_HIGHLIGHTED_TEXTS) this.#cache.clear();
      texts.forEach((text, i) => {
        this.#cache.set(text, ranges[i] ?? []);
      });
      this.#onReady();
    });
  }
}
