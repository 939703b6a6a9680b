import { ttlSchema } from '@bosun/protocol';
import { UsageError } from '../exit-codes.ts';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

// Go's duration syntax (what `docker logs --since 10m` takes) plus days: one or more
// number-unit pairs such as 90s, 1h30m or 1.5h.
const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
// Longer than any duration a person types; refused before any pattern work.
const MAX_DURATION_TEXT = 32;

/** Milliseconds of a duration like `10m`, or undefined when `value` is not one. */
export function durationMs(value: string): number | undefined {
  if (value.length > MAX_DURATION_TEXT || !DURATION_PATTERN.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(PART_PATTERN)) total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** A `--ttl` value, checked with the manager's own rule (protocol's `ttlSchema`) and sent as written. */
export function parseTtlFlag(flag: string, value: string): string {
  if (!ttlSchema.safeParse(value).success) {
    throw new UsageError(`${flag} expects a duration such as 30m, 1h or 7d; got ${JSON.stringify(value)}`);
  }
  return value;
}
