import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What the status file holds, for health checks outside the agent's process (the container
 * image's `agent-health.mjs`): whether the link to the manager is up, since when the manager last
 * answered, and until when that answer may be trusted. A connected status past `validUntil` means
 * the agent stopped refreshing it (hung), which a health check counts as not connected.
 */
export type LinkStatus = {
  connected: boolean;
  /** The manager's agent endpoint the agent dials. */
  manager: string;
  /** When this status was written (ISO 8601). */
  at: string;
  /** Connected only: past this instant (ISO 8601), the status is stale. */
  validUntil?: string;
};

// Three heartbeats: the link itself drops a manager silent for two, so a status older than three
// means the agent no longer writes it, not that the manager is slow.
const VALID_HEARTBEATS = 3;

/**
 * The agent's link status on disk, rewritten when the link comes up, each time the manager
 * answers a heartbeat, and when the link goes down. Each write replaces the file atomically (temp
 * file, rename), so a reader sees the old status or the new one, never half of one; writes run
 * one after another, so an older status never lands after a newer one. A failed write is logged,
 * never thrown: the status is for onlookers and must not stop the agent.
 */
export class LinkStatusFile {
  readonly #path: string;
  readonly #manager: string;
  readonly #log: (msg: string, fields: Record<string, unknown>) => void;
  #writes: Promise<void> = Promise.resolve();
  readonly #now: () => number;
  #heartbeatSeconds: number | undefined;

  /** `log` hears of failed writes; `now` is the clock (tests pass their own). */
  constructor(
    path: string,
    manager: string,
    log: (msg: string, fields: Record<string, unknown>) => void,
    now: () => number = Date.now,
  ) {
    this.#now = now;
    this.#path = path;
    this.#manager = manager;
    this.#log = log;
  }

  /** The link is up, with the manager's heartbeat interval. */
  connected(heartbeatSeconds: number): Promise<void> {
    this.#heartbeatSeconds = heartbeatSeconds;
    return this.#writeConnected();
  }

  /** The manager answered a heartbeat: the connected status is good for three more. */
  answered(): Promise<void> {
    return this.#heartbeatSeconds === undefined ? this.#writes : this.#writeConnected();
  }

  /** The link is down (or not up yet). */
  disconnected(): Promise<void> {
    this.#heartbeatSeconds = undefined;
    return this.#write({ connected: false, manager: this.#manager, at: new Date(this.#now()).toISOString() });
  }

  #writeConnected(): Promise<void> {
    const now = this.#now();
    const validMs = VALID_HEARTBEATS * Math.max(1, this.#heartbeatSeconds ?? 0) * 1000;
    return this.#write({
      connected: true,
      manager: this.#manager,
      at: new Date(now).toISOString(),
      validUntil: new Date(now + validMs).toISOString(),
    });
  }

  /** Resolves once every status asked for so far is on disk (or its write has failed and been logged). */
  settled(): Promise<void> {
    return this.#writes;
  }

  #write(status: LinkStatus): Promise<void> {
    this.#writes = this.#writes.then(async () => {
      const tmp = `${this.#path}.tmp`;
      try {
        await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
        await writeFile(tmp, `${JSON.stringify(status)}\n`);
        await rename(tmp, this.#path);
      } catch (error) {
        this.#log('cannot write the link status file', { path: this.#path, err: (error as Error).message });
      }
    });
    return this.#writes;
  }
}
