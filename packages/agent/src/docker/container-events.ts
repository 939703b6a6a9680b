import { CONTAINER_EVENT_ACTIONS, type ContainerEvent } from '@bosun/protocol';
import type { RawContainerEvent } from './docker-monitor.ts';

type Action = ContainerEvent['action'];

const FORWARDED: ReadonlySet<string> = new Set<Action>(CONTAINER_EVENT_ACTIONS);

/**
 * Maps a Docker event to the protocol's, or `undefined` for actions nobody
 * watching a fleet cares about (exec_*, attach, resize, …). Docker spells a
 * health change as `health_status: healthy`.
 */
export function toContainerEvent(raw: RawContainerEvent): ContainerEvent | undefined {
  const [verb, detail] = splitAction(raw.action);
  if (!FORWARDED.has(verb)) return undefined;
  const event: ContainerEvent = {
    id: raw.id,
    name: raw.name,
    action: verb as Action,
    at: nanosToIso(raw.timeNano),
  };
  if (verb === 'health_status' && (detail === 'healthy' || detail === 'unhealthy' || detail === 'starting')) {
    event.health = detail;
  }
  const exitCode = raw.attributes.exitCode;
  if (verb === 'die' && exitCode !== undefined && /^-?\d+$/.test(exitCode)) event.exitCode = Number(exitCode);
  return event;
}

function splitAction(action: string): [string, string | undefined] {
  const colon = action.indexOf(':');
  if (colon < 0) return [action, undefined];
  return [action.slice(0, colon), action.slice(colon + 1).trim()];
}

/** RFC 3339 with all nine fractional digits, the way Docker writes times. */
function nanosToIso(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return `${base}.${fraction}Z`;
}
