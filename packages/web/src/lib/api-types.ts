import type { ContainerState, ContainerSummary, DataOf, HostFacts } from '@bosun/protocol';

// The manager's HTTP answers as the UI reads them. The web package depends on the protocol only,
// so these mirror the server's views (packages/server/src/routes, hub fleet-types); the API
// contract in ARCHITECTURE.md is the reference both sides follow.

export type Role = 'admin' | 'operator' | 'viewer';
/** Most rights first, as the manager lists them. */
export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];
export type User = { id: string; username: string; role: Role; createdAt: number };

export type DockerStatus = DataOf<'docker.status'>;

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

export type Container = ContainerSummary & { agentId: string; agentName: string };

export type CreatedJoinToken = { id: string; token: string; expiresAt: number; command: string };

export type FleetEvent =
  | { type: 'agent.online'; agent: Agent }
  | { type: 'agent.offline'; agentId: string; lastSeenAt: number }
  | { type: 'agent.updated'; agent: Agent }
  | { type: 'agent.revoked'; agentId: string }
  | { type: 'docker.status'; agentId: string; status: DockerStatus }
  | { type: 'container.upserted'; agentId: string; container: ContainerSummary }
  | { type: 'container.removed'; agentId: string; containerId: string };
