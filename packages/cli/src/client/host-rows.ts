import { agentListResponseSchema, agentViewSchema } from '@bosun/protocol';
import { z } from 'zod';

// `bosun hosts` only prints, so it reads protocol's agent view leniently where a manager one
// protocol version older did not send a field yet (the agent's version, whether it is outdated).
/** One row of `bosun hosts`: protocol's agent view, read leniently. */
export const hostRowSchema = agentViewSchema
  .partial({ protocol: true, agentVersion: true, outdated: true, host: true, docker: true, createdAt: true })
  // `hosts --format json` prints hosts as the manager sent them, fields this version does not know included.
  .loose();
/** One row of `bosun hosts`. */
export type HostRow = z.infer<typeof hostRowSchema>;

/** `GET /api/agents` as `bosun hosts` reads it. */
export const hostsAnswerSchema = agentListResponseSchema.extend({ agents: z.array(hostRowSchema) });
