import type { LogEntry } from '@bosun/protocol';

/** Lines a "load older" asks the store for at a time. */
export const OLDER_PAGE_LINES = 500;

/** A container's first line has seq 0 (the agent numbers from there), so nothing came before it. */
const FIRST_SEQ = 0;

/**
 * Where a source's scrolling back stands: `more` (the store may hold older lines), `loading`,
 * `start` (the first line the container wrote is held: nothing older exists), `not_kept` (the
 * store holds nothing before `before`, or nothing at all when null: retention dropped it, or it
 * was never kept), `full` (the
 * view holds its line limit, so older lines would have nowhere to go), `error`.
 */
export type OlderState =
  | { kind: 'more' }
  | { kind: 'loading' }
  | { kind: 'start' }
  | { kind: 'not_kept'; before: string | null }
  | { kind: 'full' }
  | { kind: 'error'; message: string };

/** One page of a container's stored stream, its entries oldest first; `more` while older ones remain. */
export type OlderPage = { entries: LogEntry[]; more: boolean };

/** The generation before a container, as the marker between the two shows it. */
export type PreviousGeneration = { containerId: string; markerText: string };

/** What an OlderLines reads from and tells. */
export type OlderLinesOptions = {
  /** Up to `limit` lines of `containerId` before `beforeSeq` (all of it when undefined). */
  fetchPage(containerId: string, beforeSeq: number | undefined, limit: number): Promise<OlderPage>;
  /** The container that held this one's identity before it, or null. */
  previousGeneration(containerId: string): Promise<PreviousGeneration | null>;
  /** Lines the view can still take. */
  room(): number;
  /**
   * Entries to put above what is held, oldest first; `marker` (the start of a newer generation,
   * stamped with that generation's oldest line) goes between them and what is held.
   */
  take(entries: LogEntry[], marker?: { text: string; ts: string }): void;
  onState(state: OlderState): void;
};

type Cursor = {
  containerId: string;
  beforeSeq: number | undefined;
  oldest: { seq: number; ts: string } | null;
  /** Every stored line of the container is held (or it has none): next is the previous generation. */
  done: boolean;
};

/**
 * One source's "load older": pages its stored stream backwards from the oldest line the view got
 * from the manager's ring, and on into the previous generation's stream once a container's stored
 * lines run out. One page at a time; asking while one is loading does nothing.
 */
export class OlderLines {
  readonly #options: OlderLinesOptions;
  #cursor: Cursor | null = null;
  // The oldest line held of the source, whichever generation it came from.
  #oldestTs: string | null = null;
  #state: OlderState = { kind: 'more' };

  constructor(options: OlderLinesOptions) {
    this.#options = options;
  }

  /** Where scrolling back stands now. */
  get state(): OlderState {
    return this.#state;
  }

  /** Whether the source has its starting point yet (`anchor`). */
  get anchored(): boolean {
    return this.#cursor !== null;
  }

  /**
   * The starting point: the oldest line held of the container (null when none is, e.g. a removed
   * container: paging then starts at its newest stored line). Only the first call counts.
   */
  anchor(containerId: string, oldest: { seq: number; ts: string } | null): void {
    if (this.#cursor) return;
    this.#cursor = { containerId, beforeSeq: oldest?.seq, oldest, done: oldest?.seq === FIRST_SEQ };
    this.#oldestTs = oldest?.ts ?? null;
  }

  /** Fetches the next older page; resolves once it is taken in (or failed, as the state says). */
  async loadOlder(): Promise<void> {
    const cursor = this.#cursor;
    if (
      !cursor ||
      (this.#state.kind !== 'more' && this.#state.kind !== 'full' && this.#state.kind !== 'error')
    )
      return;
    const room = Math.min(OLDER_PAGE_LINES, this.#options.room());
    if (room === 0) {
      // Asked again at every scroll event at the top: say it once.
      if (this.#state.kind !== 'full') this.#set({ kind: 'full' });
      return;
    }
    this.#set({ kind: 'loading' });
    try {
      if (cursor.done) {
        await this.#exhausted(cursor);
        return;
      }
      const page = await this.#options.fetchPage(cursor.containerId, cursor.beforeSeq, room);
      const oldest = page.entries.find((entry) => entry.kind === 'line');
      if (oldest) {
        cursor.beforeSeq = oldest.seq;
        cursor.oldest = { seq: oldest.seq, ts: oldest.ts };
        this.#oldestTs = oldest.ts;
      }
      if (page.entries.length > 0) this.#options.take(page.entries);
      if (page.more && oldest) {
        this.#set({ kind: 'more' });
        return;
      }
      cursor.done = true;
      await this.#exhausted(cursor);
    } catch (error) {
      this.#set({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  // The container's stored lines are all held: on into the previous generation, else say why
  // nothing older is shown.
  async #exhausted(cursor: Cursor): Promise<void> {
    const previous = await this.#options.previousGeneration(cursor.containerId);
    if (!previous) {
      this.#set(
        cursor.oldest?.seq === FIRST_SEQ ? { kind: 'start' } : { kind: 'not_kept', before: this.#oldestTs },
      );
      return;
    }
    if (this.#oldestTs !== null) this.#options.take([], { text: previous.markerText, ts: this.#oldestTs });
    this.#cursor = { containerId: previous.containerId, beforeSeq: undefined, oldest: null, done: false };
    this.#set({ kind: 'more' });
  }

  #set(state: OlderState): void {
    this.#state = state;
    this.#options.onState(state);
  }
}
