import { z } from 'zod';

/**
 * Agent names and ids: 1-64 characters of A-Z a-z 0-9 . _ -. They end up in URLs, log prefixes
 * and CLI arguments, so they stay shell- and URL-safe.
 */
export const AGENT_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** An agent name or id: see `AGENT_NAME_PATTERN`. */
export const agentNameSchema = z
  .string()
  .regex(AGENT_NAME_PATTERN, 'expected 1-64 characters of A-Z a-z 0-9 . _ -');

/**
 * Join tokens and credentials: random secrets in base64url, 16-256 characters; the floor keeps
 * them unguessable.
 */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;
/** A join token or credential: see `TOKEN_PATTERN`. */
export const tokenSchema = z.string().regex(TOKEN_PATTERN, 'expected 16-256 characters of A-Z a-z 0-9 _ -');

/** The names the CLI checks its flags with, so a bad value fails before it ever reaches the manager. */
export const AgentNameSchema = agentNameSchema;
/** A join token, as the CLI checks it. */
export const JoinTokenSchema = tokenSchema;
/** An agent's credential, as the CLI checks it. */
export const CredentialSchema = tokenSchema;

/** A full container id: 64 lowercase hex digits, the only form frames that name a stream use. */
export const CONTAINER_ID_PATTERN = /^[0-9a-f]{64}$/;
/** A full container id: see `CONTAINER_ID_PATTERN`. */
export const containerIdSchema = z
  .string()
  .regex(CONTAINER_ID_PATTERN, 'expected a full container id (64 lowercase hex digits)');

/**
 * A full id, an id prefix or a name. The agent puts it in a Docker API path, so the charset is
 * Docker's own name charset: no slash, no leading dot, nothing that could walk the URL.
 */
export const CONTAINER_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** A container reference: see `CONTAINER_REF_PATTERN`. */
export const containerRefSchema = z
  .string()
  .regex(CONTAINER_REF_PATTERN, 'expected a container id, id prefix or name (1-128 characters)');

/**
 * Ids a client picks for its own bookkeeping (subscriptions, reads), 1-64 characters; only
 * echoed back, never interpreted.
 */
export const clientIdSchema = z.string().min(1).max(64);

/** A string of at most `max` characters, so no field can carry a runaway value. */
export const text = (max: number) => z.string().max(max);

/** An integer >= 0: sequence numbers, counts, sizes, Unix times. */
export const nonNegativeInt = z.int().min(0);
