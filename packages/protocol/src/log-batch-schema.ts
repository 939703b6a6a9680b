import { z } from 'zod';
import { MAX_BATCH_LINES } from './limits.ts';
import { type LogEntry, type LogLine, logEntrySchema, logLineSchema, MAX_LINE_TEXT_LENGTH } from './logs.ts';
import { DOCKER_TIMESTAMP_PATTERN } from './timestamps.ts';

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
const LINE_KEYS = new Set(['kind', 'seq', 'ts', 'stream', 'text', 'encoding', 'truncated', 'partial']);

/**
 * True when `value` is a line `logLineSchema` accepts exactly as it is (no key to strip): the
 * same rules, written out, because zod's object machinery per line was most of what a manager
 * spent on a flood of log frames. Anything else goes through the schema itself.
 */
function isPlainLogLine(value: unknown): value is LogLine {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  for (const key in v) if (!LINE_KEYS.has(key)) return false;
  if (v.kind !== 'line') return false;
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 0) return false;
  if (typeof v.ts !== 'string' || !DOCKER_TIMESTAMP_PATTERN.test(v.ts)) return false;
  if (v.stream !== 'stdout' && v.stream !== 'stderr') return false;
  if (typeof v.text !== 'string' || v.text.length > MAX_LINE_TEXT_LENGTH) return false;
  if (v.truncated !== undefined && v.truncated !== true) return false;
  if (v.partial !== undefined && v.partial !== true) return false;
  if (v.encoding === undefined) return true;
  return v.encoding === 'base64' && v.text.length % 4 === 0 && BASE64_PATTERN.test(v.text);
}

/**
 * A batch of 1 to `MAX_BATCH_LINES` items of `item`, checked a cheap way first: an item that is a
 * plain line is taken as it is, any other goes through `item` (markers, lines with unknown keys,
 * anything invalid), whose issues are reported at the item's index as the array schema would.
 * Same acceptance and output as `z.array(item).min(1).max(MAX_BATCH_LINES)`, which also answers
 * for anything that is not an array of that size.
 */
function batchOf<T extends LogEntry>(item: z.ZodType<T>) {
  const plain = z.array(item).min(1).max(MAX_BATCH_LINES);
  return z.unknown().transform((value, ctx): T[] => {
    if (!Array.isArray(value) || value.length < 1 || value.length > MAX_BATCH_LINES) {
      return checkedBy(plain, value, ctx);
    }
    let out: T[] | undefined;
    for (let i = 0; i < value.length; i++) {
      if (isPlainLogLine(value[i])) continue;
      const parsed = item.safeParse(value[i], { reportInput: true });
      if (!parsed.success) {
        report(ctx, parsed.error.issues, [i]);
        continue;
      }
      out ??= value.slice() as T[];
      out[i] = parsed.data;
    }
    return out ?? (value as T[]);
  });
}

function checkedBy<T>(schema: z.ZodType<T[]>, value: unknown, ctx: z.RefinementCtx): T[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  report(ctx, parsed.error.issues, []);
  return z.NEVER;
}

/** The entries of one batch (`log.batch`, `logs.batch`): 1 to `MAX_BATCH_LINES` lines and markers. */
export const logEntriesSchema = batchOf(logEntrySchema);

/** The lines of one batch of a stored read (`log.read.batch`): 1 to `MAX_BATCH_LINES`. */
export const logLinesSchema = batchOf(logLineSchema);

// The item's own issues, where they are in the batch, as they were (code, message, bounds), so
// an error reads as the array schema's would. Zod types a finished issue apart from one being
// raised, though it takes one as the other.
function report(ctx: z.RefinementCtx, issues: readonly z.core.$ZodIssue[], at: PropertyKey[]): void {
  for (const issue of issues)
    ctx.issues.push({ ...issue, path: [...at, ...issue.path] } as z.core.$ZodRawIssue);
}
