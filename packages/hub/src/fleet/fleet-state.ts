import {
  type AgentView,
  type ContainerEvent,
  type ContainerState,
  type ContainerSummary,
  type ContainerView,
  containerIdentity,
  type DockerStatus,
  type FleetEvent,
  type HostFacts,
  isOutdatedAgent,
} from '@bosun/protocol';
import type { AgentSoftware } from '../agents/agent-hello.ts';
import type { HubLogger } from '../logger.ts';
import type { AgentRecord } from '../ports/store.ts';
import { ContainerCache, type ContainerChange } from './container-cache.ts';

/** Told of every fleet change; the adapter relays them to UIs (`GET /api/events`). */
export type FleetListener = (event: FleetEvent) => void;

/**
 * Told what the container caches apply, with more than the fleet events carry: a whole list (so
 * containers gone while nobody watched can be told apart) and the agent being forgotten.
 */
export interface FleetObserver {
  listed(agentId: string, containers: readonly ContainerSummary[]): void;
  changed(agentId: string, change: ContainerChange): void;
  forget(agentId: string): void;
}

/** What the hub knows about an agent beyond its stored record. */
type AgentFacts = {
  record: AgentRecord;
  /** As its last hello said; kept through a disconnect, unknown until it connects to this manager. */
  software: AgentSoftware;
  online: boolean;
  lastSeenAt: number | null;
  host: HostFacts | null;
  docker: DockerStatus | null;
  containers: ContainerCache;
  /**
   * Online, and its first container list since this manager started is still to come (the hub
   * asks once the agent is ready). Lookups by name wait for it rather than answer "no such
   * container" in the moment after a manager restart.
   */
  awaitingList: boolean;
};

/**
 * The fleet read model: who is online, their host and Docker status, and their containers.
 * Facts outlive a disconnect (a UI shows the last known containers greyed out) and are
 * dropped when the agent is revoked. Every change is announced to the listeners.
 */
export class FleetState {
  readonly #agents = new Map<string, AgentFacts>();
  // One per UI connection the adapter relays events to, removed when it closes: as many as
  // the adapter has open, none added by the hub itself.
  readonly #listeners = new Set<FleetListener>();
  readonly #logger: HubLogger;
  readonly #observer: FleetObserver | undefined;
  // Lookups waiting for an agent's first list: released by the list, its failure, the agent
  // leaving or being revoked, so none outlives the list request's own timeout.
  readonly #listWaiters = new Map<string, Array<() => void>>();

  constructor(logger: HubLogger, observer?: FleetObserver) {
    this.#logger = logger;
    this.#observer = observer;
  }

