import { z } from 'zod';
import { agentNameSchema } from '../fields.ts';
import { durationMs } from './durations.ts';

/** Longer passwords are refused before hashing: nobody types 1 KiB, and it bounds the work. */
export const MAX_PASSWORD_BYTES = 1024;

/** The shortest new password the manager accepts (UTF-16 units, as `string.length` counts). */
export const MIN_PASSWORD_LENGTH = 8;

/** An agent in a URL or query: its id (`agt_…`) or its name; both fit the agent name charset. */
export const agentRefSchema = agentNameSchema;

/** Ids the manager made (`usr_…`, `tok_…`, `jt_…`, `agt_…`): short and URL-safe. */
export const recordIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id');

/**
 * A new user's name: 1-64 characters of A-Z a-z 0-9 . _ @ -, starting with a letter or digit.
 * Usernames appear in the UI, the audit log and CLI output, so they stay printable, without spaces.
 */
export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'expected 1-64 characters of A-Z a-z 0-9 . _ @ -');

/**
 * A password as typed at a login or as the current one: checked only for bounds, since it may
 * predate today's rules. The byte bound is the manager's to check (it hashes bytes).
 */
export const passwordSchema = z.string().min(1).max(MAX_PASSWORD_BYTES);

/** A new password: long enough to resist guessing; the manager also checks the byte bound. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `expected at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_BYTES);

/** A lifetime like `30m`, `1h`, `7d`, above zero; the manager bounds it further. */
export const ttlSchema = z
  .string()
  .refine((text) => (durationMs(text) ?? 0) > 0, 'expected a duration such as 30m, 1h or 7d');

/** An API token's name, shown in lists so a user can tell their tokens apart ("laptop", "ci"). */
export const apiTokenNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]+$/u, 'expected printable characters');
