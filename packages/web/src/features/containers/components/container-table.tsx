import type { ContainerListItem } from '@bosun/protocol';
import { describeStatus } from '@bosun/protocol';
import { Link } from 'react-router';
import { DataTable, RowActions } from '../../../components/ui/data-table.tsx';
import { StateBadge } from '../../../components/ui/state-badge.tsx';
import { formatDateTime, formatPorts } from '../../../lib/format.ts';
import { useNow } from '../../../lib/use-now.ts';
import { ContainerActions } from './container-actions.tsx';
import type { SortDir, SortKey } from './container-sort.ts';

type Props = {
  rows: ContainerListItem[];
  showHost: boolean;
  /** Whether the user may start, stop and restart containers of this host. */
  canOperate(agentId: string): boolean;
  sort: SortKey;
  dir: SortDir;
  onSort(key: SortKey): void;
  selected: ReadonlySet<string>;
  onToggle(container: ContainerListItem): void;
};

/**
 * How often the Status column is worded again. Past the first minute its words change at most
 * once a minute, so this keeps it within a tick of what `docker ps` would print; one timer for
 * the whole table rather than one per row.
 */
const STATUS_TICK_MS = 10_000;

/**
 * The containers table: sortable columns, Status worded as `docker ps` would word it now, a
 * checkbox per row for viewing logs together, and the actions for those allowed to operate.
 */
export function ContainerTable({ rows, showHost, canOperate, sort, dir, onSort, selected, onToggle }: Props) {
  const now = useNow(STATUS_TICK_MS);
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => onSort(key)}>
        {label}
        <span aria-hidden="true">{sort === key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
  return (
    <DataTable
      label="Containers"
      head={
        <>
          <th scope="col" className="col-select">
            <span className="sr-only">Select</span>
          </th>
          {header('name', 'Name')}
          {showHost && header('host', 'Host')}
          {header('image', 'Image')}
          {header('state', 'State')}
          <th scope="col">Status</th>
          <th scope="col" className="col-ports">
            Ports
          </th>
          {header('created', 'Created')}
        </>
      }
    >
      {rows.map((c) => {
        const source = `${c.agentName}/${c.name}`;
        return (
          <tr key={`${c.agentId}/${c.id}`} data-host={c.agentName} data-container={c.name}>
            <td className="col-select">
              <input
                type="checkbox"
                aria-label={`Select ${c.name}`}
                checked={selected.has(source)}
                onChange={() => onToggle(c)}
              />
            </td>
            <td data-col="name">
              <span className="name">{c.name}</span>
              <span className="muted mono small"> {c.id.slice(0, 12)}</span>
            </td>
            {showHost && (
              <td className="small">
                <Link to={`/containers?host=${encodeURIComponent(c.agentName)}`}>{c.agentName}</Link>
              </td>
            )}
            <td className="mono small ellipsis col-image" title={c.image}>
              {c.image}
            </td>
            <td data-col="state">
              <StateBadge state={c.state} />
            </td>
            <td className="small col-status">{describeStatus(c, now)}</td>
            <td className="mono small col-ports">{formatPorts(c.ports).join(', ') || '—'}</td>
            <td className="small col-created">{formatDateTime(c.createdAt * 1000)}</td>
            <RowActions>
              <Link className="btn btn-small" to={`/logs?c=${encodeURIComponent(source)}`}>
                Logs
              </Link>
              {canOperate(c.agentId) && <ContainerActions container={c} />}
            </RowActions>
          </tr>
        );
      })}
    </DataTable>
  );
}
