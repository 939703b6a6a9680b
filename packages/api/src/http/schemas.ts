import { ROLES, type Role } from '@bosun/hub';
import { agentNameSchema, containerRefSchema } from '@bosun/protocol';
import { z } from 'zod';
import { MAX_PASSWORD_BYTES } from '../ports/password-hasher.ts';

/** An agent by id (`agt_…`) or name: both fit the agent name charset. */
export const agentRefSchema = agentNameSchema;
export const containerRefParamSchema = containerRefSchema;

/** Ids the manager made (`usr_…`, `tok_…`): short, URL-safe. */
export const recordIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an id');

// Usernames appear in the UI, the audit log and CLI output: printable, no spaces.
export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'expected 1-64 characters of A-Z a-z 0-9 . _ @ -');

/** A new password: long enough to resist guessing; the byte bound is checked by the hasher. */
export const newPasswordSchema = z.string().min(8, 'expected at least 8 characters').max(MAX_PASSWORD_BYTES);

export const roleSchema = z.enum(ROLES as [Role, ...Role[]]);

/** A lifetime like `30m`, `1h`, `7d`; turned into milliseconds by the route. */
export const ttlSchema = z.string().min(1).max(32);
