import type {
  AgentListResponse,
  AgentView,
  ContainerListItem,
  ContainerListResponse,
  FleetEvent,
} from '@bosun/protocol';
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from './query-keys.ts';

/**
 * Writes one pushed fleet change into the cached agent and container lists, so every screen
 * shows it at once without refetching. Caches not loaded yet are left alone: their first fetch
 * will include the change.
 */
export function applyFleetEvent(client: QueryClient, event: FleetEvent): void {
  switch (event.type) {
    case 'agent.online':
    case 'agent.updated':
      updateAgents(client, (agents) => upsertBy(agents, event.agent, (a) => a.id === event.agent.id));
      renameContainers(client, event.agent);
      return;
    case 'agent.offline':
      updateAgents(client, (agents) =>
        agents.map((a) =>
          a.id === event.agentId ? { ...a, online: false, lastSeenAt: event.lastSeenAt, docker: null } : a,
        ),
      );
      return;
    case 'agent.revoked':
      updateAgents(client, (agents) => agents.filter((a) => a.id !== event.agentId));
      updateContainers(client, (containers) => containers.filter((c) => c.agentId !== event.agentId));
      return;
    case 'docker.status':
      updateAgents(client, (agents) =>
        agents.map((a) => (a.id === event.agentId ? { ...a, docker: event.status } : a)),
      );
      return;
    case 'container.upserted': {
      const agentName = agentNameOf(client, event.agentId);
      const container: ContainerListItem = { ...event.container, agentId: event.agentId, agentName };
      updateContainers(client, (containers) =>
        upsertBy(containers, container, (c) => c.agentId === event.agentId && c.id === container.id),
      );
      recount(client, event.agentId);
      return;
    }
    case 'container.removed':
      updateContainers(client, (containers) =>
        containers.filter((c) => !(c.agentId === event.agentId && c.id === event.containerId)),
      );
      recount(client, event.agentId);
      return;
  }
}

function updateAgents(client: QueryClient, change: (agents: AgentView[]) => AgentView[]): void {
  client.setQueryData<AgentListResponse>(queryKeys.agents, (data) => data && { agents: change(data.agents) });
}

function updateContainers(
  client: QueryClient,
  change: (containers: ContainerListItem[]) => ContainerListItem[],
): void {
  client.setQueryData<ContainerListResponse>(
    queryKeys.containers,
    (data) => data && { containers: change(data.containers) },
  );
}

function upsertBy<T>(list: T[], item: T, same: (candidate: T) => boolean): T[] {
  const index = list.findIndex(same);
  if (index === -1) return [...list, item];
  const next = list.slice();
  next[index] = item;
  return next;
}

// The agent list may not be loaded (the containers page alone needs none); the agent's other
// containers then know its name.
function agentNameOf(client: QueryClient, agentId: string): string {
  const agents = client.getQueryData<AgentListResponse>(queryKeys.agents)?.agents;
  const containers = client.getQueryData<ContainerListResponse>(queryKeys.containers)?.containers;
  return (
    agents?.find((a) => a.id === agentId)?.name ??
    containers?.find((c) => c.agentId === agentId)?.agentName ??
    agentId
  );
}

function renameContainers(client: QueryClient, agent: AgentView): void {
  updateContainers(client, (containers) =>
    containers.some((c) => c.agentId === agent.id && c.agentName !== agent.name)
      ? containers.map((c) => (c.agentId === agent.id ? { ...c, agentName: agent.name } : c))
      : containers,
  );
}

// The counts on a host card follow the container list when it is loaded; otherwise the next
// agent.updated event from the manager carries fresh counts.
function recount(client: QueryClient, agentId: string): void {
  const containers = client.getQueryData<ContainerListResponse>(queryKeys.containers)?.containers;
  if (!containers) return;
  const mine = containers.filter((c) => c.agentId === agentId);
  const byState: AgentView['containers']['byState'] = {};
  for (const c of mine) byState[c.state] = (byState[c.state] ?? 0) + 1;
  updateAgents(client, (agents) =>
    agents.map((a) => (a.id === agentId ? { ...a, containers: { total: mine.length, byState } } : a)),
  );
}
