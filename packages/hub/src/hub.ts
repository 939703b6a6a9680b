import {
  type AgentView,
  CLOSE_CODES,
  type ContainerGenerationsResponse,
  type ContainerSummary,
  type ContainerView,
  type DataOf,
  ProtocolError,
  type ResultOf,
} from '@bosun/protocol';
import { HelloAuthenticator, resumedWelcome } from './agents/agent-hello.ts';
import { AgentLinks } from './agents/agent-links.ts';
import { AgentRegistry } from './agents/agent-registry.ts';
import { LastSeenWriter } from './agents/last-seen.ts';
import { type AgentRequestSubject, defaultTimeoutMs } from './agents/request-timeouts.ts';
import { type AuditEntry, appendAudit } from './audit/append-audit.ts';
import { closeConnection } from './close-connection.ts';
import {
  type ContainerAction,
  type ContainerActionDeps,
  type ContainerActionOptions,
  type ContainerActionResult,
  runContainerAction,
} from './fleet/container-actions.ts';
import { type AgentRef, ContainerResolver, type ResolveMode } from './fleet/container-resolver.ts';
import { type FleetListener, FleetState } from './fleet/fleet-state.ts';
import { GenerationRecorder } from './fleet/generation-recorder.ts';
import { type IdentityQuery, identityGenerations } from './fleet/identity-generations.ts';
import { type CreatedJoinToken, createJoinToken, type JoinTokenRequest } from './fleet/join-tokens.ts';
import { type AgentDirectory, resolveAgentRef } from './fleet/resolve-agent.ts';
import { type HubOptions, resolveHubOptions } from './hub-options.ts';
import { CursorWriter } from './logs/cursor-writer.ts';
import { LogReadSlots } from './logs/log-read-slots.ts';
import { type LogRead, type ReadLogsEntries, type ReadLogsOptions, readLogs } from './logs/log-reads.ts';
import { LogTopics, refuseOverBudget } from './logs/log-topics.ts';
import { MemoryBudget, type MemoryReport } from './memory/memory-budget.ts';
import { shedMemory } from './memory/shed-memory.ts';
import { viewerSocketAllowance } from './memory/socket-allowance.ts';
import type { Clock } from './ports/clock.ts';
import type { Connection, ConnectionHandler } from './ports/connection.ts';
import type { LogStore, LogStoreStats } from './ports/log-store.ts';
import type { ManagerKey } from './ports/manager-key.ts';
import type { HostRetentionRecord, Store } from './ports/store.ts';
import { auditActorOf, canSee, type Principal } from './principal.ts';
import type { AgentMemo, ViewerMemo } from './restore/connection-memo.ts';
import { LogIngest, type LogIngestStats } from './retention/log-ingest.ts';
import type { RetentionPolicy } from './retention/retention-policy.ts';
import { HubCounters } from './stats/hub-counters.ts';
import type { HubStats } from './stats/hub-stats.ts';
import { type ViewerHandler, ViewerSession } from './viewers/viewer-session.ts';

/**
 * What a hub runs on: its store, its clock, the manager's key (kept by the runtime, the same on
 * every start: agents refuse a manager whose key changed), and any options that differ from the
 * defaults. With a `logStore`, retained containers' logs are ingested into it (`LogIngest`); the
 * runtime opens it before and closes it after the hub.
 */
export type HubInit = {
  store: Store;
  clock: Clock;
  managerKey: ManagerKey;
  logStore?: LogStore;
  options?: Partial<HubOptions>;
};

// What one request awaiting an agent's answer holds, for the budget: a promise with its two
// functions, a timer and the inbox id are a few hundred bytes, and a request frame waiting for
// the agent's readiness is under 1 KiB (requests carry ids and options, never log text).
const PENDING_REQUEST_BYTES = 1024;
const OVER_BUDGET = 'too far behind while the manager is over its memory budget';

const IGNORE: ViewerHandler = { onMessage: () => {}, onClose: () => {}, reauthorized: () => {} };
const SHUTTING_DOWN = 'manager shutting down';

/**
 * The manager's logic, whatever runs it: agents and viewers arrive as Connections, storage is a
 * Store, time is a Clock. The adapter authenticates users and hands their sockets over; the hub
 * does the rest.
 */
