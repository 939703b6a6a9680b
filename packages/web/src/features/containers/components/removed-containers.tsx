import type { StoredStreamView } from '@bosun/protocol';
import { Link } from 'react-router';
import { DataTable } from '../../../components/ui/data-table.tsx';
import { formatCount } from '../../../lib/format.ts';

/** The viewer's link for a stored stream: its stored lines, newest first on screen, no live stream. */
export function storedViewerLink(stream: StoredStreamView): string {
  const params = new URLSearchParams({
    c: `${stream.hostName}/${stream.containerName}`,
    cid: stream.containerId,
  });
  return `/logs?${params}`;
}

/**
 * Containers Docker no longer has whose logs the manager still stores, marked "removed", each
 * opening the viewer on its stored lines.
 */
export function RemovedContainers({ streams, showHost }: { streams: StoredStreamView[]; showHost: boolean }) {
  return (
    <section aria-labelledby="removed-title" className="removed-containers">
      <h2 id="removed-title">Removed containers with stored logs</h2>
      <DataTable
        label="Removed containers"
        head={
          <>
            <th scope="col">Name</th>
            {showHost && <th scope="col">Host</th>}
            <th scope="col">Image</th>
            <th scope="col">State</th>
            <th scope="col">Stored</th>
            <th scope="col">Last line</th>
          </>
        }
      >
        {streams.map((s) => (
          <tr key={`${s.agentId}/${s.containerId}`} data-host={s.hostName} data-container={s.containerName}>
            <td>
              <Link to={storedViewerLink(s)} aria-label={`Stored logs of ${s.containerName}`}>
                {s.containerName}
              </Link>
              <span className="muted mono small"> {s.containerId.slice(0, 12)}</span>
            </td>
            {showHost && <td>{s.hostName}</td>}
            <td className="mono small">{s.image}</td>
            <td>
              <span className="pill pill-removed">removed</span>
            </td>
            <td>{formatCount(s.lines)} lines</td>
            <td className="mono small">{s.lastTs ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
