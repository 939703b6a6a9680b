import {
  containerListItemSchema,
  containerListResponseSchema,
  containerStateSchema,
  portSchema,
} from '@bosun/protocol';
import { z } from 'zod';

// `bosun ps` only prints, so it reads the manager's container list more leniently than the
// protocol's schema where the agent's reports and this version may drift apart: a state or a port
// type it does not know is printed as sent, and a malformed run time counts as absent (the row
// then shows the agent's own status text instead of failing the whole table).
const times = containerListItemSchema.pick({ startedAt: true, finishedAt: true, exitCode: true }).shape;

/** One row of `bosun ps`: protocol's container list item, read leniently. */
export const containerRowSchema = containerListItemSchema
  .extend({
    state: z.union([containerStateSchema, z.string()]),
    ports: z.array(portSchema.extend({ type: z.string().optional() })).default([]),
    startedAt: times.startedAt.catch(undefined),
    finishedAt: times.finishedAt.catch(undefined),
    exitCode: times.exitCode.catch(undefined),
  })
  // `ps --format json` prints rows as the manager sent them, fields this version does not know included.
  .loose();
/** One row of `bosun ps`. */
export type ContainerRow = z.infer<typeof containerRowSchema>;

/** `GET /api/containers` as `bosun ps` reads it. */
export const containersAnswerSchema = containerListResponseSchema.extend({
  containers: z.array(containerRowSchema),
});
