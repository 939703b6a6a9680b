import { containerIdentity, describeStatus, humanDuration } from '@bosun/protocol';
import { painter, stateColour } from './colour.ts';
import type { ContainerRow } from './container-rows.ts';
import { formatColumns } from './text-table.ts';

const COLUMNS = ['HOST', 'NAME', 'IMAGE', 'STATE', 'STATUS', 'PORTS', 'CREATED'];
const STATE_COLUMN = 3;

type Port = ContainerRow['ports'][number];

/** Ports as `docker ps` shows them: `0.0.0.0:8080->80/tcp, 443/tcp`. */
export function formatPorts(ports: readonly Port[]): string {
  return ports
    .map((port) => {
      const type = port.type ?? 'tcp';
      if (port.publicPort === undefined) return `${port.privatePort}/${type}`;
      const ip = port.ip ? (port.ip.includes(':') ? `[${port.ip}]:` : `${port.ip}:`) : '';
      return `${ip}${port.publicPort}->${port.privatePort}/${type}`;
    })
    .join(', ');
}

/** `5 minutes ago`, worded as `docker ps` words it (createdAt is in Unix seconds). */
export function formatAgo(createdAt: number, nowMs = Date.now()): string {
  return `${humanDuration(Math.max(0, nowMs - createdAt * 1000))} ago`;
}

/**
 * The Compose service a container belongs to, as its identity reads (`shop/web#1`), or a one-off
 * run of one (`shop/web (one-off)`); empty for a container outside Compose. A manager older than
 * identities sends none, so it is computed from the labels the same way.
 */
export function serviceOf(row: ContainerRow): string {
  const identity = row.identity ?? containerIdentity(row);
  if (identity.kind === 'compose') return identity.key;
  if (identity.oneoff) return `${identity.project}/${identity.service} (one-off)`;
  return '';
}

/**
 * The rows of `bosun ps`, columns padded to their widest cell like `docker ps`; `colour` paints the
 * state. A SERVICE column follows NAME when any row belongs to a Compose service.
 */
export function formatTable(rows: readonly ContainerRow[], nowMs = Date.now(), colour = false): string {
  const paint = painter(colour);
  const services = rows.map(serviceOf);
  const withService = services.some((service) => service !== '');
  const columns = withService ? [...COLUMNS.slice(0, 2), 'SERVICE', ...COLUMNS.slice(2)] : COLUMNS;
  const stateColumn = withService ? STATE_COLUMN + 1 : STATE_COLUMN;
  const cells = rows.map((row, i) => [
    row.agentName,
    row.name,
    ...(withService ? [services[i] ?? ''] : []),
    row.image,
    String(row.state),
    // The agent's status text stops aging when read; from the run times it is worded as of now.
    describeStatus({ ...row, state: String(row.state) }, nowMs),
    formatPorts(row.ports),
    formatAgo(row.createdAt, nowMs),
  ]);
  return formatColumns(columns, cells, (_row, column, text) =>
    column === stateColumn ? paint(stateColour(text), text) : text,
  );
}

const UP_STATES: ReadonlySet<string> = new Set(['running', 'paused', 'restarting']);

/**
 * Whether `bosun ps` without `-a` lists the container: `docker ps` without -a shows every container
 * that is up, paused and restarting included.
 */
export function isUp(row: ContainerRow): boolean {
  return UP_STATES.has(String(row.state));
}

/** Host, then name: a stable order whatever order the agents answered in. */
export function sortRows(rows: ContainerRow[]): ContainerRow[] {
  return rows.sort((a, b) => a.agentName.localeCompare(b.agentName) || a.name.localeCompare(b.name));
}
