import type { LogEntry } from '@bosun/protocol';

/**
 * How many restart and end markers a cursor remembers. A resume's repeated markers are recognised
 * by identity; a container crash-looping without output can pile up markers with no line in
 * between, so only the newest are kept. Past this, a resume could show an old marker twice,
 * never lose a line.
 */
export const MAX_REMEMBERED_MARKERS = 256;

function markerKey(entry: Extract<LogEntry, { kind: 'restart' | 'end' }>): string {
  return entry.kind === 'restart'
    ? `restart|${entry.afterSeq}|${entry.ts}|${entry.reason ?? ''}`
    : `end|${entry.afterSeq}|${entry.ts ?? ''}|${entry.reason}`;
}

/**
 * Where one source's stream stands for this viewer: the seq to resume from and what was already
 * passed on. A resume asks for `nextSeq`, and the manager sends every entry that reaches it,
 * which includes the markers sitting right after the last line; those are dropped here, so
 * neither a line nor a marker reaches the view twice.
 *
 * This is the one place that decides whether an entry is new, and LogBuffer takes what it is
 * given. Here, because the cursor is what a resume asks from, so "new" and "where to resume"
 * cannot disagree; it sees protocol entries, where gaps and markers still carry the seq they sit
 * at (a view marker has none); it starts over in the same step as the numbering (LogSession's
 * reset), with no second place to tell; and a repeated line is dropped before it is decoded.
 */
export class SourceCursor {
  #nextSeq: number | undefined;
  #lastLineSeq: number | undefined;
  readonly #recentMarkers = new Set<string>();

  /** The seq a resumed subscription asks for; undefined until the stream told us anything. */
  get nextSeq(): number | undefined {
    return this.#nextSeq;
  }

  /** The seq of the newest line passed on; undefined before any, and after a reset. */
  get lastLineSeq(): number | undefined {
    return this.#lastLineSeq;
  }

  /** The entries not passed on before, in order; advances the cursor past them. */
  accept(entries: readonly LogEntry[]): LogEntry[] {
    const out: LogEntry[] = [];
    for (const entry of entries) {
      const next = this.#nextSeq;
      switch (entry.kind) {
        case 'line':
          if (next !== undefined && entry.seq < next) continue;
          this.#lastLineSeq = entry.seq;
          this.#moveTo(entry.seq + 1);
          out.push(entry);
          break;
        case 'gap':
          if (next !== undefined && entry.toSeq < next) continue;
          this.#moveTo(entry.toSeq + 1);
          out.push(next !== undefined && entry.fromSeq < next ? { ...entry, fromSeq: next } : entry);
          break;
        default: {
          // A marker sits after a seq; one behind the last line is from before and was seen.
          if (next !== undefined && entry.afterSeq + 1 < next) continue;
          const key = markerKey(entry);
          if (this.#recentMarkers.has(key)) continue;
          if (this.#recentMarkers.size >= MAX_REMEMBERED_MARKERS) {
            const oldest = this.#recentMarkers.values().next().value;
            if (oldest !== undefined) this.#recentMarkers.delete(oldest);
          }
          this.#recentMarkers.add(key);
          out.push(entry);
        }
      }
    }
    return out;
  }

  /** Skips ahead: a logs.gap push, or the subscribe reply's nextSeq once history is in. */
  advance(seq: number): void {
    if (this.#nextSeq === undefined || seq > this.#nextSeq) this.#moveTo(seq);
  }

  /** The numbering starts over (another container, or a manager that lost its cursor). */
  reset(): void {
    this.#nextSeq = undefined;
    this.#lastLineSeq = undefined;
    this.#recentMarkers.clear();
  }

  #moveTo(seq: number): void {
    if (seq !== this.#nextSeq) this.#recentMarkers.clear();
    this.#nextSeq = seq;
  }
}
