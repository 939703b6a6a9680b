import type { ApiRouteName, RouteAccess } from '@bosun/protocol';
import { ScriptedAgent } from '../kit/index.ts';
import { ApiClient } from '../kit/test-manager.ts';
import type { Caller, ContainerControl, MatrixBed, Who } from './role-matrix-callers.ts';

// The role matrix's HTTP rows: every route of `API_ROUTES` with the least role it needs. A row
// may need more than its route declares (a query only admins may use); every route has a row at
// exactly its declared access.

/** One request as a case sends it; `client`, when given, is used instead of the caller's own. */
export type MatrixRequest = { method: string; path: string; body?: unknown; client?: ApiClient };

/** One row of the HTTP matrix. */
export type RouteCase = {
  route: ApiRouteName;
  /** Tells rows of the same route apart (a container action's verb). */
  label?: string;
  least: RouteAccess;
  /** The status an allowed caller gets. */
  ok: number;
  /** How the answer is read: a stream's status is taken from its head, then the body is dropped. */
  stream?: boolean;
  /** About one host (`bed.host`): run on the host granted to the `granted` column and on another. */
  scoped?: true;
  /** The container action it asks for, which the audit log must show once per logged-in caller. */
  control?: ContainerControl;
  /** Builds the request; called once per caller, so a destructive row gets a target of its own. */
  request(bed: MatrixBed, caller: Caller): Promise<MatrixRequest>;
};

let serial = 0;
/** A name no other row uses. */
export const unique = (prefix: string) => `${prefix}-${++serial}`;

// The caller's own session in a client of its own, so a login or logout does not change the
// session the other rows use.
function sameSession(bed: MatrixBed, caller: Caller): ApiClient {
  return new ApiClient(bed.url, caller.client.cookie === undefined ? {} : { cookie: caller.client.cookie });
}

// A fresh session for the caller's column (none for `anonymous`), for rows that end or change it.
async function freshSession(bed: MatrixBed, who: Who) {
  if (who === 'anonymous') return { client: new ApiClient(bed.url), password: 'not a password' };
  return bed.newCaller(who);
}

// Every filter the audit routes take at once.
const AUDIT_FILTERS = new URLSearchParams({
  since: '1h',
  until: '2100-01-01T00:00:00Z',
  user: 'admin',
  action: 'container.',
  target: 'matrix-host',
  outcome: 'denied',
  source: '127.0.0.1',
}).toString();

const get =
  (path: (bed: MatrixBed) => string) =>
  async (bed: MatrixBed): Promise<MatrixRequest> => ({ method: 'GET', path: path(bed) });