export class Hub {
  /** Every bound in force: the defaults with what `HubInit.options` changed. */
  readonly options: HubOptions;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #registry = new AgentRegistry();
  readonly #fleet: FleetState;
  readonly #generations: GenerationRecorder;
  readonly #containers: ContainerResolver;
  readonly #cursors: CursorWriter;
  readonly #topics: LogTopics;
  readonly #links: AgentLinks;
  readonly #lastSeen: LastSeenWriter;
  readonly #actions: ContainerActionDeps;
  readonly #agentDirectory: AgentDirectory;
  // Every viewer socket, so shutdown can close them: as many as the adapter accepts.
  readonly #viewers = new Set<ViewerSession>();
  // Viewer sockets the budget closed that may not have reported their close yet.
  readonly #shedSockets = new WeakSet<Connection>();
  readonly #readSlots: LogReadSlots;
  readonly #counters = new HubCounters();
  readonly #budget: MemoryBudget;
  readonly #ingest: LogIngest | undefined;
  readonly #logStore: LogStore | undefined;
  #closing: Promise<void> | undefined;

  constructor({ store, clock, managerKey, logStore, options }: HubInit) {
    this.options = resolveHubOptions(options);
    const { logger } = this.options;
    this.#store = store;
    this.#clock = clock;
    this.#readSlots = new LogReadSlots(this.options.maxReadsPerUser, this.options.maxReads);
    this.#generations = new GenerationRecorder(store.containerGenerations, () => clock.now(), logger);
    this.#fleet = new FleetState(logger, this.#generations);
    this.#containers = new ContainerResolver(this.#fleet, (agentId) => this.#registry.isOnline(agentId));
    this.#lastSeen = new LastSeenWriter(store.agents, clock, this.options.lastSeenWriteMs, logger);
    this.#cursors = new CursorWriter(store.logCursors, clock, this.options.cursorFlushMs, logger);
    this.#budget = this.#createBudget();
    this.#topics = new LogTopics({
      clock,
      cursors: this.#cursors,
      options: this.options,
      logger,
      counters: this.#counters,
      budget: this.#budget,
      isOnline: (agentId) => this.#registry.isOnline(agentId),
      request: (agentId, subject, data) => this.request(agentId, subject, data),
      viewerSocketAllowance: () => this.#viewerSocketAllowance(),
      tapDropped: (tap) => this.#ingest?.tapDropped(tap),
    });
    this.#logStore = logStore;
    this.#ingest =
      logStore &&
      new LogIngest({
        store: logStore,
        topics: this.#topics,
        fleet: {
          containers: (agentId) => this.#fleet.containers(agentId),
          hostName: (agentId) => this.#fleet.hostName(agentId),
          subscribe: (listener) => this.#fleet.subscribe(listener),
        },
        policies: store.hostRetention,
        clock,
        options: this.options,
        logger,
      });
    this.#ingest?.start().catch((error: unknown) => {
      logger('error', 'log ingest could not start', { error: String(error) });
    });
    this.#links = new AgentLinks({
      clock,
      options: this.options,
      authenticator: new HelloAuthenticator(store, clock, this.options.heartbeatSeconds),
      managerKey,
      registry: this.#registry,
      fleet: this.#fleet,
      topics: this.#topics,
      lastSeen: this.#lastSeen,
      counters: this.#counters,
      audit: (entry) => this.#audit(entry),
    });
    this.#agentDirectory = {
      liveById: (id) => this.#registry.get(id)?.agent,
      liveByName: (name) => this.#registry.byName(name)?.agent,
      stored: store.agents,
    };
    this.#actions = {
      resolveAgent: (ref, principal) => this.resolveAgent(ref, principal),
      containers: this.#containers,
      request: (agentId, subject, data) =>
        this.request(agentId, subject as `container.${ContainerAction}`, data),
      applied: (agentId, result) => this.#fleet.containerState(agentId, result.id, result.state),
      audit: (entry) => this.#audit(entry),
    };
  }

  /** An agent socket was accepted; feed its frames and its close into the returned handler. */
  agentConnected(conn: Connection): ConnectionHandler {
    if (this.#closing) return this.#refuse(conn);
    return this.#links.connect(conn);
  }

  /**
   * A viewer socket, already authenticated by the adapter as `principal`. The adapter tells the
   * returned handler when the user's rights change (`reauthorized`).
   */
  viewerConnected(conn: Connection, principal: Principal): ViewerHandler {
    if (this.#closing) return this.#refuse(conn);
    const session = new ViewerSession(conn, principal, {
      resolveAgent: (ref, as) => this.resolveAgent(ref, as),
      containers: this.#containers,
      topics: this.#topics,
      maxSubscriptions: this.options.maxSubscriptionsPerViewer,
      logger: this.options.logger,
      closed: (closed) => this.#viewers.delete(closed),
    });
    this.#viewers.add(session);
    return session;
  }

  /**
   * Takes over an agent socket its runtime kept open while it dropped the hub's memory (a Durable
   * Object woken from hibernation), as its `AgentMemo` describes it: welcomed again without a
   * hello, and every topic with subscribers asks the agent for its stream from the stored cursor
   * (the agent replaces the follow it has; the topic drops the lines it repeats). An agent revoked
   * or removed meanwhile is closed instead. `heardAt`: when the agent was last heard.
   */
  async resumeAgent(conn: Connection, memo: AgentMemo, heardAt: number): Promise<ConnectionHandler> {
    if (this.#closing) return this.#refuse(conn);
    const record = await this.#store.agents.byId(memo.agentId);
    if (!record || record.revokedAt !== null) {
      closeConnection(conn, CLOSE_CODES.revoked, 'agent revoked');
      return IGNORE;
    }
    const software = { protocol: memo.protocol, agentVersion: memo.agentVersion };
    return this.#links.resume(conn, resumedWelcome(record, software, this.options.heartbeatSeconds), heardAt);
  }

  /**
   * Takes over a viewer socket kept the same way (see `resumeAgent`): its subscriptions go on
   * from where their topics are. `principal`: the user as the adapter authenticated it again.
   */
  async resumeViewer(conn: Connection, principal: Principal, memo: ViewerMemo): Promise<ViewerHandler> {
    const session = this.viewerConnected(conn, principal);
    if (session instanceof ViewerSession) await session.resume(memo.subs);
    return session;
  }

  /** Asks an online agent; the result is validated against the protocol before it is returned. */
  request<S extends AgentRequestSubject>(
    agentId: string,
    subject: S,
    data: DataOf<S>,
    options: { timeoutMs?: number } = {},
  ): Promise<ResultOf<S>> {
    const session = this.#registry.get(agentId);
    if (!session)
      return Promise.reject(new ProtocolError('agent_offline', `agent ${agentId} is not connected`));
    return session.request(subject, data, options.timeoutMs ?? defaultTimeoutMs(subject, data));
  }

  /**
   * Every agent not revoked, online or not, with what is known of it live; given a user, only
   * the agents that user may see.
   */
  async listAgents(principal?: Principal): Promise<AgentView[]> {
    const records = await this.#store.agents.list();
    return records
      .filter((record) => record.revokedAt === null && (!principal || canSee(principal, record.id)))
      .map((record) => this.#fleet.view(record));
  }

  /**
   * The cached containers of one agent or of all, as last reported (offline agents' included);
   * given a user, only those of agents that user may see.
   */
  listContainers(agentId?: string, principal?: Principal): ContainerView[] {
    const containers = this.#fleet.containers(agentId);
    if (!principal) return containers;
    return containers.filter((container) => canSee(principal, container.agentId));
  }

  /**
   * An agent by id or name (revoked agents are not found); see `resolveAgentRef`. Given a user,
   * an agent that user may not see is not found either, with the very answer of an unknown one.
   */
  async resolveAgent(ref: string, principal?: Principal): Promise<AgentView> {
    const agent = this.#fleet.view(await resolveAgentRef(this.#agentDirectory, ref));
    if (principal && !canSee(principal, agent.id)) throw new ProtocolError('not_found', `no agent "${ref}"`);
    return agent;
  }

  /** A container of the agent's cache, as it is now, by full id, name or unique id prefix (4+ characters). */
  resolveContainer(agentId: string, ref: string): ContainerSummary {
    return this.#containers.cached(agentId, ref);
  }

  /**
   * The containers that held one identity on an agent, oldest first (see `identityGenerations`).
   * Given a user, an agent that user may not see is not found.
   */
  async containerGenerations(
    agentRef: string,
    query: IdentityQuery,
    principal?: Principal,
  ): Promise<ContainerGenerationsResponse> {
    const agent = await this.resolveAgent(agentRef, principal);
    const deps = {
      store: this.#store.containerGenerations,
      cached: (agentId: string, ref: string) => this.#containers.cached(agentId, ref),
      settled: () => this.#generations.settled(),
    };
    return identityGenerations(deps, agent.id, query);
  }

  /** The id a container reference stands for on `agent`; `mode` says what an unknown one means. */
  resolveContainerId(agent: AgentRef, ref: string, mode: ResolveMode): Promise<string> {
    return this.#containers.resolve(agent, ref, mode);
  }

  /**
   * Starts, stops or restarts a container for a user: operators and admins of its host only,
   * every attempt audited. A name asked for right after a manager restart waits for the agent's
   * first list.
   */
  containerAction(
    principal: Principal,
    agentRef: string,
    containerRef: string,
    action: ContainerAction,
    options: ContainerActionOptions = {},
  ): Promise<ContainerActionResult> {
    return runContainerAction(this.#actions, principal, agentRef, containerRef, action, options);
  }

  /** A one-time token an agent joins with; its lifetime is bounded by `maxJoinTokenTtlMs`. Audited. */
  async createJoinToken(request: JoinTokenRequest): Promise<CreatedJoinToken> {
    const limits = { defaultTtlMs: this.options.joinTokenTtlMs, maxTtlMs: this.options.maxJoinTokenTtlMs };
    const created = await createJoinToken(this.#store, this.#clock.now(), limits, request);
    await this.#audit({
      // The manager's own local agent is enrolled by the manager itself, not by a user.
      actor: request.createdBy === 'system' ? 'system' : `user:${request.createdBy}`,
      actorName: request.createdByName ?? null,
      source: request.source ?? null,
      action: 'join_token.create',
      target: `join_token:${created.id}`,
      outcome: 'ok',
      detail: { expiresAt: created.expiresAt, ...(request.name === undefined ? {} : { name: request.name }) },
    });
    return created;
  }

  /**
   * Revokes an agent's credential, drops its live connection at once, and deletes its grants;
   * `source` is the client's address.
   */
  async revokeAgent(agentId: string, actor: Principal, source?: string): Promise<boolean> {
    const revoked = await this.#store.agents.revoke(agentId, this.#clock.now());
    if (revoked) {
      await this.#store.grants.deleteForAgent(agentId);
      this.#registry.get(agentId)?.terminate(CLOSE_CODES.revoked, 'agent revoked');
      this.#topics.agentRemoved(agentId, 'agent revoked');
      this.#fleet.forget(agentId);
    }
    await this.#audit({
      ...auditActorOf(actor),
      source: source ?? null,
      action: 'agent.revoke',
      target: `agent:${agentId}`,
      outcome: revoked ? 'ok' : 'error',
      ...(revoked ? {} : { detail: { code: 'not_found' } }),
    });
    return revoked;
  }

  /** Fleet changes as they happen; returns the unsubscribe function. */
  subscribeFleet(listener: FleetListener): () => void {
    return this.#fleet.subscribe(listener);
  }

  /**
   * Starts a one-shot read of stored logs, driven by its consumer (see `LogRead`): batches go to
   * `onEntries`, and the agent sends more only as the consumer grants credit. Given a user, an
   * agent that user may not see is not found.
   */
  async readLogs(
    agentRef: string,
    containerRef: string,
    options: ReadLogsOptions,
    onEntries: (entries: ReadLogsEntries) => void,
    principal?: Principal,
  ): Promise<LogRead> {
    const agent = await this.resolveAgent(agentRef, principal);
    const session = this.#registry.get(agent.id);
    if (!session) throw new ProtocolError('agent_offline', `agent ${agent.name} is not connected`);
    const container = await this.#containers.resolve(agent, containerRef, 'passUnknown');
    refuseOverBudget(this.#budget, 'log reads');
    const limits = {
      maxReadsPerAgent: this.options.maxReadsPerAgent,
      windowBytes: this.options.logReadWindowBytes,
      idleMs: this.options.logReadIdleMs,
    };
    return readLogs(
      session,
      container,
      options,
      onEntries,
      limits,
      this.#readSlots,
      this.#clock,
      this.#counters,
    );
  }

  /**
   * The retention policy of every host with one of its own, and the manager's; undefined
   * without a log store.
   */
  async retentionPolicies(): Promise<{ retain: RetentionPolicy; hosts: HostRetentionRecord[] } | undefined> {
    if (!this.#ingest) return undefined;
    return { retain: this.options.retain, hosts: await this.#ingest.hostPolicies() };
  }

  /**
   * Sets (or with null removes) a host's own retention policy, applied at once; audited. Fails
   * with `unavailable` without a log store. Returns false when there was no policy to remove.
   */
  async setHostRetention(
    agentRef: string,
    policy: RetentionPolicy | null,
    actor: Principal,
    source?: string,
  ): Promise<boolean> {
    const ingest = this.#ingest;
    if (!ingest) throw new ProtocolError('not_found', 'this manager keeps no logs');
    const agent = await this.resolveAgent(agentRef, actor);
    const changed = await ingest.setHostPolicy(agent.id, policy);
    await this.#audit({
      ...auditActorOf(actor),
      source: source ?? null,
      action: 'agent.retention',
      target: `agent:${agent.id}`,
      outcome: 'ok',
      detail: { policy },
    });
    return changed;
  }

  /** What the ingest into the log store is doing, for metrics; undefined without a log store. */
  ingestStats(): LogIngestStats | undefined {
    return this.#ingest?.stats();
  }

  /** The log store's size and lag, for metrics and status; undefined without a log store. */
  async logStoreStats(): Promise<LogStoreStats | undefined> {
    return this.#logStore?.stats();
  }

  /** Stored-log reads open now, over every agent. */
  get openReads(): number {
    return this.#readSlots.open;
  }

  /**
   * A snapshot for metrics and status: what the hub holds now (read by walking its sessions and
   * topics, so meant for a scrape, not a hot path) and what it has counted since it started.
   */
  stats(): HubStats {
    const agents = this.#links.online();
    return {
      agentsOnline: agents.online,
      agentsOutdated: agents.outdated,
      viewers: this.#viewers.size,
      readsOpen: this.#readSlots.open,
      ...this.#topics.stats(),
      ...this.#counters.snapshot(),
    };
  }

  /**
   * The memory budget, what holds it now by kind (sampled afresh) and what was shed so far, for
   * a metrics endpoint.
   */
  memory(): MemoryReport {
    return this.#budget.report();
  }

  /** Writes every cursor, closes every socket with 1001 and clears every timer. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#ingest?.close();
    const cursorsWritten = this.#topics.close();
    for (const viewer of [...this.#viewers]) {
      closeConnection(viewer.conn, CLOSE_CODES.goingAway, SHUTTING_DOWN);
      viewer.onClose();
    }
    this.#links.closeAll(CLOSE_CODES.goingAway, SHUTTING_DOWN);
    await cursorsWritten;
    await this.#lastSeen.idle();
    // The store closes after the hub: generation writes in flight must not find it closed.
    await this.#generations.settled();
  }

  #createBudget(): MemoryBudget {
    const { memoryBudgetBytes, memorySampleMs, logReadWindowBytes } = this.options;
    const budget = new MemoryBudget(
      memoryBudgetBytes,
      this.#clock,
      {
        // A read holds at most its window in the manager; counted whole, since it can fill any time.
        reads: () => this.#readSlots.open * logReadWindowBytes,
        pending: () => {
          let requests = 0;
          for (const session of this.#registry.all()) requests += session.pending.size;
          return requests * PENDING_REQUEST_BYTES;
        },
        sockets: () => {
          let bytes = 0;
          for (const viewer of this.#viewers) bytes += viewer.conn.bufferedAmount;
          return bytes;
        },
      },
      memorySampleMs,
    );
    budget.shedWith((excess) =>
      shedMemory(
        {
          budget,
          topics: () => this.#topics.all(),
          viewerSockets: () => [...this.#viewers].map((viewer) => viewer.conn),
          highWaterBytes: this.#viewerSocketAllowance(),
          closeViewer: (conn) => {
            if (this.#shedSockets.has(conn)) return false;
            this.#shedSockets.add(conn);
            closeConnection(conn, CLOSE_CODES.goingAway, OVER_BUDGET);
            return true;
          },
        },
        excess,
      ),
    );
    return budget;
  }

  #viewerSocketAllowance(): number {
    const { memoryBudgetBytes, viewerHighWaterBytes } = this.options;
    return viewerSocketAllowance(memoryBudgetBytes, viewerHighWaterBytes, this.#viewers.size);
  }

  #refuse(conn: Connection): ViewerHandler {
    closeConnection(conn, CLOSE_CODES.goingAway, SHUTTING_DOWN);
    return IGNORE;
  }

  #audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.#store.audit, this.#clock, this.options.logger, entry);
  }
}
