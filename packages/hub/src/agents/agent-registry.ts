import type { AgentSession } from './agent-session.ts';

/**
 * The one live, authenticated session per agent. A newer session with the same credential takes
 * over only once it has authenticated; the caller closes the one it displaced.
 */
export class AgentRegistry {
  readonly #sessions = new Map<string, AgentSession>();

  /** Makes `session` current for its agent; returns the session it displaced, if any. */
  attach(session: AgentSession): AgentSession | undefined {
    const id = session.agent?.id;
    if (id === undefined) throw new Error('only a welcomed session can be attached');
    const previous = this.#sessions.get(id);
    this.#sessions.set(id, session);
    return previous === session ? undefined : previous;
  }

  /** Forgets `session` if it is still current; false when a newer one already replaced it. */
  detach(session: AgentSession): boolean {
    const id = session.agent?.id;
    if (id === undefined || this.#sessions.get(id) !== session) return false;
    this.#sessions.delete(id);
    return true;
  }

  get(agentId: string): AgentSession | undefined {
    return this.#sessions.get(agentId);
  }

  byName(name: string): AgentSession | undefined {
    for (const session of this.#sessions.values()) if (session.agent?.name === name) return session;
    return undefined;
  }

  isOnline(agentId: string): boolean {
    return this.#sessions.has(agentId);
  }

  all(): AgentSession[] {
    return [...this.#sessions.values()];
  }
}
