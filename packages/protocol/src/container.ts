import { z } from 'zod';
import { containerIdSchema, nonNegativeInt, text } from './fields.ts';
import { rfc3339Schema } from './timestamps.ts';

export const CONTAINER_STATES = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
export const containerStateSchema = z.enum(CONTAINER_STATES);
export type ContainerState = z.infer<typeof containerStateSchema>;

export const HEALTH_STATES = ['starting', 'healthy', 'unhealthy', 'none'] as const;
export const healthSchema = z.enum(HEALTH_STATES);
export type ContainerHealth = z.infer<typeof healthSchema>;

const port = z.int().min(0).max(65535);

export const portSchema = z.object({
  privatePort: port,
  publicPort: port.optional(),
  ip: text(64).optional(),
  type: z.enum(['tcp', 'udp', 'sctp']),
});
export type ContainerPort = z.infer<typeof portSchema>;

// Docker reports names as "/name"; the agent strips the slash so names match what users type.
const containerNameSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((name) => !name.startsWith('/'), 'expected a name without the leading slash');

export const containerSummarySchema = z.object({
  id: containerIdSchema,
  name: containerNameSchema,
  image: text(1024),
  state: containerStateSchema,
  status: text(256),
  createdAt: nonNegativeInt,
  ports: z.array(portSchema),
  labels: z.record(z.string(), z.string()),
  tty: z.boolean().optional(),
  health: healthSchema.optional(),
  // The current or last run, so viewers can age the status text themselves: Docker's `status` is
  // worded at the moment the agent read it. Optional because older agents do not send them.
  startedAt: rfc3339Schema.optional(),
  // The end of the last run, with its exit code; still present while a later run is up.
  finishedAt: rfc3339Schema.optional(),
  exitCode: z.int().optional(),
});
export type ContainerSummary = z.infer<typeof containerSummarySchema>;

export const containerDetailsSchema = containerSummarySchema.extend({
  restartCount: nonNegativeInt,
  command: z.array(z.string()),
  // Environment variables routinely hold secrets; a frame carrying them is refused rather than
  // passed on to every viewer.
  env: z.never().optional(),
});
export type ContainerDetails = z.infer<typeof containerDetailsSchema>;

export const CONTAINER_EVENT_ACTIONS = [
  'create',
  'start',
  'die',
  'stop',
  'destroy',
  'rename',
  'health_status',
  'pause',
  'unpause',
  'restart',
  'kill',
  'oom',
] as const;
export const containerEventActionSchema = z.enum(CONTAINER_EVENT_ACTIONS);
export type ContainerEventAction = z.infer<typeof containerEventActionSchema>;

export const containerEventSchema = z.object({
  id: containerIdSchema,
  name: containerNameSchema,
  action: containerEventActionSchema,
  state: containerStateSchema.optional(),
  exitCode: z.int().optional(),
  health: healthSchema.optional(),
  at: rfc3339Schema,
  // A fresh summary when the agent could inspect the container; absent once it is destroyed.
  container: containerSummarySchema.optional(),
});
export type ContainerEvent = z.infer<typeof containerEventSchema>;
