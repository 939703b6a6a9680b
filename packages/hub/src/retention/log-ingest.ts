import { type ContainerView, containerIdentity, type FleetEvent } from '@bosun/protocol';
import type { HubOptions } from '../hub-options.ts';
import type { HubLogger } from '../logger.ts';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import type { LogStore, LogStreamMeta } from '../ports/log-store.ts';
import type { HostRetentionRecord, HostRetentionStore } from '../ports/store.ts';
import { IngestTap } from './ingest-tap.ts';
import { isRetained, type RetentionPolicy } from './retention-policy.ts';

/** Where retained streams are held open: the hub's topics. */
export interface IngestTopics {
  hold(tap: IngestTap): Promise<void>;
  release(tap: IngestTap): void;
}

/** What the ingest reads of the fleet: the containers with their labels, and host names. */
export interface IngestFleet {
  /** Every container of the fleet, or of one host. */
  containers(agentId?: string): ContainerView[];
  hostName(agentId: string): string | undefined;
  subscribe(listener: (event: FleetEvent) => void): () => void;
}

/** What the ingest needs from the hub. */
export interface LogIngestDeps {
  store: LogStore;
  topics: IngestTopics;
  fleet: IngestFleet;
  policies: HostRetentionStore;
  clock: Clock;
  options: HubOptions;
  logger: HubLogger;
}

/** The ingest's state for `/metrics` and status. */
export type LogIngestStats = {
  /** Retained streams with a tap (held open), paused ones included. */
  ingestStreams: number;
  /** Of those, the ones waiting for the store or for a resend. */
  ingestPaused: number;
  /** Retained containers beyond `maxIngestStreams`, waiting for a slot. */
  ingestWaiting: number;
  /** Lines appended to the store since the hub started. */
  linesStored: number;
  /** Appends the store refused (`full`) and the lines in them. */
  appendsRefused: number;
  linesRefused: number;
};

/**
 * Continuous ingest: every retained container's stream is held open through the hub's topics
 * (the same Docker follow viewers share) and appended to the log store by its tap. Which
 * containers are retained is decided here, from the fleet's container list and labels and the
 * policy of each host (its own, else the manager's): on every fleet change and every
 * `ingestRetryMs`, which also resumes paused taps.
 *
 * Bounds: at most `maxIngestStreams` taps (running containers first; the rest wait and are
 * counted); the store's own queue bounds what waits to be written, and a tap it refuses pauses
 * and resumes from its position, never skipping a line.
 */
