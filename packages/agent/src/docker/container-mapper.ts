import {
  CONTAINER_STATES,
  type ContainerDetails,
  type ContainerState,
  type ContainerSummary,
} from '@bosun/protocol';
import type Docker from 'dockerode';

const STATES: ReadonlySet<string> = new Set(CONTAINER_STATES);

export function toContainerState(state: string | undefined): ContainerState {
  return state && STATES.has(state) ? (state as ContainerState) : 'dead';
}

/** Docker only states health inside the human status text of a list entry. */
export function healthFromStatus(status: string): ContainerSummary['health'] {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return undefined;
}

type Port = ContainerSummary['ports'][number];

function toPortType(t: string | undefined): Port['type'] {
  return t === 'udp' || t === 'sctp' ? t : 'tcp';
}

export function summaryFromListEntry(c: Docker.ContainerInfo): ContainerSummary {
  const health = healthFromStatus(c.Status ?? '');
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    state: toContainerState(c.State),
    status: c.Status ?? '',
    createdAt: c.Created,
    ports: (c.Ports ?? []).map((p) => {
      const port: Port = { privatePort: p.PrivatePort, type: toPortType(p.Type) };
      if (p.PublicPort) port.publicPort = p.PublicPort;
      if (p.IP) port.ip = p.IP;
      return port;
    }),
    labels: c.Labels ?? {},
    ...(health ? { health } : {}),
  };
}

export function detailsFromInspect(
  c: Docker.ContainerInspectInfo,
  summary: ContainerSummary,
): ContainerDetails {
  const details: ContainerDetails = {
    ...summary,
    tty: c.Config.Tty,
    restartCount: c.RestartCount,
    command: [c.Path, ...(c.Args ?? [])].filter((s) => s !== ''),
  };
  if (c.State.StartedAt && !c.State.StartedAt.startsWith('0001-')) details.startedAt = c.State.StartedAt;
  if (c.State.FinishedAt && !c.State.FinishedAt.startsWith('0001-')) details.finishedAt = c.State.FinishedAt;
  if (!c.State.Running && c.State.FinishedAt && !c.State.FinishedAt.startsWith('0001-')) {
    details.exitCode = c.State.ExitCode;
  }
  return details;
}
