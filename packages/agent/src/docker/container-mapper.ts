import {
  CONTAINER_STATES,
  type ContainerDetails,
  type ContainerState,
  type ContainerSummary,
} from '@bosun/protocol';
import type Docker from 'dockerode';
import type { RunTimes } from './container-times.ts';

const STATES: ReadonlySet<string> = new Set(CONTAINER_STATES);

/** Docker's state word as the protocol's; one it does not know counts as `dead`. */
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

/** A list entry of Docker's as the protocol's summary, without run times (Docker's list has none). */
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

// Docker writes Go's zero time for a start or finish that never happened.
function dockerTime(value: string | undefined): string | undefined {
  return value && !value.startsWith('0001-') ? value : undefined;
}

/**
 * The run times of an inspected container. The exit code goes with the finish even while a
 * later run is up: a restarting container is "running" to Docker, yet its status names the
 * code of the run that just ended.
 */
export function runTimesFromInspect(c: Docker.ContainerInspectInfo): RunTimes {
  const times: RunTimes = {};
  const startedAt = dockerTime(c.State.StartedAt);
  const finishedAt = dockerTime(c.State.FinishedAt);
  if (startedAt) times.startedAt = startedAt;
  if (finishedAt) {
    times.finishedAt = finishedAt;
    times.exitCode = c.State.ExitCode;
  }
  return times;
}

/** An inspection of Docker's with the container's summary as the protocol's details. */
export function detailsFromInspect(
  c: Docker.ContainerInspectInfo,
  summary: ContainerSummary,
): ContainerDetails {
  // The inspection just made is fresher than the times the summary was given from the cache.
  const { startedAt: _s, finishedAt: _f, exitCode: _e, ...rest } = summary;
  const details: ContainerDetails = {
    ...rest,
    tty: c.Config.Tty,
    restartCount: c.RestartCount,
    command: [c.Path, ...(c.Args ?? [])].filter((s) => s !== ''),
  };
  const startedAt = dockerTime(c.State.StartedAt);
  const finishedAt = dockerTime(c.State.FinishedAt);
  if (startedAt) details.startedAt = startedAt;
  if (finishedAt) details.finishedAt = finishedAt;
  if (!c.State.Running && finishedAt) details.exitCode = c.State.ExitCode;
  return details;
}
