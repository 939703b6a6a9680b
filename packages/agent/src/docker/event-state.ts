import {
  type ContainerEvent,
  type ContainerState,
  type ContainerSummary,
  describeStatus,
  rfc3339ToMillis,
} from '@bosun/protocol';

/** The state an event leaves its container in, when the event alone says so. */
export function impliedState(action: ContainerEvent['action']): ContainerState | undefined {
  switch (action) {
    case 'create':
      return 'created';
    // Docker sends `restart` after the new run has started.
    case 'start':
    case 'unpause':
    case 'restart':
      return 'running';
    case 'pause':
      return 'paused';
    case 'die':
    case 'stop':
      return 'exited';
    default:
      return undefined;
  }
}

/**
 * Docker's container list can lag its own events: right after `die` it may still say "running"
 * (the list reads a copy of the state that is written after the event goes out). The event is
 * the truth about the moment it names, so a summary that contradicts it is corrected. A summary
 * taken later than the event may be newer than it (a container that restarted at once), but the
 * events that made it newer come next, in order, and correct it again.
 */
export function reconcileSummary(event: ContainerEvent, summary: ContainerSummary): ContainerSummary {
  const implied = impliedState(event.action);
  if (implied === undefined || summary.state === implied) return summary;
  // After a `die`, a restart policy or a failed teardown say more than "exited".
  if (implied === 'exited' && (summary.state === 'restarting' || summary.state === 'dead')) return summary;
  const { health: _stale, ...rest } = summary;
  return { ...rest, state: implied, status: statusText(implied, event) };
}

// The words `docker ps` uses for a state that began at the event: what it says when the
// state is new, so a client without run times shows the present and not the stale text.
function statusText(state: ContainerState, event: ContainerEvent): string {
  const now = rfc3339ToMillis(event.at) ?? 0;
  const begun =
    state === 'exited'
      ? { finishedAt: event.at, exitCode: event.exitCode ?? 0 }
      : state === 'running' || state === 'paused'
        ? { startedAt: event.at }
        : {};
  return describeStatus({ state, status: state, ...begun }, now);
}
