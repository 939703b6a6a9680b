import {
  type AgentView,
  describeStatus,
  type FleetEvent,
  type FleetEventType,
  fleetEventSchema,
} from '@bosun/protocol';
import { type Painter, stateColour } from './colour.ts';
import { hostState } from './hosts-table.ts';

/**
 * Host and container names by id, for events that carry only ids (`container.removed`,
 * `agent.offline`): filled from the lists read at the start and from every event that carries
 * a name. A container's entry is kept after its removal so late events still read well; the
 * book grows with the containers the fleet has had while the command runs, one short entry each.
 */
export class FleetNames {
  readonly #hosts = new Map<string, string>();
  readonly #containers = new Map<string, string>();

  /** Learns the names an event or a listed host or container carries. */
  learn(event: FleetEvent): void {
    if (event.type === 'agent.online' || event.type === 'agent.updated') {
      this.#hosts.set(event.agent.id, event.agent.name);
    } else if (event.type === 'container.upserted') {
      this.#containers.set(event.container.id, event.container.name);
    }
  }

  /** The host's name, or its id when no list or event has named it yet. */
  host(agentId: string): string {
    return this.#hosts.get(agentId) ?? agentId;
  }

  /** The container's name, or its short id (as `docker ps` shows ids) when unknown. */
  container(containerId: string): string {
    return this.#containers.get(containerId) ?? containerId.slice(0, 12);
  }
}

/** The host an event is about. */
export function eventAgentId(event: FleetEvent): string {
  return 'agent' in event ? event.agent.id : event.agentId;
}

function eventContainer(event: FleetEvent, names: FleetNames): string | undefined {
  if (event.type === 'container.upserted') return event.container.name;
  if (event.type === 'container.removed') return names.container(event.containerId);
  return undefined;
}

function describeAgent(agent: AgentView, paint: Painter): string {
  const state = hostState(agent);
  const running = agent.containers.byState.running ?? 0;
  const version = agent.agentVersion ? `, agent ${agent.agentVersion}` : '';
  return `${paint(stateColour(state), state)}${version}, ${running}/${agent.containers.total} containers running`;
}

function describeEvent(event: FleetEvent, nowMs: number, paint: Painter): string {
  switch (event.type) {
    case 'agent.online':
    case 'agent.updated':
      return describeAgent(event.agent, paint);
    case 'agent.offline':
      return paint('red', 'offline');
    case 'agent.revoked':
      return paint('red', 'removed from the fleet');
    case 'docker.status':
      return event.status.available
        ? `${paint('green', 'docker up')}${event.status.version ? ` ${event.status.version}` : ''}`
        : `${paint('red', 'docker down')}${event.status.message ? `: ${event.status.message}` : ''}`;
    case 'container.upserted':
      return `${paint(stateColour(event.container.state), event.container.state)}: ${describeStatus(event.container, nowMs)}`;
    case 'container.removed':
      return paint('red', 'removed');
  }
}

// The longest type, `container.upserted`: types pad to it so the subjects line up.
const TYPE_WIDTH = 18;

/**
 * One event as a line: when it arrived (RFC 3339, UTC), its type, `HOST` or `HOST/CONTAINER`,
 * then what happened in words.
 */
export function formatEventLine(event: FleetEvent, names: FleetNames, atMs: number, paint: Painter): string {
  const host = names.host(eventAgentId(event));
  const container = eventContainer(event, names);
  const subject = container === undefined ? host : `${host}/${container}`;
  const time = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${paint('grey', time)} ${event.type.padEnd(TYPE_WIDTH)} ${paint('bold', subject)} ${describeEvent(event, atMs, paint)}\n`;
}

/**
 * One event as `--format json` prints it: the event as the manager sent it, with when it arrived
 * (`time`, RFC 3339), its host's name (`host`) and, for container events, the container's name.
 */
export function formatEventJson(event: FleetEvent, names: FleetNames, atMs: number): string {
  const container = eventContainer(event, names);
  return `${JSON.stringify({
    time: new Date(atMs).toISOString(),
    host: names.host(eventAgentId(event)),
    ...(container === undefined ? {} : { containerName: container }),
    ...event,
  })}\n`;
}

/** Every kind of fleet event, as protocol's schema lists them, for `--type`. */
export const FLEET_EVENT_TYPES: readonly FleetEventType[] = fleetEventSchema.options.map(
  (option) => option.shape.type.value,
);

/** Which events `bosun events` prints: of these hosts (names) and these types; empty means all. */
export type EventFilter = { hosts: readonly string[]; types: readonly string[] };

/**
 * Whether an event passes the filter. A type matches itself and every type it is the prefix of
 * up to a dot: `container` matches `container.upserted` and `container.removed`.
 */
export function eventPasses(event: FleetEvent, filter: EventFilter, names: FleetNames): boolean {
  if (filter.hosts.length > 0 && !filter.hosts.includes(names.host(eventAgentId(event)))) return false;
  if (filter.types.length === 0) return true;
  return filter.types.some((type) => event.type === type || event.type.startsWith(`${type}.`));
}

/** Whether `type` names a kind of event or a family of them (`agent`, `container`, `docker`). */
export function isEventType(type: string): boolean {
  return FLEET_EVENT_TYPES.some((known) => known === type || known.startsWith(`${type}.`));
}
