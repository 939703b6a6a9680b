import type { z } from 'zod';
import { userListResponseSchema, userResponseSchema } from './account-views.ts';
import { auditEntryViewSchema, auditListResponseSchema } from './audit-views.ts';
import { fleetEventSchema } from './fleet-events.ts';
import {
  agentListResponseSchema,
  containerActionResponseSchema,
  containerDetailResponseSchema,
  containerListResponseSchema,
} from './fleet-views.ts';
import { containerGenerationsResponseSchema, generationsQuerySchema } from './generation-views.ts';
import { healthResponseSchema } from './health.ts';
import { logReadRecordSchema } from './log-read-records.ts';
import { managerStatusSchema, metricsTextSchema } from './manager-status.ts';
import { openApiDocumentSchema } from './openapi-document.ts';
import {
  agentParamsSchema,
  containerActionParamsSchema,
  containerParamsSchema,
  grantParamsSchema,
  recordParamsSchema,
} from './path-params.ts';
import {
  apiTokenListQuerySchema,
  auditFilterQuerySchema,
  auditQuerySchema,
  containerListQuerySchema,
  logReadQuerySchema,
} from './query-params.ts';
import {
  apiTokenCreateBodySchema,
  containerActionBodySchema,
  grantSetBodySchema,
  joinTokenCreateBodySchema,
  loginBodySchema,
  passwordChangeBodySchema,
  userCreateBodySchema,
  userPatchBodySchema,
} from './request-bodies.ts';
import { hostRetentionBodySchema, hostRetentionViewSchema } from './retention-views.ts';
import type { Role } from './roles.ts';
import { searchQuerySchema, storedLogsQuerySchema } from './stored-log-queries.ts';
import {
  searchResponseSchema,
  storedLogPageSchema,
  storedStreamListResponseSchema,
} from './stored-log-views.ts';
import {
  apiTokenCreatedSchema,
  apiTokenListResponseSchema,
  joinTokenCreatedSchema,
  joinTokenListResponseSchema,
} from './token-views.ts';

/** The HTTP methods the manager's API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: anyone (`public`), or a logged-in user with at least this global role;
 * `none` is any logged-in user. Routes about hosts answer only for the hosts the user may see
 * (every host for viewers and above, the granted ones for `none`), and a route that needs a role
 * on one host (a container action) also admits a user whose grant there gives that role.
 */
export type RouteAccess = Role | 'public';

/**
 * How a successful answer's body is written: one JSON value, NDJSON (one JSON value per line,
 * streamed), Server-Sent Events (one JSON value per `data:` field), or plain text.
 */
export type ResponseKind = 'json' | 'ndjson' | 'sse' | 'text';

/** A route's successful answer with a body; for `ndjson` and `sse` the schema is one record's. */
export interface ApiResponseSpec {
  readonly status: 200 | 201;
  readonly kind: ResponseKind;
  readonly schema: z.ZodType;
  /** A second status answered with the same body instead of an error body (`/healthz` degraded). */
  readonly alsoStatus?: 503;
}

/** One HTTP route of the manager, as {@link API_ROUTES} lists it. */
export interface ApiRoute {
  readonly method: HttpMethod;
  /** Hono style: `/api/users/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly access: RouteAccess;
  /** One key per `:name` in the path. */
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** A JSON body; with `bodyOptional`, an empty body counts as `{}`. */
  readonly body?: z.ZodType;
  readonly bodyOptional?: boolean;
  /** Absent: the answer is `204 No Content`. */
  readonly response?: ApiResponseSpec;
}

const json = <S extends z.ZodType>(schema: S, status: 200 | 201 = 200) =>
  ({ status, kind: 'json', schema }) as const;

/**
 * Every HTTP route of the manager's API, keyed by a name (the OpenAPI operation id). Any error
 * answer is an `errorBodySchema` body; its status follows the error code. The WebSocket
 * endpoints speak the frame protocol (`SUBJECTS`) and are not listed.
 */
