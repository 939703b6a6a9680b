import { containerStateSchema, containerSummarySchema, portSchema, rfc3339Schema } from '@bosun/protocol';
import { z } from 'zod';

// The manager's HTTP answers, checked at the edge. Objects keep unknown keys out (zod strips
// them) but tolerate them, so a newer manager with more fields still works.

const userSchema = z.object({ id: z.string(), username: z.string(), role: z.string() });

export const loginAnswerSchema = z.object({ user: userSchema });

// Milliseconds since the epoch or an ISO string: shown, never computed with.
const instantSchema = z.union([z.number(), z.string()]).nullable().optional();

export const apiTokenAnswerSchema = z.object({
  token: z.string().min(1),
  id: z.string().min(1),
  name: z.string().optional(),
  expiresAt: instantSchema,
});

export const joinTokenAnswerSchema = z.object({
  token: z.string().min(1),
  id: z.string().min(1),
  expiresAt: instantSchema,
  command: z.string().optional(),
});

// Lenient where the web UI's needs and the agent's reports may drift apart; ps only prints.
export const containerRowSchema = containerSummarySchema
  .pick({ id: true, name: true, image: true, status: true, createdAt: true, labels: true, health: true })
  .extend({
    state: z.union([containerStateSchema, z.string()]),
    ports: z.array(portSchema.partial({ type: true }).extend({ type: z.string().optional() })).default([]),
    agentId: z.string(),
    agentName: z.string(),
    // Run times, for a STATUS worded as of now; a malformed one counts as absent, and the row
    // then shows the agent's own text instead of failing the whole table.
    startedAt: rfc3339Schema.optional().catch(undefined),
    finishedAt: rfc3339Schema.optional().catch(undefined),
    exitCode: z.int().optional().catch(undefined),
  })
  // `ps --format json` prints rows as the manager sent them, fields this version does not know included.
  .loose();
export type ContainerRow = z.infer<typeof containerRowSchema>;

export const containersAnswerSchema = z.object({ containers: z.array(containerRowSchema) });

export const actionAnswerSchema = z.object({ id: z.string(), state: z.string() });

/**
 * One host as `bosun hosts` shows it. What a manager of protocol 1 did not send yet (the agent's
 * version, whether it is outdated) is optional, so the command still works against one.
 */
export const agentRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    online: z.boolean(),
    lastSeenAt: z.number().nullable(),
    containers: z.object({ total: z.int().min(0), byState: z.record(z.string(), z.int().min(0)) }),
    agentVersion: z.string().nullable().optional(),
    outdated: z.boolean().optional(),
  })
  // `hosts --format json` prints hosts as the manager sent them, fields this version does not know included.
  .loose();
/** One host of `GET /api/agents`, as checked. */
export type AgentRow = z.infer<typeof agentRowSchema>;

/** The answer of `GET /api/agents`. */
export const agentsAnswerSchema = z.object({ agents: z.array(agentRowSchema) });
