import { type ContainerSummary, containerIdentity } from '@bosun/protocol';
import type { HubLogger } from '../logger.ts';
import type { ContainerGenerationStore, SeenContainer } from '../ports/store.ts';
import type { ContainerChange } from './container-cache.ts';

/** Docker gives a container's creation in seconds; the store keeps milliseconds. */
function seenOf(container: ContainerSummary): SeenContainer {
  return {
    containerId: container.id,
    identityKey: containerIdentity(container).key,
    name: container.name,
    createdAt: container.createdAt * 1000,
  };
}

/**
 * Feeds the container generation store from what the fleet state applies: lists, events and
 * action results. Only what changes a row is written (a new container, a new identity, a
 * removal), never a state or health change, so a busy host costs a write per recreation, not per
 * event. Writes run one at a time in order, so a removal is never overtaken by an older sighting;
 * a write the store refuses costs a warning, and the next list sets the rows right again.
 * `#known` holds one key per cached container, as bounded as the caches it mirrors.
 */
export class GenerationRecorder {
  readonly #store: ContainerGenerationStore;
  readonly #now: () => number;
  readonly #logger: HubLogger;
  readonly #known = new Map<string, Map<string, string>>();
  #chain: Promise<void> = Promise.resolve();
  // Warn once per run of failures, not once per write while the store stays down.
  #failing = false;

  constructor(store: ContainerGenerationStore, now: () => number, logger: HubLogger) {
    this.#store = store;
    this.#now = now;
    this.#logger = logger;
  }

  /** A full list was applied: every container in it exists, every other one is gone. */
  listed(agentId: string, containers: readonly ContainerSummary[]): void {
    const known = new Map<string, string>();
    const seen = containers.map((container) => {
      const row = seenOf(container);
      known.set(row.containerId, row.identityKey);
      return row;
    });
    this.#known.set(agentId, known);
    const at = this.#now();
    this.#enqueue(() => this.#store.listed(agentId, seen, at));
  }

  /** What an event or an action changed in the agent's cache. */
  changed(agentId: string, change: ContainerChange): void {
    const known = this.#known.get(agentId) ?? new Map<string, string>();
    this.#known.set(agentId, known);
    if (change.kind === 'removed') {
      if (!known.delete(change.containerId)) return;
      const at = this.#now();
      this.#enqueue(() => this.#store.removed(agentId, [change.containerId], at));
      return;
    }
    const row = seenOf(change.container);
    if (known.get(row.containerId) === row.identityKey) return;
    known.set(row.containerId, row.identityKey);
    this.#enqueue(() => this.#store.seen(agentId, [row]));
  }

  /** The agent was revoked: its rows go. */
  forget(agentId: string): void {
    this.#known.delete(agentId);
    this.#enqueue(async () => {
      await this.#store.deleteForAgent(agentId);
    });
  }

  /** Resolves once every write asked for so far has been tried. */
  settled(): Promise<void> {
    return this.#chain;
  }

  #enqueue(write: () => Promise<void>): void {
    this.#chain = this.#chain.then(write).then(
      () => {
        if (this.#failing) this.#logger('info', 'container generations written again');
        this.#failing = false;
      },
      (error: unknown) => {
        if (!this.#failing)
          this.#logger('warn', 'could not write container generations', { error: String(error) });
        this.#failing = true;
      },
    );
  }
}
