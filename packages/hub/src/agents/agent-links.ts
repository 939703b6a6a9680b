import { CLOSE_CODES, type CloseCode, isOutdatedAgent, unpackLogLines } from '@bosun/protocol';
import type { AuditEntry } from '../audit/append-audit.ts';
import type { FleetState } from '../fleet/fleet-state.ts';
import type { HubOptions } from '../hub-options.ts';
import type { LogTopics } from '../logs/log-topics.ts';
import type { Clock } from '../ports/clock.ts';
import type { Connection } from '../ports/connection.ts';
import type { ManagerKey } from '../ports/manager-key.ts';
import type { HubCounters } from '../stats/hub-counters.ts';
import type { HelloAuthenticator, Welcome } from './agent-hello.ts';
import type { AgentRegistry } from './agent-registry.ts';
import { type AgentPush, AgentSession, type AgentSessionHooks } from './agent-session.ts';
import type { LastSeenWriter } from './last-seen.ts';
import { proveManager } from './manager-proof.ts';
import { defaultTimeoutMs } from './request-timeouts.ts';

/** What the agent links need from the hub: the parts an agent's arrival, pushes and departure touch. */
export interface AgentLinksDeps {
  clock: Clock;
  options: HubOptions;
  authenticator: HelloAuthenticator;
  /** The manager's key, with which it proves itself to agents before they send a credential. */
  managerKey: ManagerKey;
  registry: AgentRegistry;
  fleet: FleetState;
  topics: LogTopics;
  lastSeen: LastSeenWriter;
  counters: HubCounters;
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * What happens around each agent connection: who is current, what the fleet and the log
 * topics learn when an agent arrives, speaks and leaves.
 */
export class AgentLinks implements AgentSessionHooks {
  readonly #deps: AgentLinksDeps;
  // Every agent socket, authenticated or not, so shutdown can close them all. As many as the
  // adapter accepts; an unauthenticated one leaves within the hello deadline.
  readonly #sockets = new Set<AgentSession>();

  constructor(deps: AgentLinksDeps) {
    this.#deps = deps;
  }

  /**
   * An agent socket the runtime kept while it dropped the hub's memory: welcomed again as
   * `welcome` says, without a hello (`AgentSession.resume`).
   */
  resume(conn: Connection, welcome: Welcome, heardAt: number): AgentSession {
    const session = this.connect(conn);
    session.resume(welcome, heardAt);
    return session;
  }

  connect(conn: Connection): AgentSession {
    const { options, clock } = this.#deps;
    const session = new AgentSession(conn, clock, this, {
      helloTimeoutMs: options.helloTimeoutMs,
      readyGraceMs: options.agentReadyGraceMs,
      silenceMs: options.agentSilenceMs,
      maxPending: options.maxPendingPerAgent,
      logger: options.logger,
      counters: this.#deps.counters,
    });
    this.#sockets.add(session);
    return session;
  }

  /** Agents with a live session, and those of them outdated: an older protocol or an older bosun. */
  online(): { online: number; outdated: number } {
    let online = 0;
    let outdated = 0;
    for (const session of this.#deps.registry.all()) {
      online += 1;
      if (isOutdatedAgent(session)) outdated += 1;
    }
    return { online, outdated };
  }

  closeAll(code: CloseCode, reason: string): void {
    for (const session of [...this.#sockets]) session.terminate(code, reason);
  }

  prove: AgentSessionHooks['prove'] = (request) => proveManager(this.#deps.managerKey, request);

  authenticate: AgentSessionHooks['authenticate'] = (hello) => this.#deps.authenticator.authenticate(hello);

  welcomed(session: AgentSession, welcome: Welcome): void {
    const { registry, fleet, topics, lastSeen, clock } = this.#deps;
    const record = welcome.record;
    if (welcome.joined) {
      void this.#deps.audit({
        actor: `agent:${record.id}`,
        actorName: record.name,
        source: session.conn.address ?? null,
        action: 'agent.join',
        target: `agent:${record.id}`,
        outcome: 'ok',
        detail: { name: record.name, hostname: record.host?.hostname },
      });
    }
    const replaced = registry.attach(session);
    if (replaced) {
      replaced.terminate(CLOSE_CODES.replaced, 'replaced by a newer connection');
      // The agent dropped its streams with its old link; they are asked for again once ready.
      topics.agentOffline(record.id);
    }
    lastSeen.written(record.id);
    fleet.online(record, welcome.software, clock.now());
  }

  ready(session: AgentSession): void {
    const id = session.agent?.id;
    if (id === undefined) return;
    void this.#refreshContainers(session, id);
    this.#deps.topics.agentOnline(id);
  }

  push(session: AgentSession, frame: AgentPush): void {
    const id = session.agent?.id;
    if (id === undefined) return;
    const { fleet, topics, lastSeen, clock, options } = this.#deps;
    fleet.seen(id, clock.now());
    lastSeen.seen(id);
    switch (frame.subject) {
      case 'docker.status':
        fleet.dockerStatus(id, frame.data);
        topics.dockerStatus(id, frame.data);
        return;
      case 'container.event':
        fleet.containerEvent(id, frame.data);
        return;
      case 'log.batch':
        topics.onBatch(id, frame.data);
        return;
      case 'log.batch.packed':
        topics.onBatch(id, { container: frame.data.container, entries: unpackLogLines(frame.data.lines) });
        return;
      case 'log.stream.error':
        topics.onStreamError(id, frame.data);
        return;
      case 'log.read.batch':
        // Batches of a read that already ended (cancelled, timed out) have nowhere to go.
        session.reads.get(frame.data.readId)?.batch(frame.data.entries);
        return;
      case 'log.read.batch.packed':
        session.reads.get(frame.data.readId)?.batch(unpackLogLines(frame.data.lines));
        return;
      case 'error':
        options.logger('warn', 'agent reported an error', { agentId: id, ...frame.data });
        return;
      default:
        // agent.heartbeat: being seen is all it is for.
        return;
    }
  }

  closed(session: AgentSession, wasWelcomed: boolean): void {
    this.#sockets.delete(session);
    const id = session.agent?.id;
    // A replaced session is no longer current: the newer one carries the agent on.
    if (!wasWelcomed || id === undefined || !this.#deps.registry.detach(session)) return;
    const { fleet, topics, lastSeen, clock } = this.#deps;
    fleet.offline(id, clock.now());
    void lastSeen.left(id);
    topics.agentOffline(id);
  }

  async #refreshContainers(session: AgentSession, agentId: string): Promise<void> {
    const { fleet, registry, options } = this.#deps;
    fleet.beginContainerList(agentId);
    try {
      const data = { all: true };
      const { containers } = await session.request(
        'container.list',
        data,
        defaultTimeoutMs('container.list', data),
      );
      if (registry.get(agentId) === session) fleet.containerList(agentId, containers);
    } catch (error) {
      fleet.abortContainerList(agentId);
      options.logger('warn', 'could not list an agent’s containers', { agentId, error: String(error) });
    }
  }
}
