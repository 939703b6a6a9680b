import type { z } from 'zod';
import {
  EXAMPLE_AGENT_ID,
  EXAMPLE_CONTAINER_DETAILS,
  EXAMPLE_CONTAINER_ID,
  EXAMPLE_CONTAINER_SUMMARY,
  EXAMPLE_HOST_FACTS,
  EXAMPLE_LOG_LINES,
} from '../examples.ts';
import type { UserView } from '../http/account-views.ts';
import type { API_ROUTES, ApiRouteName } from '../http/api-routes.ts';
import type { FleetEvent, FleetEventType } from '../http/fleet-events.ts';
import type { AgentView, ContainerListItem } from '../http/fleet-views.ts';
import { buildOpenApiDocument } from '../http/openapi.ts';
import type { StoredStreamRef, StoredStreamView } from '../http/stored-log-views.ts';

type Routes = typeof API_ROUTES;
type InputOf<K extends ApiRouteName, F extends 'params' | 'query' | 'body'> = Routes[K] extends {
  [P in F]: infer S extends z.ZodType;
}
  ? z.input<S>
  : never;
type AnswerOf<K extends ApiRouteName> = Routes[K] extends { response: { schema: infer S extends z.ZodType } }
  ? z.output<S>
  : never;

/** A well-formed request and answer of one route; only the parts the route has. */
export type RouteExample<K extends ApiRouteName> = {
  params?: InputOf<K, 'params'>;
  query?: InputOf<K, 'query'>;
  body?: InputOf<K, 'body'>;
  response?: AnswerOf<K>;
};

const EXAMPLE_STORED_REF: StoredStreamRef = {
  agentId: EXAMPLE_AGENT_ID,
  hostName: 'web-1',
  containerId: EXAMPLE_CONTAINER_ID,
  containerName: 'shop-api-1',
  identity: 'shop/api#1',
};

/** A stream as `GET /api/stored-streams` lists it: a removed container's. */
export const EXAMPLE_STORED_STREAM: StoredStreamView = {
  ...EXAMPLE_STORED_REF,
  image: 'shop/api:1.4',
  createdAt: 1_764_040_001_000,
  firstTs: '2026-11-25T03:19:26.123456789Z',
  lastTs: '2026-11-25T03:19:27.000000001Z',
  lastSeq: 43,
  lines: 3,
  bytes: 120,
  removed: true,
};

/** An agent as `GET /api/agents` lists it. */
export const EXAMPLE_AGENT_VIEW: AgentView = {
  id: EXAMPLE_AGENT_ID,
  name: 'web-1',
  online: true,
  lastSeenAt: 1_764_040_766_123,
  createdAt: 1_764_000_000_000,
  host: EXAMPLE_HOST_FACTS,
  docker: { available: true, version: '27.3.1', apiVersion: '1.47' },
  containers: { total: 3, byState: { running: 2, exited: 1 } },
  protocol: 2,
  agentVersion: '0.1.0',
  outdated: false,
};

/** A container as `GET /api/containers` lists it. */
export const EXAMPLE_CONTAINER_LIST_ITEM: ContainerListItem = {
  ...EXAMPLE_CONTAINER_SUMMARY,
  agentId: EXAMPLE_AGENT_ID,
  agentName: 'web-1',
};

/** A user as the API shows one. */
export const EXAMPLE_USER_VIEW: UserView = {
  id: 'usr_4Fq9LmT2xZ8kWp3N',
  username: 'ada',
  role: 'operator',
  grants: [{ agentId: EXAMPLE_AGENT_ID, agentName: 'web-1', role: 'viewer' }],
  createdAt: 1_764_000_000_000,
};

/** One fleet event of each type. */
export const EXAMPLE_FLEET_EVENTS: { [T in FleetEventType]: Extract<FleetEvent, { type: T }> } = {
  'agent.online': { type: 'agent.online', agent: EXAMPLE_AGENT_VIEW },
  'agent.offline': { type: 'agent.offline', agentId: EXAMPLE_AGENT_ID, lastSeenAt: 1_764_040_800_000 },
  'agent.updated': { type: 'agent.updated', agent: { ...EXAMPLE_AGENT_VIEW, host: null, docker: null } },
  'agent.revoked': { type: 'agent.revoked', agentId: EXAMPLE_AGENT_ID },
  'docker.status': {
    type: 'docker.status',
    agentId: EXAMPLE_AGENT_ID,
    status: { available: false, message: 'cannot connect to the Docker daemon' },
  },
  'container.upserted': {
    type: 'container.upserted',
    agentId: EXAMPLE_AGENT_ID,
    container: EXAMPLE_CONTAINER_SUMMARY,
  },
  'container.removed': {
    type: 'container.removed',
    agentId: EXAMPLE_AGENT_ID,
    containerId: EXAMPLE_CONTAINER_ID,
  },
};