export class LogIngest {
  readonly #deps: LogIngestDeps;
  readonly #taps = new Map<string, IngestTap>();
  readonly #opening = new Set<string>();
  readonly #hostPolicies = new Map<string, RetentionPolicy>();
  #timer: TimerHandle | undefined;
  #unsubscribe: (() => void) | undefined;
  #reconcileQueued = false;
  // The retained containers per host, kept between passes: a fleet event re-reads only its own
  // host, so a thousand hosts joining cost a thousand small passes, not a thousand passes over
  // every container of the fleet (the scale bench saw that triple the manager's CPU at join).
  readonly #retainedOf = new Map<string, ContainerView[]>();
  readonly #dirty = new Set<string>();
  #waiting = 0;
  #closed = false;
  #linesStored = 0;
  #appendsRefused = 0;
  #linesRefused = 0;
  readonly #counters = {
    stored: (lines: number) => {
      this.#linesStored += lines;
    },
    refused: (lines: number) => {
      this.#appendsRefused += 1;
      this.#linesRefused += lines;
    },
    paused: () => this.#schedule(),
  };
  // A retained stream failed to open and the next pass tries again.
  #openFailed = false;

  constructor(deps: LogIngestDeps) {
    this.#deps = deps;
  }

  /** Loads the hosts' policies, then follows the fleet. */
  async start(): Promise<void> {
    for (const record of await this.#deps.policies.list())
      this.#hostPolicies.set(record.agentId, record.policy);
    if (this.#closed) return;
    this.#unsubscribe = this.#deps.fleet.subscribe((event) => {
      if (event.type === 'docker.status') return;
      this.#dirty.add(
        event.type === 'agent.online' || event.type === 'agent.updated' ? event.agent.id : event.agentId,
      );
      this.#queueReconcile();
    });
    this.#schedule();
    this.#reconcile();
  }

  /** The policy a host's containers are under: its own, else the manager's. */
  policyOf(agentId: string): RetentionPolicy {
    return this.#hostPolicies.get(agentId) ?? this.#deps.options.retain;
  }

  /** Every host with a policy of its own. */
  hostPolicies(): Promise<HostRetentionRecord[]> {
    return this.#deps.policies.list();
  }

  /** Sets (or with null removes) a host's own policy; applied at once. */
  async setHostPolicy(agentId: string, policy: RetentionPolicy | null): Promise<boolean> {
    let changed = true;
    if (policy === null) changed = await this.#deps.policies.delete(agentId);
    else await this.#deps.policies.set({ agentId, policy, updatedAt: this.#deps.clock.now() });
    if (policy === null) this.#hostPolicies.delete(agentId);
    else this.#hostPolicies.set(agentId, policy);
    this.#reconcile();
    return changed;
  }

  /** The topic holding this tap finished (the container is gone): the tap goes with it. */
  tapDropped(tap: IngestTap): void {
    const key = keyOf(tap.meta.agentId, tap.meta.containerId);
    if (this.#taps.get(key) === tap) this.#taps.delete(key);
    // A stream still wanted (its container restarted, say) is opened again by the next pass.
    this.#schedule();
  }

  stats(): LogIngestStats {
    let paused = 0;
    for (const tap of this.#taps.values()) if (tap.paused) paused += 1;
    return {
      ingestStreams: this.#taps.size,
      ingestPaused: paused,
      ingestWaiting: this.#waiting,
      linesStored: this.#linesStored,
      appendsRefused: this.#appendsRefused,
      linesRefused: this.#linesRefused,
    };
  }

  /** Stops following the fleet; the topics close with the hub, the store after it. */
  close(): void {
    this.#closed = true;
    this.#unsubscribe?.();
    if (this.#timer !== undefined) this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  // One timer, armed only while something waits for a retry (a paused tap, a stream that failed
  // to open), so an idle manager holds no timer (a Durable Object could not sleep with one).
  // Fleet events reconcile by themselves.
  #schedule(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = this.#deps.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed) return;
      this.#openFailed = false;
      this.#resumePaused();
      this.#reconcile();
      if (this.#openFailed || [...this.#taps.values()].some((tap) => tap.paused)) this.#schedule();
    }, this.#deps.options.ingestRetryMs);
  }

  // A tap still waiting for a resend after a whole period asks again: the request may have
  // been lost with the agent, or superseded.
  #resumePaused(): void {
    for (const tap of this.#taps.values()) {
      if (!tap.paused) continue;
      if (tap.rewinding) tap.giveUpRewind();
      else tap.resume();
    }
  }

  // Fleet events come in bursts (a list of hundreds of containers): one pass after the burst.
  #queueReconcile(): void {
    if (this.#reconcileQueued) return;
    this.#reconcileQueued = true;
    queueMicrotask(() => {
      this.#reconcileQueued = false;
      this.#reconcile(false);
    });
  }

  // Re-reads the hosts whose containers changed (`full`: every host), then opens and releases
  // taps to match.
  #reconcile(full = true): void {
    if (this.#closed) return;
    if (full) {
      this.#retainedOf.clear();
      for (const container of this.#deps.fleet.containers()) {
        if (!isRetained(this.policyOf(container.agentId), container.labels)) continue;
        const list = this.#retainedOf.get(container.agentId);
        if (list) list.push(container);
        else this.#retainedOf.set(container.agentId, [container]);
      }
    } else {
      for (const agentId of this.#dirty) {
        const policy = this.policyOf(agentId);
        const list = this.#deps.fleet.containers(agentId).filter((c) => isRetained(policy, c.labels));
        if (list.length > 0) this.#retainedOf.set(agentId, list);
        else this.#retainedOf.delete(agentId);
      }
    }
    this.#dirty.clear();
    const retained = [...this.#retainedOf.values()].flat();
    // Running containers write; stopped ones only have their last lines to give.
    retained.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running'));
    const chosen = retained.slice(0, this.#deps.options.maxIngestStreams);
    this.#waiting = retained.length - chosen.length;
    const wanted = new Map(chosen.map((container) => [keyOf(container.agentId, container.id), container]));
    for (const [key, tap] of this.#taps) {
      if (wanted.has(key)) continue;
      this.#taps.delete(key);
      this.#deps.topics.release(tap);
    }
    for (const [key, container] of wanted) {
      if (!this.#taps.has(key) && !this.#opening.has(key)) void this.#open(key, container);
    }
  }

  async #open(key: string, container: ContainerView): Promise<void> {
    this.#opening.add(key);
    try {
      const meta = this.#metaOf(container);
      const cursor = await this.#deps.store.resumeCursor(meta);
      if (this.#closed || !this.#stillWanted(container)) return;
      const tap = new IngestTap(meta, this.#deps.store, this.#counters, cursor);
      this.#taps.set(key, tap);
      await this.#deps.topics.hold(tap);
    } catch (error) {
      // The next reconcile tries again: a store read that failed is retried, not given up.
      this.#taps.delete(key);
      this.#openFailed = true;
      this.#schedule();
      this.#deps.logger('warn', 'retained stream could not start', { key, error: String(error) });
    } finally {
      this.#opening.delete(key);
    }
  }

  #stillWanted(container: ContainerView): boolean {
    return isRetained(this.policyOf(container.agentId), container.labels);
  }

  #metaOf(container: ContainerView): LogStreamMeta {
    return {
      agentId: container.agentId,
      containerId: container.id,
      identity: (container.identity ?? containerIdentity(container)).key,
      hostName: this.#deps.fleet.hostName(container.agentId) ?? container.agentId,
      containerName: container.name,
      image: container.image,
      labels: container.labels,
      createdAt: container.createdAt * 1000,
    };
  }
}

function keyOf(agentId: string, containerId: string): string {
  return `${agentId}/${containerId}`;
}
