import {
  type ContainerGenerationsResponse,
  type ContainerGenerationView,
  containerGenerationsResponseSchema,
} from '@bosun/protocol';
import type { ManagerClient } from './http-client.ts';

// A recreation (`docker compose up`) creates the next container within a second or two of
// removing the last; asking once a second finds it without loading the manager.
const POLL_MS = 1_000;

/**
 * The identity a followed container holds (its Compose service, else its name), so `bosun logs -f`
 * can go on with the next container that takes it. `current` is the generation being followed.
 */
export class GenerationWatch {
  readonly #client: () => ManagerClient;
  readonly #host: string;
  readonly identity: string;
  current: ContainerGenerationView;

  private constructor(
    client: () => ManagerClient,
    host: string,
    answer: ContainerGenerationsResponse,
    current: ContainerGenerationView,
  ) {
    this.#client = client;
    this.#host = host;
    this.identity = answer.identity;
    this.current = current;
  }

  /**
   * `client` is asked for a client at each request, so a follow that outlives its token uses the
   * renewed one. The watch for `container` on `host`, or undefined when the manager cannot say (a manager older
   * than identities answers 404, as it does for a container it never listed): the follow then ends
   * with its container, as before.
   */
  static async start(
    client: () => ManagerClient,
    host: string,
    container: string,
  ): Promise<GenerationWatch | undefined> {
    const answer = await client()
      .json(
        `/api/agents/${encodeURIComponent(host)}/generations?${new URLSearchParams({ container })}`,
        containerGenerationsResponseSchema,
      )
      .catch(() => undefined);
    const current =
      answer?.generations.find((g) => g.containerId === container) ??
      answer?.generations.find((g) => g.containerId.startsWith(container)) ??
      answer?.generations.findLast((g) => g.removedAt === null && g.name === container);
    return answer && current ? new GenerationWatch(client, host, answer, current) : undefined;
  }

  /**
   * Waits up to `waitMs` for a newer generation than `current` and makes the newest current
   * (several recreations while the follow looked away skip to the last); undefined when none came
   * in time or `signal` aborted.
   */
  async next(signal: AbortSignal, waitMs: number): Promise<ContainerGenerationView | undefined> {
    const deadline = Date.now() + waitMs;
    const path = `/api/agents/${encodeURIComponent(this.#host)}/generations?${new URLSearchParams({ identity: this.identity })}`;
    while (!signal.aborted) {
      // A failed poll (the manager restarting) is retried like an empty one: the follow waits on.
      const answer = await this.#client()
        .json(path, containerGenerationsResponseSchema)
        .catch(() => undefined);
      const newer = answer?.generations.findLast((g) => g.generation > this.current.generation);
      if (newer) {
        this.current = newer;
        return newer;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await pause(Math.min(POLL_MS, left), signal);
    }
    return undefined;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
