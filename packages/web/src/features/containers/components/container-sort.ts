import type { ContainerListItem } from '@bosun/protocol';

/** The columns the containers table sorts by. */
export const SORT_KEYS = ['name', 'host', 'image', 'state', 'created'] as const;
/** One of `SORT_KEYS`. */
export type SortKey = (typeof SORT_KEYS)[number];
/** Ascending or descending. */
export type SortDir = 'asc' | 'desc';

/** The containers page's filters: one host or all, a search, and running, stopped or every state. */
export type ContainerFilter = { host: string | null; query: string; state: 'all' | 'running' | 'stopped' };

const STOPPED = new Set(['exited', 'dead', 'created']);

/**
 * The containers that pass `filter`. The search looks in names, images and host names (ignoring
 * case) and id prefixes; `stopped` means exited, dead or created.
 */
export function filterContainers(
  list: readonly ContainerListItem[],
  filter: ContainerFilter,
): ContainerListItem[] {
  const query = filter.query.trim().toLowerCase();
  return list.filter((c) => {
    if (filter.host !== null && c.agentName !== filter.host) return false;
    if (filter.state === 'running' && c.state !== 'running') return false;
    if (filter.state === 'stopped' && !STOPPED.has(c.state)) return false;
    if (query === '') return true;
    return (
      c.name.toLowerCase().includes(query) ||
      c.image.toLowerCase().includes(query) ||
      c.id.startsWith(query) ||
      c.agentName.toLowerCase().includes(query)
    );
  });
}

/** Sorts `list` in place (and returns it) by `key`, ties broken by name so the order is stable. */
export function sortContainers(list: ContainerListItem[], key: SortKey, dir: SortDir): ContainerListItem[] {
  const sign = dir === 'asc' ? 1 : -1;
  const value = (c: ContainerListItem): string | number => {
    switch (key) {
      case 'name':
        return c.name;
      case 'host':
        return c.agentName;
      case 'image':
        return c.image;
      case 'state':
        return c.state;
      case 'created':
        return c.createdAt;
    }
  };
  return list.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? a.name.localeCompare(b.name) * sign : order * sign;
  });
}
