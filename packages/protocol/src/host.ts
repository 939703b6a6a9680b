import { z } from 'zod';
import { nonNegativeInt, text } from './fields.ts';
import { MAX_ERROR_MESSAGE_LENGTH } from './limits.ts';

/**
 * What an agent's hello says about its machine (memory in bytes); the manager keeps the last
 * facts each agent sent.
 */
export const hostFactsSchema = z.object({
  hostname: text(256),
  os: text(256),
  arch: text(256),
  cpus: nonNegativeInt,
  memoryBytes: nonNegativeInt,
  dockerVersion: text(256).optional(),
  dockerApiVersion: text(256).optional(),
});

/** A host's facts: see `hostFactsSchema`. */
export type HostFacts = z.infer<typeof hostFactsSchema>;

/** `docker.status`: whether the host's Docker daemon answers, its versions, and why not when it does not. */
export const dockerStatusSchema = z.object({
  available: z.boolean(),
  version: text(256).optional(),
  apiVersion: text(256).optional(),
  message: text(MAX_ERROR_MESSAGE_LENGTH).optional(),
});
