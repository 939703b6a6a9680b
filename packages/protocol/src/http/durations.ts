const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
};

// One or more number+unit pieces ("90s", "1h30m", "7d"). Bounded in length so a pathological
// string costs nothing to refuse.
const DURATION_PATTERN = /^(?:\d{1,9}[smhdw]){1,5}$/;
const PIECE = /(\d+)([smhdw])/g;
const MAX_DURATION_TEXT = 32;

/**
 * The manager's durations (token lifetimes, a relative `since`): `30m`, `1h`, `7d`, `1h30m` in
 * milliseconds, or undefined when `text` is not one. The CLI checks `--ttl` with the same rule
 * (`ttlSchema`), so what it accepts the manager accepts.
 */
export function durationMs(text: string): number | undefined {
  if (text.length > MAX_DURATION_TEXT || !DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PIECE)) total += Number(amount) * (UNIT_MS[unit!] ?? 0);
  return total;
}

/** The inverse of `durationMs` for messages: `7d`, `90m`, `45s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
