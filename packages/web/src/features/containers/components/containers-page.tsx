import { type ContainerListItem, roleAtLeast, roleOnHost } from '@bosun/protocol';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.tsx';
import { PageHead } from '../../../components/ui/page-head.tsx';
import { QueryStatus } from '../../../components/ui/query-status.tsx';
import { useUrlParam } from '../../../lib/use-url-param.ts';
import { useMe } from '../../auth/index.ts';
import { useContainers } from '../api/containers.ts';
import { useStoredStreams } from '../api/stored-streams.ts';
import {
  type ContainerFilter,
  filterContainers,
  SORT_KEYS,
  type SortKey,
  sortContainers,
} from './container-sort.ts';
import { ContainerTable } from './container-table.tsx';
import { RemovedContainers } from './removed-containers.tsx';

/** Containers of one host (?host=) or of all hosts, with filter, sort, actions and live state. */
export function ContainersPage() {
  const containers = useContainers();
  const me = useMe();
  const navigate = useNavigate();
  const [host] = useUrlParam('host');
  const [query, setQuery] = useUrlParam('q');
  const [stateParam, setState] = useUrlParam('state', 'all');
  const [sortParam, setSort] = useUrlParam('sort', 'name');
  const [dirParam, setDir] = useUrlParam('dir', 'asc');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const stored = useStoredStreams();

  const sort: SortKey = (SORT_KEYS as readonly string[]).includes(sortParam)
    ? (sortParam as SortKey)
    : 'name';
  const dir = dirParam === 'desc' ? 'desc' : 'asc';
  const state: ContainerFilter['state'] =
    stateParam === 'running' || stateParam === 'stopped' ? stateParam : 'all';
  // Offers the actions the manager will allow: operators and admins everywhere, others where a
  // grant makes them operator.
  const canOperate = (agentId: string) => {
    if (!me.data) return false;
    const grant = me.data.grants.find((g) => g.agentId === agentId)?.role;
    return roleAtLeast(roleOnHost(me.data.role, grant), 'operator');
  };

  const rows = useMemo(() => {
    const list = filterContainers(containers.data ?? [], { host: host || null, query, state });
    return sortContainers(list, sort, dir);
  }, [containers.data, host, query, state, sort, dir]);

  // A manager without a log store answers with an error: the page then shows live containers only.
  const removed = useMemo(() => {
    const needle = query.toLowerCase();
    return (stored.data ?? []).filter(
      (s) =>
        s.removed &&
        s.lines > 0 &&
        (!host || s.hostName === host) &&
        (needle === '' || `${s.containerName} ${s.image} ${s.containerId}`.toLowerCase().includes(needle)),
    );
  }, [stored.data, host, query]);

  const onSort = (key: SortKey) => {
    if (key === sort) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDir('asc');
    }
  };
  const toggle = (c: ContainerListItem) =>
    setSelected((current) => {
      const next = new Set(current);
      const key = sourceOf(c);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const openSelected = () => {
    const params = new URLSearchParams();
    for (const key of selected) params.append('c', key);
    navigate(`/logs?${params}`);
  };

  return (
    <main className="page">
      <PageHead
        title="Containers"
        subtitle={
          host ? (
            <>
              on <strong>{host}</strong> · <Link to="/containers">all hosts</Link>
            </>
          ) : (
            'on all hosts'
          )
        }
      >
        <button type="button" className="btn" disabled={selected.size === 0} onClick={openSelected}>
          View logs of selected{selected.size > 0 ? ` (${selected.size})` : ''}
        </button>
      </PageHead>
      <div className="toolbar">
        <input
          type="search"
          className="input"
          aria-label="Filter containers"
          placeholder="Filter by name, image or id"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="inline-field">
          <span>State</span>
          <select className="input" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="all">All</option>
            <option value="running">Running</option>
            <option value="stopped">Stopped</option>
          </select>
        </label>
        <span className="muted small" aria-live="polite">
          {containers.data
            ? `${rows.length} of ${host ? containers.data.filter((c) => c.agentName === host).length : containers.data.length}`
            : ''}
        </span>
      </div>
      <QueryStatus query={containers} loading="Loading containers…" />
      {containers.data && rows.length === 0 ? (
        <EmptyState title={containers.data.length === 0 ? 'No containers yet' : 'No containers match'} />
      ) : (
        <ContainerTable
          rows={rows}
          showHost={!host}
          canOperate={canOperate}
          sort={sort}
          dir={dir}
          onSort={onSort}
          selected={selected}
          onToggle={toggle}
        />
      )}
      {removed.length > 0 && state !== 'running' && <RemovedContainers streams={removed} showHost={!host} />}
    </main>
  );
}

/** How the log viewer names a container: `host/container`, its `c=` value. */
export function sourceOf(c: ContainerListItem): string {
  return `${c.agentName}/${c.name}`;
}
