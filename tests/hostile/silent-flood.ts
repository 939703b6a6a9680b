import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { waitFor } from '../kit/index.ts';

const LOAD_SCRIPT = fileURLToPath(new URL('./silent-load.ts', import.meta.url));
const connectedSchema = z.object({
  event: z.literal('connected'),
  connected: z.number(),
  failed: z.number(),
});
const timedOutSchema = z.object({ event: z.literal('timedOut') });
const doneSchema = z.object({
  event: z.literal('done'),
  sockets: z.number(),
  statuses: z.record(z.string(), z.number()),
  acceptedBy: z.record(z.string(), z.number()),
  toldToGo: z.number(),
});
/** What one load process saw of its sockets. */
export type LoadReport = z.output<typeof doneSchema>;

/** File descriptors `pid` holds now. */
export function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

type Load = { child: ChildProcess; lines: unknown[]; stderr: string[] };

/**
 * Sockets that never say hello, from load processes of their own (each sending from its own
 * loopback addresses, 127.0.0.x), in two steps: all connected first (the manager holds every one
 * at once), then each sends its WebSocket upgrade to /ws/agent and stays silent.
 */
export class SilentFlood {
  readonly #loads: Load[];

  private constructor(loads: Load[]) {
    this.#loads = loads;
  }

  /** `total` sockets from `processes` load processes, each with `addressesEach` source addresses. */
  static start(port: number, total: number, processes: number, addressesEach: number): SilentFlood {
    const loads: Load[] = [];
    for (let p = 0; p < processes; p++) {
      const addresses = Array.from(
        { length: addressesEach },
        (_, a) => `127.0.0.${10 + p * addressesEach + a}`,
      );
      const child = spawn(
        process.execPath,
        [LOAD_SCRIPT, String(port), addresses.join(','), String(Math.ceil(total / processes))],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      const load: Load = { child, lines: [], stderr: [] };
      createInterface({ input: child.stdout }).on('line', (line) => load.lines.push(JSON.parse(line)));
      child.stderr.on('data', (chunk: Buffer) => load.stderr.push(chunk.toString('utf8')));
      loads.push(load);
    }
    return new SilentFlood(loads);
  }

  /** Waits until every load process has connected its sockets; how many are connected in all. */
  async connected(timeoutMs = 60_000): Promise<number> {
    const reports = await waitFor(
      () => {
        const found = this.#loads.map(
          (l) => l.lines.map((x) => connectedSchema.safeParse(x)).find((r) => r.success)?.data,
        );
        return found.every((r) => r !== undefined) ? found : undefined;
      },
      { timeoutMs, what: 'the load processes to connect their sockets', detail: () => this.#stderr() },
    );
    return reports.reduce((sum, r) => sum + (r?.connected ?? 0), 0);
  }

  /**
   * Whether the manager has begun closing sockets for their silence (408 at its headers
   * timeout): on a busy machine that can come before it has accepted the last of them.
   */
  silenceTimeoutsBegan(): boolean {
    return this.#loads.some((l) => l.lines.some((x) => timedOutSchema.safeParse(x).success));
  }

  /** Every socket sends its upgrade to /ws/agent, then nothing. */
  upgrade(): void {
    for (const load of this.#loads) load.child.stdin?.write('upgrade\n');
  }

  /** Waits until the manager has closed every socket; what each load process saw. */
  async done(timeoutMs: number): Promise<LoadReport[]> {
    return waitFor(
      () => {
        const found = this.#loads.map(
          (l) => l.lines.map((x) => doneSchema.safeParse(x)).find((r) => r.success)?.data,
        );
        return found.every((r) => r !== undefined) ? (found as LoadReport[]) : undefined;
      },
      {
        timeoutMs,
        intervalMs: 250,
        what: 'the manager to close every silent socket',
        detail: () => this.#stderr(),
      },
    );
  }

  /** Ends the load processes (after a test that failed before they finished). */
  stop(): void {
    for (const load of this.#loads) if (load.child.exitCode === null) load.child.kill('SIGKILL');
  }

  #stderr(): string {
    return this.#loads
      .map((l) => l.stderr.join(''))
      .join('\n')
      .slice(-2000);
  }
}
