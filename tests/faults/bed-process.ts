import type { ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { type HeapFigures, inspectorUrl, probeHeap } from '../kit/heap-probe.ts';
import { type CliResult, type WatchedChild, waitFor, watchChild } from '../kit/index.ts';

const START_TIMEOUT_MS = 30_000;
const logRecordSchema = z.object({ msg: z.string() });

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A manager or agent process of the bed, started with its inspector open. */
export class BedProcess {
  readonly #watched: WatchedChild;
  readonly pid: number;
  readonly inspector: string;

  private constructor(watched: WatchedChild, pid: number, inspector: string) {
    this.#watched = watched;
    this.pid = pid;
    this.inspector = inspector;
  }

  /**
   * Watches `child` (spawned with the inspector flag) until its inspector listens; the process is
   * killed if the test process exits first.
   */
  static async adopt(child: ChildProcess, what: string): Promise<BedProcess> {
    const watched = watchChild(child);
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${what} did not start`);
    live.add(child);
    child.once('exit', () => live.delete(child));
    let exited = false;
    void watched.done.then(() => {
      exited = true;
    });
    const inspector = await waitFor(
      () => {
        if (exited) throw new Error(`${what} exited while starting: ${watched.stderr().slice(-2000)}`);
        return inspectorUrl(watched.stderr());
      },
      { timeoutMs: START_TIMEOUT_MS, what: `the inspector of ${what}`, detail: watched.stderr },
    );
    return new BedProcess(watched, pid, inspector);
  }

  stdout(): string {
    return this.#watched.stdout();
  }

  stderr(): string {
    return this.#watched.stderr();
  }

  /** Log records (pino's JSON lines on stderr) whose message is `msg` (or matches it). */
  logged(msg: string | RegExp): number {
    let count = 0;
    for (const line of this.stderr().split('\n')) {
      if (!line.startsWith('{')) continue;
      const record = logRecordSchema.safeParse(JSON.parse(line));
      if (!record.success) continue;
      if (typeof msg === 'string' ? record.data.msg === msg : msg.test(record.data.msg)) count += 1;
    }
    return count;
  }

  heap(): Promise<HeapFigures> {
    return probeHeap(this.inspector, this.pid);
  }

  /** kill -9, and the exit. */
  kill(): Promise<CliResult> {
    this.#watched.child.kill('SIGKILL');
    return this.#watched.done;
  }

  /** SIGTERM (the graceful way), and the exit. */
  stop(): Promise<CliResult> {
    this.#watched.child.kill('SIGTERM');
    return this.#watched.done;
  }
}
