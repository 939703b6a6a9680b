import { z } from 'zod';
import { text } from './fields.ts';
import type { LogLevel } from './log-level.ts';
import { LOG_STREAMS } from './logs.ts';
import { MAX_PATTERN_LENGTH } from './safe-pattern/line-pattern.ts';

/** The levels a filter can ask for, as `detectLevel` names them. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevel[];

/**
 * Which lines a reader wants, one shape for a filtered live subscription, a stored read and a
 * search: `pattern` (a substring, or with `regex` a regular expression run by the safe matcher,
 * case-insensitive unless `caseSensitive`), `streams`, `levels` (by the shared level detection;
 * lines whose level cannot be told match no level). Absent fields do not filter; every present
 * one must match.
 */
export const logLineFilterSchema = z.object({
  pattern: text(MAX_PATTERN_LENGTH).min(1).optional(),
  regex: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  streams: z.array(z.enum(LOG_STREAMS)).min(1).max(LOG_STREAMS.length).optional(),
  levels: z.array(z.enum(LOG_LEVELS)).min(1).max(LOG_LEVELS.length).optional(),
});
/** Which lines a reader wants (see `logLineFilterSchema`). */
export type LogLineFilter = z.infer<typeof logLineFilterSchema>;
