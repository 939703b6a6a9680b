import { z } from 'zod';
import { containerIdSchema, nonNegativeInt, text } from './fields.ts';
import { rfc3339Schema } from './timestamps.ts';

/** Docker's container states, as its API names them. */
export const CONTAINER_STATES = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
/** A container state: one of `CONTAINER_STATES`. */
export const containerStateSchema = z.enum(CONTAINER_STATES);
/** One of `CONTAINER_STATES`. */
export type ContainerState = z.infer<typeof containerStateSchema>;

/** A health check's result, as Docker names it; `none` when the container has no health check. */
export const HEALTH_STATES = ['starting', 'healthy', 'unhealthy', 'none'] as const;
/** A health state: one of `HEALTH_STATES`. */
export const healthSchema = z.enum(HEALTH_STATES);
/** One of `HEALTH_STATES`. */
export type ContainerHealth = z.infer<typeof healthSchema>;

const port = z.int().min(0).max(65535);

/** A published or exposed port: `publicPort` and `ip` only when published on the host. */
export const portSchema = z.object({
  privatePort: port,
  publicPort: port.optional(),
  ip: text(64).optional(),
  type: z.enum(['tcp', 'udp', 'sctp']),
});
/** A port: see `portSchema`. */
export type ContainerPort = z.infer<typeof portSchema>;

// Docker reports names as "/name"; the agent strips the slash so names match what users type.
const containerNameSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((name) => !name.startsWith('/'), 'expected a name without the leading slash');

/**
 * One row of a container list, as the agent reads it from Docker's list. `name` comes without
 * Docker's leading slash, so names match what users type; `createdAt` is Unix seconds; `status` is
 * Docker's own wording at the moment the agent read it.
 */
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
/** A container list row: see `containerSummarySchema`. */
export type ContainerSummary = z.infer<typeof containerSummarySchema>;

/**
 * A summary with what only an inspect knows (restarts, command). Never the environment:
 * variables routinely hold secrets, so a frame carrying them is refused rather than passed on to
 * every viewer.
 */
export const containerDetailsSchema = containerSummarySchema.extend({
  restartCount: nonNegativeInt,
  command: z.array(z.string()),
  // Environment variables routinely hold secrets; a frame carrying them is refused rather than
  // passed on to every viewer.
  env: z.never().optional(),
});
/** An inspected container: see `containerDetailsSchema`. */
export type ContainerDetails = z.infer<typeof containerDetailsSchema>;

/** The Docker container events the agent forwards. */
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
/** An event action: one of `CONTAINER_EVENT_ACTIONS`. */
export const containerEventActionSchema = z.enum(CONTAINER_EVENT_ACTIONS);
/** One of `CONTAINER_EVENT_ACTIONS`. */
export type ContainerEventAction = z.infer<typeof containerEventActionSchema>;

/**
 * `container.event`: something happened to a container, in Docker's order, with what Docker's
 * event says (state, exit code, health) and, when the agent could still inspect the container, a
 * fresh summary.
 */
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
/** A container event: see `containerEventSchema`. */
export type ContainerEvent = z.infer<typeof containerEventSchema>;

/** The full id, whatever reference the request used, so the manager can update its view. */
export const containerActionResultSchema = z.object({ id: containerIdSchema, state: containerStateSchema });
