import type { ContainerState, ContainerSummary, DataOf, HostFacts } from '@bosun/protocol';

// The manager's HTTP answers as the UI reads them. The web package depends on the protocol only,
// so these mirror the server's views (packages/server/src/routes, hub fleet-types); the API
// contract in ARCHITECTURE.md is the reference both sides follow.

/** What a user may do: everything, control containers, or only look. */
export type Role = 'admin' | 'operator' | 'viewer';
/** Most rights first, as the manager lists them. */
export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];
/** A user account as the manager lists it (`createdAt` in ms since the epoch). */
export type User = { id: string; username: string; role: Role; createdAt: number };

/** Whether a host's Docker daemon is reachable, and its version, as its agent last said. */
export type DockerStatus = DataOf<'docker.status'>;

/** A host (its agent) with its facts, Docker status and container counts. */
export type Agent = {
  id: string;
  name: string;
  online: boolean;
  lastSeenAt: number | null;
  createdAt: number;
  host: HostFacts | null;
  docker: DockerStatus | null;
  containers: { total: number; byState: Partial<Record<ContainerState, number>> };
  /** The protocol version the agent speaks; null until it has connected to this manager. */
  protocol: number | null;
  /** The agent's own version; null until it has connected to this manager. */
  agentVersion: string | null;
  /** It speaks an older protocol than the manager: upgrade it. */
  outdated: boolean;
};

/** A container with the host it runs on. */
export type Container = ContainerSummary & { agentId: string; agentName: string };

/** A join token just created: the token itself (it works once) and the command that uses it. */
export type CreatedJoinToken = { id: string; token: string; expiresAt: number; command: string };

/** A change pushed by `GET /api/events`. */
export type FleetEvent =
  | { type: 'agent.online'; agent: Agent }
  | { type: 'agent.offline'; agentId: string; lastSeenAt: number }
  | { type: 'agent.updated'; agent: Agent }
  | { type: 'agent.revoked'; agentId: string }
  | { type: 'docker.status'; agentId: string; status: DockerStatus }
  | { type: 'container.upserted'; agentId: string; container: ContainerSummary }
  | { type: 'container.removed'; agentId: string; containerId: string };
