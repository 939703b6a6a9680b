import WebSocket from 'ws';
import { z } from 'zod';
import { rssBytes } from './processes.ts';

/** The flag that opens a process's inspector on a free loopback port, for `probeHeap`. */
export const INSPECT_FLAG = '--inspect=127.0.0.1:0';

/** What a process holds: its V8 heap after a forced collection, and its resident set. */
export type HeapFigures = { heapBytes: number; rssBytes: number };

const CALL_TIMEOUT_MS = 15_000;
const LISTENING = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;

const devtoolsReplySchema = z.object({
  id: z.number(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ message: z.string() }).optional(),
});
const heapUsageSchema = z.object({ usedSize: z.number(), totalSize: z.number() });

/** The inspector's address, from what a process started with `INSPECT_FLAG` wrote to stderr. */
export function inspectorUrl(stderr: string): string | undefined {
  return LISTENING.exec(stderr)?.[1];
}

/**
 * Forces a full garbage collection in the process behind `url` (DevTools protocol:
 * `HeapProfiler.collectGarbage`), then reads its V8 heap (`Runtime.getHeapUsage`) and its RSS
 * from /proc. The collection runs twice: objects a first pass only finalizes are freed by the
 * second, so two probes of an unchanged process agree.
 */
export async function probeHeap(url: string, pid: number): Promise<HeapFigures> {
  const session = await DevtoolsSession.open(url);
  try {
    await session.call('HeapProfiler.collectGarbage');
    await session.call('HeapProfiler.collectGarbage');
    const usage = heapUsageSchema.parse(await session.call('Runtime.getHeapUsage'));
    const rss = rssBytes(pid);
    if (rss === undefined) throw new Error(`process ${pid} is gone: no RSS to read`);
    return { heapBytes: usage.usedSize, rssBytes: rss };
  } finally {
    session.close();
  }
}

/** One DevTools protocol connection: calls answered by id, each with a deadline. */
class DevtoolsSession {
  readonly #ws: WebSocket;
  readonly #waiting = new Map<number, (reply: z.output<typeof devtoolsReplySchema>) => void>();
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => {
      const reply = devtoolsReplySchema.safeParse(JSON.parse(data.toString('utf8')));
      // Events (no id we wait for) are not asked for and need no answer.
      if (!reply.success) return;
      this.#waiting.get(reply.data.id)?.(reply.data);
      this.#waiting.delete(reply.data.id);
    });
  }

  static open(url: string): Promise<DevtoolsSession> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { handshakeTimeout: CALL_TIMEOUT_MS });
      ws.once('open', () => resolve(new DevtoolsSession(ws)));
      ws.once('error', reject);
    });
  }

  call(method: string): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`${method}: no answer from the inspector in ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      this.#waiting.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result ?? {});
      });
      this.#ws.send(JSON.stringify({ id, method }));
    });
  }

  close(): void {
    this.#ws.close();
  }
}
