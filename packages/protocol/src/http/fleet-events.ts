import { z } from 'zod';
import { containerSummarySchema } from '../container.ts';
import { containerIdSchema, nonNegativeInt } from '../fields.ts';
import { dockerStatusSchema } from '../host.ts';
import { agentViewSchema } from './fleet-views.ts';
import { recordIdSchema } from './request-fields.ts';

const agentId = recordIdSchema;

/**
 * What changed in the fleet, pushed as Server-Sent Events by `GET /api/events` (one JSON event
 * per `data:` field) so a UI never polls. Nothing replays missed events: after an interruption a
 * client reads its lists again.
 */
export const fleetEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.online'), agent: agentViewSchema }),
  z.object({ type: z.literal('agent.offline'), agentId, lastSeenAt: nonNegativeInt }),
  z.object({ type: z.literal('agent.updated'), agent: agentViewSchema }),
  z.object({ type: z.literal('agent.revoked'), agentId }),
  z.object({ type: z.literal('docker.status'), agentId, status: dockerStatusSchema }),
  z.object({ type: z.literal('container.upserted'), agentId, container: containerSummarySchema }),
  z.object({ type: z.literal('container.removed'), agentId, containerId: containerIdSchema }),
]);
/** One fleet change. */
export type FleetEvent = z.infer<typeof fleetEventSchema>;

/** The kinds of fleet event, e.g. `agent.online`. */
export type FleetEventType = FleetEvent['type'];
