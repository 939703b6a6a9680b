import { CONTAINER_ID_PATTERN, type ContainerSummary, ProtocolError } from '@bosun/protocol';
import { containerNotFound, resolveContainer } from './resolve-container.ts';

/**
 * How a container reference (full id, exact name or unique id prefix of 4+ characters) becomes a
 * container id. Every mode refuses a prefix several containers share with `conflict`; they differ
 * in what an unknown reference means.
 */
export type ResolveMode =
  /** The agent's cached containers as they are now; unknown: `not_found`. */
  | 'cached'
  /**
   * As `cached`, except that while an online agent's first container list since this manager
   * started is on its way, an unknown reference waits for that list and is answered from it, so
   * a name asked for right after a manager restart is not "not found". The wait ends with the
   * list, its failure or the agent leaving, so it is no longer than the list request's timeout.
   * For container actions.
   */
  | 'waitForList'
  /**
   * As `waitForList`; still unknown: an offline agent answers `agent_offline` (its containers
   * are unknown, not absent), and an online agent's full 64-hex id is taken on trust (the cache
   * may lag a container created a moment ago; the agent refuses an id it does not have). For log
   * subscriptions.
   */
  | 'trustFullId'
  /**
   * As `cached`; unknown: the reference is passed on as it is, for the agent to resolve, since
   * it knows its containers better than the cache. For requests that go to the agent anyway
   * (stored-log reads, inspections).
   */
  | 'passUnknown';

/** The agent a reference is resolved for: its id, and its name for messages. */
export type AgentRef = { id: string; name: string };

/** What the resolver reads from the fleet read model (`FleetState`). */
export interface ContainerDirectory {
  /** The agent's cached containers, or undefined when the hub has never heard from it. */
  containersOf(agentId: string): { values(): Iterable<ContainerSummary> } | undefined;
  /** True while an online agent's first container list is still on its way. */
  listPending(agentId: string): boolean;
  /** Resolves once that list has landed or failed, or the agent left; at once if none is pending. */
  whenListed(agentId: string): Promise<void>;
}

/** The one place a container reference is resolved against the fleet's container caches. */
export class ContainerResolver {
  readonly #directory: ContainerDirectory;
  readonly #isOnline: (agentId: string) => boolean;

  constructor(directory: ContainerDirectory, isOnline: (agentId: string) => boolean) {
    this.#directory = directory;
    this.#isOnline = isOnline;
  }

  /** A container of the agent's cache, as it is now (mode `cached`, with the whole summary). */
  cached(agentId: string, ref: string): ContainerSummary {
    return resolveContainer(this.#directory.containersOf(agentId)?.values() ?? [], ref);
  }

  /** The id `ref` stands for on `agent`, or the reference itself in mode `passUnknown`; see `ResolveMode`. */
  async resolve(agent: AgentRef, ref: string, mode: ResolveMode): Promise<string> {
    const found = this.#lookup(agent.id, ref);
    if (found) return found.id;
    if (mode === 'passUnknown') return ref;
    if (mode !== 'cached' && this.#directory.listPending(agent.id)) {
      await this.#directory.whenListed(agent.id);
      const listed = this.#lookup(agent.id, ref);
      if (listed) return listed.id;
    }
    if (mode === 'trustFullId') {
      if (!this.#isOnline(agent.id)) {
        throw new ProtocolError(
          'agent_offline',
          `agent ${agent.name} is offline and its containers are unknown`,
        );
      }
      if (CONTAINER_ID_PATTERN.test(ref)) return ref;
    }
    throw containerNotFound(ref);
  }

  // The cached container, or undefined when none matches; an ambiguous prefix still throws.
  #lookup(agentId: string, ref: string): ContainerSummary | undefined {
    try {
      return this.cached(agentId, ref);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'not_found') return undefined;
      throw error;
    }
  }
}
