// Distinct hues that read on both themes; a merged view of more sources than colours reuses them.
const PALETTE = ['#0ea5e9', '#f97316', '#a855f7', '#22c55e', '#e11d48', '#eab308', '#14b8a6', '#6366f1'];

/**
 * A colour per source of a merged view, in the order given. Distinct hues that read on both
 * themes; a merged view of more sources than colours reuses them.
 */
export function sourceColors(sources: readonly string[]): Map<string, string> {
  return new Map(sources.map((source, i) => [source, PALETTE[i % PALETTE.length]!]));
}
