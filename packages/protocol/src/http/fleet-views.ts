import { z } from 'zod';
import {
  containerActionResultSchema,
  containerDetailsSchema,
  containerStateSchema,
  containerSummarySchema,
} from '../container.ts';
import { containerIdentitySchema } from '../container-identity.ts';
import { agentNameSchema, nonNegativeInt } from '../fields.ts';
import { dockerStatusSchema, hostFactsSchema } from '../host.ts';
import { recordIdSchema } from './request-fields.ts';

/** Whether an agent's Docker daemon answers, as the agent last reported it. */
export type DockerStatus = z.infer<typeof dockerStatusSchema>;

/** How many containers an agent has, in total and per state (states with none are left out). */
export const containerCountsSchema = z.object({
  total: nonNegativeInt,
  byState: z.partialRecord(containerStateSchema, nonNegativeInt),
});
/** An agent's container counts. */
export type ContainerCounts = z.infer<typeof containerCountsSchema>;

/**
 * One agent as the UI and the CLI list it: its stored record merged with what the manager knows
 * live. Times are milliseconds since the epoch.
 */
export const agentViewSchema = z.object({
  id: recordIdSchema,
  name: agentNameSchema,
  online: z.boolean(),
  lastSeenAt: nonNegativeInt.nullable(),
  createdAt: nonNegativeInt,
  /** Null until the agent first reports them. */
  host: hostFactsSchema.nullable(),
  /** Null until the agent reports it, and while it is offline. */
  docker: dockerStatusSchema.nullable(),
  containers: containerCountsSchema,
  /** The protocol version the agent speaks; null until it has connected to this manager. */
  protocol: nonNegativeInt.nullable(),
  /** The agent's own version, as its hello said; null until it has connected to this manager. */
  agentVersion: z.string().max(64).nullable(),
  /**
   * It speaks an older protocol than the manager (accepted for one version) or runs an older bosun
   * version (`agentVersion`, compared as semantic versions): upgrade it.
   */
  outdated: z.boolean(),
});
/** One agent as the API shows it. */
export type AgentView = z.infer<typeof agentViewSchema>;

/**
 * A container the manager knows, with the agent it runs on and its identity across recreations
 * (absent from managers older than identities).
 */
export const containerViewSchema = containerSummarySchema.extend({
  agentId: recordIdSchema,
  identity: containerIdentitySchema.optional(),
});
/** A container with its agent's id. */
export type ContainerView = z.infer<typeof containerViewSchema>;

/** A row of `GET /api/containers`: a container with its agent's id and name. */
export const containerListItemSchema = containerViewSchema.extend({ agentName: agentNameSchema });
/** A row of the container list. */
export type ContainerListItem = z.infer<typeof containerListItemSchema>;

/** `GET /api/agents`: every agent the manager knows, online or not. */
export const agentListResponseSchema = z.object({ agents: z.array(agentViewSchema) });
/** The answer of `GET /api/agents`. */
export type AgentListResponse = z.infer<typeof agentListResponseSchema>;

/** `GET /api/containers`: the containers of every agent, or of the one asked for. */
export const containerListResponseSchema = z.object({ containers: z.array(containerListItemSchema) });
/** The answer of `GET /api/containers`. */
export type ContainerListResponse = z.infer<typeof containerListResponseSchema>;

/** `GET /api/agents/:agent/containers/:container`: the container's details, read by its agent. */
export const containerDetailResponseSchema = z.object({ container: containerDetailsSchema });
/** The answer of `GET /api/agents/:agent/containers/:container`. */
export type ContainerDetailResponse = z.infer<typeof containerDetailResponseSchema>;

/** A container action's answer: the container's full id and the state the action left it in. */
export const containerActionResponseSchema = containerActionResultSchema;
/** The answer of `POST /api/agents/:agent/containers/:container/:action`. */
export type ContainerActionResponse = z.infer<typeof containerActionResponseSchema>;
