import { z } from 'zod';
import { agentNameSchema, nonNegativeInt } from '../fields.ts';
import { apiTokenNameSchema, recordIdSchema } from './request-fields.ts';

// Times are milliseconds since the epoch; null where something has not happened (yet).
const instant = nonNegativeInt;

/**
 * An API token as its owner (or an admin) lists it: never the token itself, which is shown once
 * at creation.
 */
export const apiTokenViewSchema = z.object({
  id: recordIdSchema,
  name: apiTokenNameSchema,
  /** The owner's id and name. */
  userId: recordIdSchema,
  username: z.string().min(1).max(128),
  createdAt: instant,
  /** Null only for a token made before every token had an expiry. */
  expiresAt: instant.nullable(),
  lastUsedAt: instant.nullable(),
  revokedAt: instant.nullable(),
  /** True for the token that authenticated this very request. */
  current: z.boolean(),
});
/** An API token as its owner lists it. */
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;

/**
 * `POST /api/api-tokens` and `POST /api/api-tokens/current/renew` (201): the token itself, in
 * this answer only (the manager keeps its hash), and its lifetime, so a client can tell when
 * to renew it.
 */
export const apiTokenCreatedSchema = z.object({
  token: z.string().min(1),
  id: recordIdSchema,
  name: apiTokenNameSchema,
  createdAt: instant,
  expiresAt: instant,
});
/** The answer of `POST /api/api-tokens`. */
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;

/**
 * `GET /api/api-tokens`: the caller's own tokens, or with `?all=1` (admins) every user's, or with
 * `?user=ID` (admins) one user's; oldest first, revoked ones included.
 */
export const apiTokenListResponseSchema = z.object({ tokens: z.array(apiTokenViewSchema) });
/** The answer of `GET /api/api-tokens`. */
export type ApiTokenListResponse = z.infer<typeof apiTokenListResponseSchema>;

/**
 * Where a join token stands: waiting for its host, used by one, past its expiry unused, or
 * withdrawn by an admin.
 */
export const joinTokenStateSchema = z.enum(['pending', 'used', 'expired', 'revoked']);
/** Where a join token stands. */
export type JoinTokenState = z.infer<typeof joinTokenStateSchema>;

/** A join token as admins list it: never the token itself, which is shown once at creation. */
export const joinTokenViewSchema = z.object({
  id: recordIdSchema,
  /** The name the joining agent gets, whatever it proposes. */
  name: agentNameSchema.nullable(),
  /** The id of the user who made it. */
  createdBy: recordIdSchema,
  createdAt: instant,
  expiresAt: instant,
  usedAt: instant.nullable(),
  /** The id of the agent that joined with it. */
  usedByAgent: recordIdSchema.nullable(),
  revokedAt: instant.nullable(),
  /** Its state when listed, by the manager's clock. */
  state: joinTokenStateSchema,
});
/** A join token as admins list it. */
export type JoinTokenView = z.infer<typeof joinTokenViewSchema>;

/**
 * The line to paste on a new host, in its two forms: `container` runs the agent image (loading
 * it from the manager first when the manager hands it out), `native` installs the single-file
 * agent as a systemd service through the manager's install script.
 */
export const joinCommandsSchema = z.object({
  container: z.string().min(1),
  native: z.string().min(1),
});
/** The line to paste on a new host, in its two forms. */
export type JoinCommands = z.infer<typeof joinCommandsSchema>;

/**
 * `POST /api/join-tokens` (201): the token, shown this once, and the exact lines to paste on the
 * new host. `command` (`bosun agent` with the token) is what managers before `commands` sent;
 * `commands` is optional so a newer client still reads an older manager's answer.
 */
export const joinTokenCreatedSchema = z.object({
  token: z.string().min(1),
  id: recordIdSchema,
  expiresAt: instant,
  command: z.string().min(1),
  commands: joinCommandsSchema.optional(),
});
/** The answer of `POST /api/join-tokens`. */
export type JoinTokenCreated = z.infer<typeof joinTokenCreatedSchema>;

/** `GET /api/join-tokens` (admins): every join token, newest first, used ones included. */
export const joinTokenListResponseSchema = z.object({ tokens: z.array(joinTokenViewSchema) });
/** The answer of `GET /api/join-tokens`. */
export type JoinTokenListResponse = z.infer<typeof joinTokenListResponseSchema>;