/** Every HTTP route of `API_ROUTES`, at least once. */
export const ROUTE_CASES: readonly RouteCase[] = [
  { route: 'health', least: 'public', ok: 200, request: get(() => '/healthz') },
  { route: 'openApi', least: 'public', ok: 200, request: get(() => '/api/openapi.json') },
  { route: 'metrics', least: 'admin', ok: 200, request: get(() => '/metrics') },
  { route: 'status', least: 'none', ok: 200, request: get(() => '/api/status') },
  {
    route: 'login',
    least: 'public',
    ok: 200,
    request: async (bed, caller) => {
      const target = await bed.createUser('viewer');
      const body = { username: target.username, password: target.password };
      return { method: 'POST', path: '/api/login', body, client: sameSession(bed, caller) };
    },
  },
  {
    route: 'logout',
    least: 'public',
    ok: 204,
    request: async (bed, caller) => ({
      method: 'POST',
      path: '/api/logout',
      client: (await freshSession(bed, caller.who)).client,
    }),
  },
  { route: 'me', least: 'none', ok: 200, request: get(() => '/api/me') },
  ...[false, true].map(
    (keepTokens): RouteCase => ({
      route: 'changePassword',
      ...(keepTokens ? { label: 'keepTokens' } : {}),
      least: 'none',
      ok: 204,
      request: async (bed, caller) => {
        const { client, password } = await freshSession(bed, caller.who);
        const body = {
          currentPassword: password,
          newPassword: `${password} changed`,
          ...(keepTokens ? { keepTokens } : {}),
        };
        return { method: 'PUT', path: '/api/me/password', body, client };
      },
    }),
  ),
  { route: 'listAgents', least: 'none', ok: 200, request: get(() => '/api/agents') },
  {
    route: 'revokeAgent',
    least: 'admin',
    ok: 204,
    request: async (bed) => {
      const id = await joinThrowawayAgent(bed);
      return { method: 'DELETE', path: `/api/agents/${id}` };
    },
  },
  // A host's retention policy is about every viewer's logs: admins only, whatever a grant says.
  {
    route: 'getHostRetention',
    least: 'admin',
    ok: 200,
    request: get((bed) => `/api/agents/${bed.host}/retention`),
  },
  {
    route: 'setHostRetention',
    least: 'admin',
    ok: 200,
    // The manager's own policy, so the matrix's host keeps what it streams.
    request: async (bed) => ({
      method: 'PUT',
      path: `/api/agents/${bed.host}/retention`,
      body: { policy: 'labelled' },
    }),
  },
  {
    route: 'deleteHostRetention',
    least: 'admin',
    ok: 204,
    request: async (bed) => {
      const path = `/api/agents/${bed.host}/retention`;
      await bed.admin.ok('PUT', path, { policy: 'labelled' });
      return { method: 'DELETE', path };
    },
  },
  { route: 'listContainers', least: 'none', ok: 200, request: get(() => '/api/containers') },
  {
    route: 'listContainers',
    label: 'agent=HOST',
    least: 'none',
    ok: 200,
    scoped: true,
    request: get((bed) => `/api/containers?agent=${bed.host}`),
  },
  {
    route: 'getContainer',
    least: 'none',
    ok: 200,
    scoped: true,
    request: get((bed) => `/api/agents/${bed.host}/containers/${bed.containerId}`),
  },
  {
    route: 'containerGenerations',
    least: 'none',
    ok: 200,
    scoped: true,
    request: get((bed) => `/api/agents/${bed.host}/generations?container=${bed.containerId}`),
  },
  ...(['start', 'stop', 'restart'] as const).map(
    (action): RouteCase => ({
      route: 'containerAction',
      label: action,
      least: 'operator',
      ok: 200,
      scoped: true,
      control: action,
      request: async (bed) => ({
        method: 'POST',
        path: `/api/agents/${bed.host}/containers/${bed.containerId}/${action}`,
        body: { timeoutSeconds: 5 },
      }),
    }),
  ),
  {
    route: 'createJoinToken',
    least: 'admin',
    ok: 201,
    request: async () => ({ method: 'POST', path: '/api/join-tokens', body: {} }),
  },
  { route: 'listJoinTokens', least: 'admin', ok: 200, request: get(() => '/api/join-tokens') },
  {
    route: 'revokeJoinToken',
    least: 'admin',
    ok: 204,
    request: async (bed) => {
      const { id } = await bed.admin.ok('POST', '/api/join-tokens', {});
      return { method: 'DELETE', path: `/api/join-tokens/${id}` };
    },
  },
  { route: 'listUsers', least: 'admin', ok: 200, request: get(() => '/api/users') },
  {
    route: 'createUser',
    least: 'admin',
    ok: 201,
    request: async () => ({
      method: 'POST',
      path: '/api/users',
      body: { username: unique('made'), password: 'a long enough password', role: 'viewer' },
    }),
  },
  {
    route: 'createUser',
    label: 'role none',
    least: 'admin',
    ok: 201,
    request: async () => ({
      method: 'POST',
      path: '/api/users',
      body: { username: unique('made'), password: 'a long enough password', role: 'none' },
    }),
  },
  {
    route: 'updateUser',
    least: 'admin',
    ok: 200,
    request: async (bed) => {
      const target = await bed.createUser('viewer');
      return { method: 'PATCH', path: `/api/users/${target.id}`, body: { role: 'operator' } };
    },
  },
  {
    route: 'deleteUser',
    least: 'admin',
    ok: 204,
    request: async (bed) => {
      const target = await bed.createUser('viewer');
      return { method: 'DELETE', path: `/api/users/${target.id}` };
    },
  },
  {
    route: 'setGrant',
    least: 'admin',
    ok: 200,
    request: async (bed) => {
      const target = await bed.createUser('none');
      return {
        method: 'PUT',
        path: `/api/users/${target.id}/grants/${bed.hostId}`,
        body: { role: 'viewer' },
      };
    },
  },
  {
    route: 'removeGrant',
    least: 'admin',
    ok: 204,
    request: async (bed) => {
      const target = await bed.createUser('none');
      await bed.admin.ok('PUT', `/api/users/${target.id}/grants/${bed.hostId}`, { role: 'operator' });
      return { method: 'DELETE', path: `/api/users/${target.id}/grants/${bed.hostId}` };
    },
  },
  {
    route: 'createApiToken',
    least: 'none',
    ok: 201,
    request: async () => ({ method: 'POST', path: '/api/api-tokens', body: { name: unique('matrix') } }),
  },
  { route: 'listApiTokens', least: 'none', ok: 200, request: get(() => '/api/api-tokens') },
  {
    route: 'listApiTokens',
    label: 'all=1',
    least: 'admin',
    ok: 200,
    request: get(() => '/api/api-tokens?all=1'),
  },
  {
    route: 'listApiTokens',
    label: 'user=ID',
    least: 'admin',
    ok: 200,
    request: async (bed) => {
      const target = await bed.createUser('viewer');
      return { method: 'GET', path: `/api/api-tokens?user=${target.id}` };
    },
  },
  {
    route: 'renewApiToken',
    label: 'with the API token it renews',
    least: 'none',
    ok: 201,
    request: async (bed, caller) => {
      // A token of the caller's own, so renewing it (which revokes it) leaves the CLI's alone.
      const client =
        caller.who === 'anonymous'
          ? caller.client
          : ApiClient.bearer(
              bed.url,
              (await caller.client.ok('POST', '/api/api-tokens', { name: unique('renewed') })).token,
            );
      return { method: 'POST', path: '/api/api-tokens/current/renew', client };
    },
  },
  {
    route: 'renewApiToken',
    label: 'with a session',
    least: 'none',
    ok: 409,
    request: async () => ({ method: 'POST', path: '/api/api-tokens/current/renew' }),
  },
  {
    route: 'revokeApiToken',
    least: 'none',
    ok: 204,
    request: async (bed, caller) => {
      // Its own token for a logged-in caller; an admin's for the caller without a login.
      const owner = caller.who === 'anonymous' ? bed.admin : caller.client;
      const { id } = await owner.ok('POST', '/api/api-tokens', { name: unique('revoked') });
      return { method: 'DELETE', path: `/api/api-tokens/${id}` };
    },
  },
  { route: 'listAudit', least: 'admin', ok: 200, request: get(() => '/api/audit') },
  {
    route: 'listAudit',
    label: 'filtered',
    least: 'admin',
    ok: 200,
    request: get(() => `/api/audit?${AUDIT_FILTERS}&limit=5`),
  },
  { route: 'exportAudit', least: 'admin', ok: 200, stream: true, request: get(() => '/api/audit/export') },
  {
    route: 'exportAudit',
    label: 'filtered',
    least: 'admin',
    ok: 200,
    stream: true,
    request: get(() => `/api/audit/export?${AUDIT_FILTERS}`),
  },
  { route: 'fleetEvents', least: 'none', ok: 200, stream: true, request: get(() => '/api/events') },
  {
    route: 'readLogs',
    least: 'none',
    ok: 200,
    scoped: true,
    request: get((bed) => `/api/logs?agent=${bed.host}&container=${bed.containerId}&tail=5`),
  },
  { route: 'storedStreams', least: 'none', ok: 200, request: get(() => '/api/stored-streams') },
  {
    route: 'readStoredLogs',
    least: 'none',
    ok: 200,
    scoped: true,
    request: get((bed) => `/api/stored-logs?agent=${bed.host}&container=${bed.containerId}&limit=5`),
  },
  {
    route: 'searchLogs',
    least: 'none',
    ok: 200,
    scoped: true,
    request: get((bed) => `/api/search?q=matrix&since=1h&hosts=${bed.host}&limit=5`),
  },
];

// An agent of its own for a revocation, joined over a real socket and left to the manager.
async function joinThrowawayAgent(bed: MatrixBed): Promise<string> {
  const { token } = await bed.admin.ok('POST', '/api/join-tokens', {});
  const agent = await ScriptedAgent.join({
    managerUrl: bed.url,
    joinToken: token,
    name: unique('throwaway'),
    protocol: 1,
    agentVersion: '0.1.0',
    containers: [],
  });
  const id = agent.welcome?.agentId;
  if (typeof id !== 'string') throw new Error('the throwaway agent was not welcomed');
  return id;
}
