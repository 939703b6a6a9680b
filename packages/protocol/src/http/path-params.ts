import { z } from 'zod';
import { containerRefSchema } from '../fields.ts';
import { agentRefSchema, recordIdSchema } from './request-fields.ts';

/** What a user may do to a container over HTTP. */
export const CONTAINER_ACTIONS = ['start', 'stop', 'restart'] as const;

/** One of {@link CONTAINER_ACTIONS}. */
export const containerActionNameSchema = z.enum(CONTAINER_ACTIONS);

/** A container action's name: `start`, `stop` or `restart`. */
export type ContainerActionName = z.infer<typeof containerActionNameSchema>;

/** `/api/agents/:agent`: an agent by id or name. */
export const agentParamsSchema = z.object({ agent: agentRefSchema });

/** `/api/agents/:agent/containers/:container`: a container by full id, id prefix or name. */
export const containerParamsSchema = agentParamsSchema.extend({ container: containerRefSchema });

/** `/api/agents/:agent/containers/:container/:action`. */
export const containerActionParamsSchema = containerParamsSchema.extend({
  action: containerActionNameSchema,
});

/** `/api/users/:id`, `/api/api-tokens/:id`: a record the manager made. */
export const recordParamsSchema = z.object({ id: recordIdSchema });

/** `/api/users/:id/grants/:agentId`: one user's grant on one agent, both by id. */
export const grantParamsSchema = z.object({ id: recordIdSchema, agentId: recordIdSchema });
