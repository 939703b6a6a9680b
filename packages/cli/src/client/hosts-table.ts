import { humanDuration } from '@bosun/protocol';
import type { HostRow } from './host-rows.ts';
import { formatColumns } from './text-table.ts';

const COLUMNS = ['NAME', 'STATE', 'LAST SEEN', 'AGENT', 'CONTAINERS'];

/** When the manager last heard from a host: `now` while it is online, `never` if it never joined. */
export function formatLastSeen(row: HostRow, nowMs = Date.now()): string {
  if (row.online) return 'now';
  if (row.lastSeenAt === null) return 'never';
  return `${humanDuration(Math.max(0, nowMs - row.lastSeenAt))} ago`;
}

/** The agent's version, `(outdated)` when it speaks the manager's previous protocol; `-` when unknown. */
export function formatAgent(row: HostRow): string {
  const version = row.agentVersion ?? '-';
  return row.outdated ? `${version} (outdated)` : version;
}

/** The rows of `bosun hosts`, containers as running/total. */
export function formatHostsTable(rows: readonly HostRow[], nowMs = Date.now()): string {
  const cells = rows.map((row) => [
    row.name,
    row.online ? 'online' : 'offline',
    formatLastSeen(row, nowMs),
    formatAgent(row),
    `${row.containers.byState.running ?? 0}/${row.containers.total}`,
  ]);
  return formatColumns(COLUMNS, cells);
}

/** By name: a stable order whatever order the manager listed them in. */
export function sortHosts(rows: HostRow[]): HostRow[] {
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
