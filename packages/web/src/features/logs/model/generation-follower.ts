import type { ContainerGenerationsResponse, ContainerGenerationView } from '@bosun/protocol';
import type { SourceKey } from './log-types.ts';

/** How the follower asks the manager and keeps time; tests pass their own. */
export type GenerationFollowerOptions = {
  /** `GET /api/agents/:agent/generations?container=…`: the identity a container held, with its generations. */
  generations(agent: string, containerId: string): Promise<ContainerGenerationsResponse>;
  /** Told once per new generation of a source's identity, in order. */
  found(source: SourceKey, generation: ContainerGenerationView): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
};

// A recreation shows up within a second or two; a container removed for good is asked about less
// and less often, so a view left open on it costs the manager one request every half minute.
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 30_000;

type Watch = { agent: string; containerId: string; timer: unknown; delayMs: number };

/**
 * Watches the sources whose container was removed for the next container of the same identity
 * (a `docker compose up` recreation, or `docker rm` then `docker run --name`), so the view goes on
 * with it. One watch per ended source at most; a failed request is asked again like an empty answer.
 */
export class GenerationFollower {
  readonly #options: GenerationFollowerOptions;
  readonly #watches = new Map<SourceKey, Watch>();
  #disposed = false;

  constructor(options: GenerationFollowerOptions) {
    this.#options = options;
  }

  /** The source's container (`containerId`, on `agent`) was removed: look for its successor. */
  removed(source: SourceKey, agent: string, containerId: string): void {
    if (this.#disposed) return;
    this.#stop(source);
    const watch: Watch = { agent, containerId, timer: undefined, delayMs: FIRST_POLL_MS };
    this.#watches.set(source, watch);
    void this.#poll(source, watch);
  }

  /** Stops every watch. */
  dispose(): void {
    this.#disposed = true;
    for (const source of [...this.#watches.keys()]) this.#stop(source);
  }

  async #poll(source: SourceKey, watch: Watch): Promise<void> {
    const answer = await this.#options.generations(watch.agent, watch.containerId).catch(() => undefined);
    if (this.#watches.get(source) !== watch) return;
    const current = answer?.generations.find((g) => g.containerId === watch.containerId);
    // Several recreations while nobody looked: the newest is the one to follow.
    const next = current && answer?.generations.findLast((g) => g.generation > current.generation);
    if (next) {
      this.#watches.delete(source);
      this.#options.found(source, next);
      return;
    }
    watch.timer = this.#options.setTimer(() => void this.#poll(source, watch), watch.delayMs);
    watch.delayMs = Math.min(watch.delayMs * 2, MAX_POLL_MS);
  }

  #stop(source: SourceKey): void {
    const watch = this.#watches.get(source);
    if (watch?.timer !== undefined) this.#options.clearTimer(watch.timer);
    this.#watches.delete(source);
  }
}