const apiToken = {
  id: 'tok_8hN2cV5xQw1ZrT7b',
  name: 'laptop',
  userId: EXAMPLE_USER_VIEW.id,
  username: EXAMPLE_USER_VIEW.username,
  createdAt: 1_764_000_000_000,
  expiresAt: 1_766_592_000_000,
  lastUsedAt: 1_764_040_766_123,
  revokedAt: null,
  current: true,
};

/** A valid request and answer for every route of `API_ROUTES`. */

// One audited stop, as the audit routes' examples show it (refused in the list, done in the export).
const STOP_ENTRY = {
  id: 1199,
  at: 1_764_040_766_123,
  actor: `user:${EXAMPLE_USER_VIEW.id}`,
  actorName: EXAMPLE_USER_VIEW.username,
  action: 'container.stop',
  target: `${EXAMPLE_AGENT_ID}/shop-api-1`,
  source: '192.0.2.10',
} as const;

export const HTTP_EXAMPLES: { [K in ApiRouteName]: RouteExample<K> } = {
  health: { response: { status: 'ok', store: { ok: true } } },
  metrics: {
    response: '# HELP bosun_viewers Viewer sockets open.\n# TYPE bosun_viewers gauge\nbosun_viewers 2\n',
  },
  status: {
    response: {
      version: '0.1.0',
      startedAt: 1_764_040_800_000,
      uptimeSeconds: 3600,
      agents: { online: 2, total: 3, outdated: 1 },
      streams: { open: 4, subscriptions: 5 },
      viewers: 2,
      reads: { open: 1, started: 12, cancelled: 3, failed: 1 },
      logs: { linesIn: 120_000, bytesIn: 9_600_000, entriesOut: 240_000, bytesOut: 19_200_000 },
      gaps: { agent_backpressure: 0, docker_behind: 0, ring_evicted: 1, subscriber_behind: 2 },
      memory: {
        rssBytes: 140_000_000,
        heapUsedBytes: 60_000_000,
        ringBytes: 4_000_000,
        queuedBytes: 0,
        budgetBytes: 268_435_456,
        budgetUsedBytes: 4_500_000,
      },
      eventLoopDelayMs: { p50: 10.1, p99: 12.3, max: 20.4 },
      store: { ok: true, errorsTotal: 0 },
      retention: {
        retain: 'labelled',
        streams: { ingesting: 3, paused: 0, waiting: 0 },
        linesStored: 80_000,
        appendsRefused: 0,
        store: { bytes: 52_428_800, lines: 1_200_000, queuedEntries: 120, oldestQueuedAgeMs: 40 },
      },
    },
  },
  openApi: { response: buildOpenApiDocument() },
  login: { body: { username: 'ada', password: 'correct horse' }, response: { user: EXAMPLE_USER_VIEW } },
  logout: {},
  me: { response: { user: EXAMPLE_USER_VIEW } },
  changePassword: {
    body: { currentPassword: 'correct horse', newPassword: 'battery staple', keepTokens: false },
  },
  listAgents: { response: { agents: [EXAMPLE_AGENT_VIEW] } },
  revokeAgent: { params: { agent: 'web-1' } },
  getHostRetention: {
    params: { agent: 'web-1' },
    response: {
      agentId: EXAMPLE_AGENT_ID,
      policy: null,
      managerPolicy: 'labelled',
      effective: 'labelled',
      updatedAt: null,
    },
  },
  setHostRetention: {
    params: { agent: 'web-1' },
    body: { policy: 'all' },
    response: {
      agentId: EXAMPLE_AGENT_ID,
      policy: 'all',
      managerPolicy: 'labelled',
      effective: 'all',
      updatedAt: 1_764_040_800_000,
    },
  },
  deleteHostRetention: { params: { agent: 'web-1' } },
  listContainers: { query: { agent: 'web-1' }, response: { containers: [EXAMPLE_CONTAINER_LIST_ITEM] } },
  getContainer: {
    params: { agent: EXAMPLE_AGENT_ID, container: 'shop-api-1' },
    response: { container: EXAMPLE_CONTAINER_DETAILS },
  },
  containerGenerations: {
    params: { agent: 'web-1' },
    query: { identity: 'shop/api#1' },
    response: {
      agentId: EXAMPLE_AGENT_ID,
      identity: 'shop/api#1',
      generations: [
        {
          generation: 1,
          containerId: '9b1d4e7a2c5f8e3b6a9d2c5f8e1b4a7d0c3f6e9b2a5d8c1f4e7a0b3d6c9f2e5a',
          name: 'shop-api-1',
          createdAt: 1_763_950_000_000,
          removedAt: 1_764_040_000_000,
        },
        {
          generation: 2,
          containerId: EXAMPLE_CONTAINER_ID,
          name: 'shop-api-1',
          createdAt: 1_764_040_001_000,
          removedAt: null,
        },
      ],
    },
  },
  containerAction: {
    params: { agent: 'web-1', container: '3f2c1a9b', action: 'stop' },
    body: { timeoutSeconds: 30 },
    response: { id: EXAMPLE_CONTAINER_ID, state: 'exited' },
  },
  createJoinToken: {
    body: { name: 'web-2', ttl: '1h' },
    response: {
      token: 'Zq8vN3xW5tKp2LmR7yBd9FhJ',
      id: 'jt_2bY7kQ9wXr3vTn8m',
      expiresAt: 1_764_043_600_000,
      command: 'BOSUN_JOIN_TOKEN=Zq8vN3xW5tKp2LmR7yBd9FhJ bosun agent --manager https://bosun.example',
    },
  },
  listJoinTokens: {
    response: {
      tokens: [
        {
          id: 'jt_2bY7kQ9wXr3vTn8m',
          name: 'web-2',
          createdBy: EXAMPLE_USER_VIEW.id,
          createdAt: 1_764_040_000_000,
          expiresAt: 1_764_043_600_000,
          usedAt: 1_764_040_100_000,
          usedByAgent: EXAMPLE_AGENT_ID,
          revokedAt: null,
          state: 'used',
        },
      ],
    },
  },
  revokeJoinToken: { params: { id: 'jt_2bY7kQ9wXr3vTn8m' } },
  listUsers: { response: { users: [EXAMPLE_USER_VIEW] } },
  createUser: {
    body: { username: 'ada', password: 'correct horse', role: 'operator' },
    response: { user: EXAMPLE_USER_VIEW },
  },
  updateUser: {
    params: { id: EXAMPLE_USER_VIEW.id },
    body: { role: 'viewer' },
    response: { user: { ...EXAMPLE_USER_VIEW, role: 'viewer' } },
  },
  deleteUser: { params: { id: EXAMPLE_USER_VIEW.id } },
  setGrant: {
    params: { id: EXAMPLE_USER_VIEW.id, agentId: EXAMPLE_AGENT_ID },
    body: { role: 'viewer' },
    response: { user: EXAMPLE_USER_VIEW },
  },
  removeGrant: { params: { id: EXAMPLE_USER_VIEW.id, agentId: EXAMPLE_AGENT_ID } },
  createApiToken: {
    body: { name: 'laptop', ttl: '30d' },
    response: {
      token: `bsn_${'a'.repeat(43)}`,
      id: apiToken.id,
      name: 'laptop',
      createdAt: 1_764_040_766_123,
      expiresAt: 1_766_632_766_123,
    },
  },
  listApiTokens: { query: { all: '1' }, response: { tokens: [apiToken] } },
  renewApiToken: {
    response: {
      token: `bsn_${'b'.repeat(43)}`,
      id: 'tok_3kP9wR2mXv7nQb4c',
      name: 'laptop',
      createdAt: 1_765_296_000_000,
      expiresAt: 1_767_888_000_000,
    },
  },
  revokeApiToken: { params: { id: apiToken.id } },
  listAudit: {
    query: { limit: '50', before: '1200', since: '1h', action: 'container.', outcome: 'denied' },
    response: {
      entries: [
        { ...STOP_ENTRY, outcome: 'denied', detail: { role: 'viewer' } },
        {
          id: 1198,
          at: 1_764_040_700_000,
          actor: 'anonymous',
          actorName: 'root',
          action: 'session.login',
          target: 'user:?',
          outcome: 'denied',
          detail: { suppressed: 42, from: 1_764_040_640_000, to: 1_764_040_699_000 },
          source: '198.51.100.7',
        },
      ],
      next: 1198,
    },
  },
  exportAudit: {
    query: { since: '2025-11-25T00:00:00Z', user: EXAMPLE_USER_VIEW.username },
    response: { ...STOP_ENTRY, outcome: 'ok', detail: { state: 'exited' } },
  },
  fleetEvents: { response: EXAMPLE_FLEET_EVENTS['container.upserted'] },
  readLogs: {
    query: { agent: 'web-1', container: 'shop-api-1', tail: '100', since: '10m', timestamps: 'true' },
    response: EXAMPLE_LOG_LINES[0]!,
  },
  storedStreams: { response: { streams: [EXAMPLE_STORED_STREAM] } },
  readStoredLogs: {
    query: { agent: 'web-1', container: 'shop-api-1', since: '1h', limit: '500' },
    response: { stream: EXAMPLE_STORED_STREAM, entries: [...EXAMPLE_LOG_LINES], older: null, newer: 43 },
  },
  searchLogs: {
    query: { q: 'connection reset', since: '24h', hosts: 'web-1', limit: '100' },
    response: {
      hits: [{ ...EXAMPLE_STORED_REF, line: EXAMPLE_LOG_LINES[0]! }],
      counts: [{ ...EXAMPLE_STORED_REF, count: 1 }],
      countsComplete: true,
      indexed: true,
      complete: true,
      scannedFrom: null,
      limited: false,
    },
  },
};
