import { humanDuration } from '@bosun/protocol';
import { type Painter, painter, stateColour } from './colour.ts';
import type { HostRow } from './host-rows.ts';
import { formatBytes } from './status-report.ts';
import { formatColumns } from './text-table.ts';

const COLUMNS = ['NAME', 'STATE', 'LAST SEEN', 'CONTAINERS', 'AGENT', 'DOCKER', 'CPUS', 'MEMORY', 'OS'];
const STATE_COLUMN = 1;

/**
 * One word for a host: `offline`; `outdated` when its agent speaks the manager's previous
 * protocol or runs an older bosun than the manager (upgrade it); `no docker` when its agent is up
 * but its Docker daemon does not answer; else `online`.
 */
export type HostState = 'online' | 'offline' | 'outdated' | 'no docker';

/** The host's state word (see `HostState`). */
export function hostState(row: HostRow): HostState {
  if (!row.online) return 'offline';
  if (row.outdated) return 'outdated';
  if (row.docker?.available === false) return 'no docker';
  return 'online';
}

/** When the manager last heard from a host: `now` while it is online, `never` if it never joined. */
export function formatLastSeen(row: HostRow, nowMs = Date.now()): string {
  if (row.online) return 'now';
  if (row.lastSeenAt === null) return 'never';
  return `${humanDuration(Math.max(0, nowMs - row.lastSeenAt))} ago`;
}

/** The agent's version; `-` when unknown (it never connected to this manager). */
export function formatAgent(row: HostRow): string {
  return row.agentVersion ?? '-';
}

/** Docker's version as the agent last reported it; `down` when the agent says Docker does not answer. */
export function formatDocker(row: HostRow): string {
  if (row.online && row.docker?.available === false) return 'down';
  return row.docker?.version ?? row.host?.dockerVersion ?? '-';
}

/** The rows of `bosun hosts`: state, containers as running/total, then the host's facts. */
export function formatHostsTable(rows: readonly HostRow[], nowMs = Date.now(), colour = false): string {
  const paint: Painter = painter(colour);
  const cells = rows.map((row) => [
    row.name,
    hostState(row),
    formatLastSeen(row, nowMs),
    `${row.containers.byState.running ?? 0}/${row.containers.total}`,
    formatAgent(row),
    formatDocker(row),
    row.host ? String(row.host.cpus) : '-',
    row.host ? formatBytes(row.host.memoryBytes) : '-',
    row.host ? `${row.host.os} ${row.host.arch}` : '-',
  ]);
  return formatColumns(COLUMNS, cells, (_row, column, text) =>
    column === STATE_COLUMN ? paint(stateColour(text), text) : text,
  );
}

/**
 * A host as `bosun hosts --format json` prints it: the manager's view as sent (fields this
 * version does not know included), with its state word and the last-seen time as RFC 3339.
 */
export function hostJson(row: HostRow): Record<string, unknown> {
  return {
    ...row,
    state: hostState(row),
    lastSeen: row.lastSeenAt === null ? null : new Date(row.lastSeenAt).toISOString(),
  };
}

/** By name: a stable order whatever order the manager listed them in. */
export function sortHosts(rows: HostRow[]): HostRow[] {
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
