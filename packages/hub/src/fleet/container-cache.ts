import { type ContainerEvent, type ContainerSummary, MAX_CONTAINERS_PER_LIST } from '@bosun/protocol';

/** What a list, event or action changed in an agent's cache; each one becomes a fleet event. */
export type ContainerChange =
  | { kind: 'upserted'; container: ContainerSummary }
  | { kind: 'removed'; containerId: string };

/**
 * One agent's containers as last reported: filled by `container.list` and kept current by
 * `container.event`. Bounded at MAX_CONTAINERS_PER_LIST (what one list may carry); an event for
 * a new container past that is ignored until the next list, which replaces everything.
 */
export class ContainerCache {
  #byId = new Map<string, ContainerSummary>();
  // Events that arrive while a list is in flight, newest per container: the list was taken
  // before them, so they win over it. Bounded by the same limit; past it, later events are
  // still applied to the live map but may be undone by the list until their next event.
  #duringList: Map<string, ContainerEvent> | undefined;
  #listed = false;

  /** A list has been applied at least once: the cache is more than what events happened to say. */
  get listed(): boolean {
    return this.#listed;
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): ContainerSummary | undefined {
    return this.#byId.get(id);
  }

  values(): IterableIterator<ContainerSummary> {
    return this.#byId.values();
  }

  beginList(): void {
    this.#duringList = new Map();
  }

  /** The list failed: stop recording events for it. */
  abortList(): void {
    this.#duringList = undefined;
  }

  applyEvent(event: ContainerEvent): ContainerChange | undefined {
    if (this.#duringList && this.#duringList.size < MAX_CONTAINERS_PER_LIST) {
      this.#duringList.delete(event.id);
      this.#duringList.set(event.id, event);
    }
    return applyEventTo(this.#byId, event);
  }

  /** Replaces the cache with a fresh list; returns only what actually changed. */
  applyList(containers: readonly ContainerSummary[]): ContainerChange[] {
    const next = new Map<string, ContainerSummary>();
    for (const container of containers) next.set(container.id, container);
    for (const event of this.#duringList?.values() ?? []) applyEventTo(next, event);
    this.#duringList = undefined;
    this.#listed = true;
    const changes: ContainerChange[] = [];
    for (const [id, container] of next) {
      const before = this.#byId.get(id);
      if (!before || !sameSummary(before, container)) changes.push({ kind: 'upserted', container });
    }
    for (const id of this.#byId.keys()) if (!next.has(id)) changes.push({ kind: 'removed', containerId: id });
    this.#byId = next;
    return changes;
  }

  /** A start/stop/restart answer names the new state before Docker's event arrives. */
  setState(id: string, state: ContainerSummary['state']): ContainerChange | undefined {
    const before = this.#byId.get(id);
    if (!before || before.state === state) return undefined;
    const container = { ...before, state };
    this.#byId.set(id, container);
    return { kind: 'upserted', container };
  }
}

function applyEventTo(
  map: Map<string, ContainerSummary>,
  event: ContainerEvent,
): ContainerChange | undefined {
  if (event.action === 'destroy') {
    return map.delete(event.id) ? { kind: 'removed', containerId: event.id } : undefined;
  }
  const before = map.get(event.id);
  let container: ContainerSummary | undefined = event.container;
  // Without a fresh summary (the agent could not inspect), patch what the event itself says.
  if (!container && before) {
    container = { ...before, name: event.name };
    if (event.state !== undefined) container.state = event.state;
    if (event.health !== undefined) container.health = event.health;
  }
  if (!container) return undefined;
  if (!before && map.size >= MAX_CONTAINERS_PER_LIST) return undefined;
  if (before && sameSummary(before, container)) return undefined;
  map.set(event.id, container);
  return { kind: 'upserted', container };
}

// Summaries are small plain JSON from the decoder, so comparing their JSON is exact enough.
function sameSummary(a: ContainerSummary, b: ContainerSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