export const API_ROUTES = {
  health: {
    method: 'GET',
    path: '/healthz',
    summary: 'Whether the manager is up and its store works (503, same body, while the store fails)',
    access: 'public',
    response: { ...json(healthResponseSchema), alsoStatus: 503 },
  },
  metrics: {
    method: 'GET',
    path: '/metrics',
    summary:
      'Figures for monitoring systems in Prometheus text format: for admins, or with the metrics token (--metrics-token) as the bearer',
    access: 'admin',
    response: { status: 200, kind: 'text', schema: metricsTextSchema },
  },
  status: {
    method: 'GET',
    path: '/api/status',
    summary: 'The manager at a glance: version, uptime, agents, streams, viewers, reads, traffic, store',
    access: 'none',
    response: json(managerStatusSchema),
  },
  openApi: {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document, to script bosun from any language',
    access: 'public',
    response: json(openApiDocumentSchema),
  },
  login: {
    method: 'POST',
    path: '/api/login',
    summary: 'Log in: sets the session cookie',
    access: 'public',
    body: loginBodySchema,
    response: json(userResponseSchema),
  },
  logout: {
    method: 'POST',
    path: '/api/logout',
    summary: "End the cookie's session and clear the cookie",
    access: 'public',
  },
  me: {
    method: 'GET',
    path: '/api/me',
    summary: 'The logged-in user, with the hosts granted to it',
    access: 'none',
    response: json(userResponseSchema),
  },
  changePassword: {
    method: 'PUT',
    path: '/api/me/password',
    summary:
      "Change one's own password; every other session of the user ends, and their API tokens unless keepTokens",
    access: 'none',
    body: passwordChangeBodySchema,
  },
  listAgents: {
    method: 'GET',
    path: '/api/agents',
    summary: 'Every agent, online or not',
    access: 'none',
    response: json(agentListResponseSchema),
  },
  revokeAgent: {
    method: 'DELETE',
    path: '/api/agents/:agent',
    summary: 'Revoke an agent: its credential stops working and its session ends',
    access: 'admin',
    params: agentParamsSchema,
  },
  getHostRetention: {
    method: 'GET',
    path: '/api/agents/:agent/retention',
    summary:
      "A host's retention policy: its own (null when it follows the manager's), the manager's, and the one in force",
    access: 'admin',
    params: agentParamsSchema,
    response: json(hostRetentionViewSchema),
  },
  setHostRetention: {
    method: 'PUT',
    path: '/api/agents/:agent/retention',
    summary:
      "Give a host its own retention policy (all, labelled or none) over the manager's --retain; applied at once, audited",
    access: 'admin',
    params: agentParamsSchema,
    body: hostRetentionBodySchema,
    response: json(hostRetentionViewSchema),
  },
  deleteHostRetention: {
    method: 'DELETE',
    path: '/api/agents/:agent/retention',
    summary: "Remove a host's own retention policy: it follows the manager's again; audited",
    access: 'admin',
    params: agentParamsSchema,
  },
  listContainers: {
    method: 'GET',
    path: '/api/containers',
    summary: "The containers of every agent, or of one (from the manager's cache)",
    access: 'none',
    query: containerListQuerySchema,
    response: json(containerListResponseSchema),
  },
  getContainer: {
    method: 'GET',
    path: '/api/agents/:agent/containers/:container',
    summary: "One container's details, read by its agent",
    access: 'none',
    params: containerParamsSchema,
    response: json(containerDetailResponseSchema),
  },
  containerGenerations: {
    method: 'GET',
    path: '/api/agents/:agent/generations',
    summary:
      'The containers that held one identity (compose service or name) on an agent, oldest first: one timeline across recreations',
    access: 'none',
    params: agentParamsSchema,
    query: generationsQuerySchema,
    response: json(containerGenerationsResponseSchema),
  },
  containerAction: {
    method: 'POST',
    path: '/api/agents/:agent/containers/:container/:action',
    summary: 'Start, stop or restart a container and wait for the agent; every attempt is audited',
    access: 'operator',
    params: containerActionParamsSchema,
    body: containerActionBodySchema,
    bodyOptional: true,
    response: json(containerActionResponseSchema),
  },
  createJoinToken: {
    method: 'POST',
    path: '/api/join-tokens',
    summary: 'Create a one-time join token for a new host',
    access: 'admin',
    body: joinTokenCreateBodySchema,
    bodyOptional: true,
    response: json(joinTokenCreatedSchema, 201),
  },
  listJoinTokens: {
    method: 'GET',
    path: '/api/join-tokens',
    summary: 'Every join token, newest first, with its state',
    access: 'admin',
    response: json(joinTokenListResponseSchema),
  },
  revokeJoinToken: {
    method: 'DELETE',
    path: '/api/join-tokens/:id',
    summary: 'Revoke an unused join token so no host can join with it',
    access: 'admin',
    params: recordParamsSchema,
  },
  listUsers: {
    method: 'GET',
    path: '/api/users',
    summary: 'Every user, oldest first',
    access: 'admin',
    response: json(userListResponseSchema),
  },
  createUser: {
    method: 'POST',
    path: '/api/users',
    summary: 'Create a user',
    access: 'admin',
    body: userCreateBodySchema,
    response: json(userResponseSchema, 201),
  },
  updateUser: {
    method: 'PATCH',
    path: '/api/users/:id',
    summary: "Set a user's role or password; a new password ends their sessions and API tokens",
    access: 'admin',
    params: recordParamsSchema,
    body: userPatchBodySchema,
    response: json(userResponseSchema),
  },
  deleteUser: {
    method: 'DELETE',
    path: '/api/users/:id',
    summary: 'Delete a user with their sessions and API tokens',
    access: 'admin',
    params: recordParamsSchema,
  },
  setGrant: {
    method: 'PUT',
    path: '/api/users/:id/grants/:agentId',
    summary: "Give a user viewer or operator on one host, or change that grant's role; answers the user",
    access: 'admin',
    params: grantParamsSchema,
    body: grantSetBodySchema,
    response: json(userResponseSchema),
  },
  removeGrant: {
    method: 'DELETE',
    path: '/api/users/:id/grants/:agentId',
    summary: "Take back a user's grant on one host",
    access: 'admin',
    params: grantParamsSchema,
  },
  createApiToken: {
    method: 'POST',
    path: '/api/api-tokens',
    summary:
      'Create an API token for oneself (with an API token: admins only); the token is in this answer only',
    access: 'none',
    body: apiTokenCreateBodySchema,
    response: json(apiTokenCreatedSchema, 201),
  },
  listApiTokens: {
    method: 'GET',
    path: '/api/api-tokens',
    summary: "One's own API tokens; admins: every user's (all=1) or one user's (user=ID)",
    access: 'none',
    query: apiTokenListQuerySchema,
    response: json(apiTokenListResponseSchema),
  },
  renewApiToken: {
    method: 'POST',
    path: '/api/api-tokens/current/renew',
    summary:
      'Swap the API token that authenticates this request for a new one of the same name and lifetime; the old one is revoked',
    access: 'none',
    response: json(apiTokenCreatedSchema, 201),
  },
  revokeApiToken: {
    method: 'DELETE',
    path: '/api/api-tokens/:id',
    summary: "Revoke one's own API token (admins: anyone's)",
    access: 'none',
    params: recordParamsSchema,
  },
  listAudit: {
    method: 'GET',
    path: '/api/audit',
    summary: 'One page of the audit log, newest first',
    access: 'admin',
    query: auditQuerySchema,
    response: json(auditListResponseSchema),
  },
  exportAudit: {
    method: 'GET',
    path: '/api/audit/export',
    summary: 'Every audit entry the filters match as NDJSON, one entry per line, newest first',
    access: 'admin',
    query: auditFilterQuerySchema,
    response: { status: 200, kind: 'ndjson', schema: auditEntryViewSchema },
  },
  fleetEvents: {
    method: 'GET',
    path: '/api/events',
    summary: 'Fleet changes as Server-Sent Events, for as long as the session lasts',
    access: 'none',
    response: { status: 200, kind: 'sse', schema: fleetEventSchema },
  },
  readLogs: {
    method: 'GET',
    path: '/api/logs',
    summary: "A container's stored logs as NDJSON, one log line per line",
    access: 'none',
    query: logReadQuerySchema,
    response: { status: 200, kind: 'ndjson', schema: logReadRecordSchema },
  },
  storedStreams: {
    method: 'GET',
    path: '/api/stored-streams',
    summary: "The streams the manager's log store holds, removed containers included, newest last line first",
    access: 'none',
    response: json(storedStreamListResponseSchema),
  },
  readStoredLogs: {
    method: 'GET',
    path: '/api/stored-logs',
    summary:
      "One page of a container's lines from the manager's log store, as stored, also after the container is gone",
    access: 'none',
    query: storedLogsQuerySchema,
    response: json(storedLogPageSchema),
  },
  searchLogs: {
    method: 'GET',
    path: '/api/search',
    summary: 'The newest stored lines matching a text or regex across hosts and containers, with counts',
    access: 'none',
    query: searchQuerySchema,
    response: json(searchResponseSchema),
  },
} as const satisfies Record<string, ApiRoute>;

/** The name of one of {@link API_ROUTES}. */
export type ApiRouteName = keyof typeof API_ROUTES;
