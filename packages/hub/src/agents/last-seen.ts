import type { HubLogger } from '../logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { AgentStore } from '../ports/store.ts';

/**
 * Writes `lastSeenAt` to the store at most once per agent per interval while it talks, and once
 * when it leaves. Every frame counts as a sign of life, so writing on each would turn log
 * traffic into store traffic. The map holds one number per online agent.
 */
export class LastSeenWriter {
  readonly #agents: AgentStore;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #logger: HubLogger;
  readonly #lastWrite = new Map<string, number>();
  // Writes under way, so shutdown can wait for them; one per agent at most in practice.
  readonly #writing = new Set<Promise<void>>();

  constructor(agents: AgentStore, clock: Clock, intervalMs: number, logger: HubLogger) {
    this.#agents = agents;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#logger = logger;
  }

  /** The agent was just written (at its hello); start the interval from now. */
  written(agentId: string): void {
    this.#lastWrite.set(agentId, this.#clock.now());
  }

  seen(agentId: string): void {
    const now = this.#clock.now();
    const last = this.#lastWrite.get(agentId);
    if (last !== undefined && now - last < this.#intervalMs) return;
    this.#lastWrite.set(agentId, now);
    void this.#write(agentId, now);
  }

  /** The agent left: one last write, then forget it. */
  left(agentId: string): Promise<void> {
    this.#lastWrite.delete(agentId);
    return this.#write(agentId, this.#clock.now());
  }

  /** Resolves once every write started so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.#writing]);
  }

  #write(agentId: string, at: number): Promise<void> {
    const write = this.#agents.touch(agentId, at).catch((error: unknown) => {
      this.#logger('warn', 'could not record when an agent was last seen', { agentId, error: String(error) });
    });
    this.#writing.add(write);
    void write.then(() => this.#writing.delete(write));
    return write;
  }
}
