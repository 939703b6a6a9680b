import type { HostRetentionRecord, HostRetentionStore } from '../ports/store.ts';

/** Per-host retention policies in memory, for `MemoryStore`. */
export class MemoryHostRetention implements HostRetentionStore {
  readonly #rows = new Map<string, HostRetentionRecord>();

  async list(): Promise<HostRetentionRecord[]> {
    return [...this.#rows.values()].map((row) => ({ ...row }));
  }

  async set(record: HostRetentionRecord): Promise<void> {
    this.#rows.set(record.agentId, { ...record });
  }

  async delete(agentId: string): Promise<boolean> {
    return this.#rows.delete(agentId);
  }
}
