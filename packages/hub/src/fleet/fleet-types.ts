import type { ContainerState, ContainerSummary, DataOf, HostFacts } from '@bosun/protocol';

export type DockerStatus = DataOf<'docker.status'>;

/** One agent as the UI and CLI list it. */
export type AgentView = {
  id: string;
  name: string;
  online: boolean;
  lastSeenAt: number | null;
  createdAt: number;
  host: HostFacts | null;
  /** Null until the agent reports it, and while it is offline. */
  docker: DockerStatus | null;
  containers: { total: number; byState: Partial<Record<ContainerState, number>> };
  /** The protocol version the agent speaks; null until it has connected to this manager. */
  protocol: number | null;
  /** The agent's own version, as its hello said; null until it has connected to this manager. */
  agentVersion: string | null;
  /** It speaks an older protocol than the manager (accepted for one version): upgrade it. */
  outdated: boolean;
};

export type ContainerView = ContainerSummary & { agentId: string };

/** What changed in the fleet; the server pushes these to the UI so it never polls. */
export type FleetEvent =
  | { type: 'agent.online'; agent: AgentView }
  | { type: 'agent.offline'; agentId: string; lastSeenAt: number }
  | { type: 'agent.updated'; agent: AgentView }
  | { type: 'agent.revoked'; agentId: string }
  | { type: 'docker.status'; agentId: string; status: DockerStatus }
  | { type: 'container.upserted'; agentId: string; container: ContainerSummary }
  | { type: 'container.removed'; agentId: string; containerId: string };

export type FleetListener = (event: FleetEvent) => void;
