import {
  type ContainerGenerationRecord,
  type ContainerGenerationStore,
  MAX_GENERATIONS_PER_AGENT,
  MAX_GENERATIONS_PER_IDENTITY,
  type SeenContainer,
} from '../ports/store.ts';

const rowKey = (agentId: string, containerId: string) => `${agentId}\u0000${containerId}`;

/** The container generation store in memory, for tests: the contract the SQLite one keeps. */
export class MemoryContainerGenerations implements ContainerGenerationStore {
  readonly rows = new Map<string, ContainerGenerationRecord>();

  async seen(agentId: string, containers: readonly SeenContainer[]) {
    const ordered = [...containers].sort((a, b) => a.createdAt - b.createdAt);
    for (const container of ordered) this.#seenOne(agentId, container);
    this.#prune(agentId);
  }

  async removed(agentId: string, containerIds: readonly string[], at: number) {
    for (const id of containerIds) {
      const row = this.rows.get(rowKey(agentId, id));
      if (row && row.removedAt === null) row.removedAt = at;
    }
  }

  async listed(agentId: string, containers: readonly SeenContainer[], at: number) {
    await this.seen(agentId, containers);
    const present = new Set(containers.map((c) => c.containerId));
    for (const row of this.rows.values())
      if (row.agentId === agentId && row.removedAt === null && !present.has(row.containerId))
        row.removedAt = at;
  }

  async forIdentity(agentId: string, identityKey: string) {
    return this.#ofAgent(agentId)
      .filter((row) => row.identityKey === identityKey)
      .sort((a, b) => a.generation - b.generation)
      .map((row) => ({ ...row }));
  }

  async byContainer(agentId: string, idOrPrefix: string) {
    const matches = this.#ofAgent(agentId).filter((row) => row.containerId.startsWith(idOrPrefix));
    const exact = matches.find((row) => row.containerId === idOrPrefix);
    const row = exact ?? (matches.length === 1 ? matches[0] : undefined);
    return row && { ...row };
  }

  async deleteForAgent(agentId: string) {
    const rows = this.#ofAgent(agentId);
    for (const row of rows) this.rows.delete(rowKey(agentId, row.containerId));
    return rows.length;
  }

  #seenOne(agentId: string, container: SeenContainer): void {
    const key = rowKey(agentId, container.containerId);
    const known = this.rows.get(key);
    if (known && known.identityKey === container.identityKey) {
      known.name = container.name;
      known.removedAt = null;
      return;
    }
    const generation =
      Math.max(
        0,
        ...this.#ofAgent(agentId)
          .filter((r) => r.identityKey === container.identityKey)
          .map((r) => r.generation),
      ) + 1;
    this.rows.set(key, { agentId, ...container, generation, removedAt: null });
  }

  #prune(agentId: string): void {
    const rows = this.#ofAgent(agentId);
    const newest = new Map<string, number>();
    for (const row of rows)
      newest.set(row.identityKey, Math.max(newest.get(row.identityKey) ?? 0, row.generation));
    const removed = rows
      .filter((row) => row.removedAt !== null)
      .sort((a, b) => (a.removedAt ?? 0) - (b.removedAt ?? 0) || a.createdAt - b.createdAt);
    let count = rows.length;
    for (const row of removed) {
      const tooOld = row.generation <= (newest.get(row.identityKey) ?? 0) - MAX_GENERATIONS_PER_IDENTITY;
      if (!tooOld && count <= MAX_GENERATIONS_PER_AGENT) continue;
      this.rows.delete(rowKey(agentId, row.containerId));
      count--;
    }
  }

  #ofAgent(agentId: string): ContainerGenerationRecord[] {
    return [...this.rows.values()].filter((row) => row.agentId === agentId);
  }
}