  subscribe(listener: FleetListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  online(record: AgentRecord, software: AgentSoftware, now: number): void {
    const known = this.#agents.get(record.id);
    const containers = known?.containers ?? new ContainerCache();
    const facts: AgentFacts = {
      record,
      software,
      online: true,
      lastSeenAt: now,
      host: record.host,
      docker: null,
      containers,
      awaitingList: !containers.listed,
    };
    this.#agents.set(record.id, facts);
    // A newer connection replacing a live one: still online, host facts perhaps new.
    const type = known?.online ? 'agent.updated' : 'agent.online';
    this.#emit({ type, agent: this.#view(facts) });
  }

  offline(agentId: string, now: number): void {
    const facts = this.#agents.get(agentId);
    if (!facts) return;
    facts.online = false;
    facts.lastSeenAt = now;
    facts.docker = null;
    this.#listSettled(agentId);
    this.#emit({ type: 'agent.offline', agentId, lastSeenAt: now });
  }

  forget(agentId: string): void {
    if (!this.#agents.delete(agentId)) return;
    this.#observer?.forget(agentId);
    this.#listSettled(agentId);
    this.#emit({ type: 'agent.revoked', agentId });
  }

  seen(agentId: string, now: number): void {
    const facts = this.#agents.get(agentId);
    if (facts) facts.lastSeenAt = now;
  }

  dockerStatus(agentId: string, status: DockerStatus): void {
    const facts = this.#agents.get(agentId);
    if (!facts) return;
    facts.docker = status;
    this.#emit({ type: 'docker.status', agentId, status });
  }

  containerEvent(agentId: string, event: ContainerEvent): void {
    const facts = this.#agents.get(agentId);
    if (facts) this.#announce(agentId, [facts.containers.applyEvent(event)]);
  }

  beginContainerList(agentId: string): void {
    this.#agents.get(agentId)?.containers.beginList();
  }

  abortContainerList(agentId: string): void {
    this.#agents.get(agentId)?.containers.abortList();
    this.#listSettled(agentId);
  }

  containerList(agentId: string, containers: readonly ContainerSummary[]): void {
    const facts = this.#agents.get(agentId);
    if (!facts) return;
    const changes = facts.containers.applyList(containers);
    this.#observer?.listed(agentId, [...facts.containers.values()]);
    this.#listSettled(agentId);
    this.#announce(agentId, changes, true);
  }

  /** True while an online agent's first container list is still on its way. */
  listPending(agentId: string): boolean {
    return this.#agents.get(agentId)?.awaitingList ?? false;
  }

  /** Resolves once the agent's first list has landed or failed, or the agent left; at once if none is pending. */
  whenListed(agentId: string): Promise<void> {
    if (!this.listPending(agentId)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.#listWaiters.get(agentId) ?? [];
      waiters.push(resolve);
      this.#listWaiters.set(agentId, waiters);
    });
  }

  containerState(agentId: string, containerId: string, state: ContainerState): void {
    const facts = this.#agents.get(agentId);
    if (facts) this.#announce(agentId, [facts.containers.setState(containerId, state)]);
  }

  /** The agent's cached containers, or undefined when the hub has never heard from it. */
  containersOf(agentId: string): ContainerCache | undefined {
    return this.#agents.get(agentId)?.containers;
  }

  containers(agentId?: string): ContainerView[] {
    const out: ContainerView[] = [];
    for (const [id, facts] of this.#agents) {
      if (agentId !== undefined && id !== agentId) continue;
      for (const container of facts.containers.values())
        out.push({ ...container, agentId: id, identity: containerIdentity(container) });
    }
    return out;
  }

  /** The agent's name as last known, for what outlives it (stored logs). */
  hostName(agentId: string): string | undefined {
    return this.#agents.get(agentId)?.record.name;
  }

  /** A stored record merged with what is known live. */
  view(record: AgentRecord): AgentView {
    const facts = this.#agents.get(record.id);
    if (facts) return this.#view(facts);
    return {
      id: record.id,
      name: record.name,
      online: false,
      lastSeenAt: record.lastSeenAt,
      createdAt: record.createdAt,
      host: record.host,
      docker: null,
      containers: { total: 0, byState: {} },
      protocol: null,
      agentVersion: null,
      outdated: false,
    };
  }

  #view(facts: AgentFacts): AgentView {
    const byState: Partial<Record<ContainerState, number>> = {};
    for (const container of facts.containers.values())
      byState[container.state] = (byState[container.state] ?? 0) + 1;
    return {
      id: facts.record.id,
      name: facts.record.name,
      online: facts.online,
      lastSeenAt: facts.lastSeenAt,
      createdAt: facts.record.createdAt,
      host: facts.host,
      docker: facts.docker,
      containers: { total: facts.containers.size, byState },
      protocol: facts.software.protocol,
      agentVersion: facts.software.agentVersion,
      outdated: isOutdatedAgent(facts.software),
    };
  }

  #listSettled(agentId: string): void {
    const facts = this.#agents.get(agentId);
    if (facts) facts.awaitingList = false;
    const waiters = this.#listWaiters.get(agentId);
    this.#listWaiters.delete(agentId);
    for (const resolve of waiters ?? []) resolve();
  }

  #announce(agentId: string, changes: ReadonlyArray<ContainerChange | undefined>, listed = false): void {
    for (const change of changes) {
      // A list told the observer everything at once.
      if (change && !listed) this.#observer?.changed(agentId, change);
      if (change?.kind === 'upserted')
        this.#emit({ type: 'container.upserted', agentId, container: change.container });
      else if (change?.kind === 'removed')
        this.#emit({ type: 'container.removed', agentId, containerId: change.containerId });
    }
  }

  #emit(event: FleetEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger('warn', 'a fleet listener threw', { type: event.type, error: String(error) });
      }
    }
  }
}
