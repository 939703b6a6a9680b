import { fileURLToPath } from 'node:url';
import { type MessagePort, workerData } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';

/** What the test thread hands the host thread it starts. */
export type HostData = { port: MessagePort; signal: Int32Array };

/** One call of the store's method `method` on the object named `name`. */
export type HostCall = { name: string; method: string; args: unknown[] };

/** The answer to a call: its result, or the message of what it threw. */
export type HostAnswer = { ok: true; value: unknown } | { ok: false; message: string };

// This thread runs workerd through Miniflare and answers the test thread's calls one at a time,
// in the order sent; it wakes the test thread, which waits blocked on `signal`, after each.
const { port, signal } = workerData as HostData;
const entry = fileURLToPath(new URL('./log-store-worker.ts', import.meta.url));

const bundle = await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  external: ['cloudflare:workers'],
  logLevel: 'silent',
});
const mf = new Miniflare(
  convertV4MiniflareOptions({
    host: '127.0.0.1',
    port: 0,
    cf: false,
    workers: [
      {
        name: 'log-store',
        modules: true,
        script: bundle.outputFiles[0]?.text ?? '',
        compatibilityDate: '2026-11-01',
        durableObjects: { LOG_STORE: { className: 'LogStoreObject', useSQLite: true } },
      },
    ],
  }),
);
await mf.ready;
const namespace = await mf.getDurableObjectNamespace('LOG_STORE');

let chain = Promise.resolve();
port.on('message', (message: HostCall | 'dispose') => {
  chain = chain.then(async () => {
    if (message === 'dispose') {
      await mf.dispose();
      port.close();
      return;
    }
    answer(await call(message));
  });
});
answer({ ok: true, value: 'ready' });

async function call({ name, method, args }: HostCall): Promise<HostAnswer> {
  const stub = namespace.get(namespace.idFromName(name)) as unknown as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  try {
    return { ok: true, value: plain(await stub[method]?.(...args)) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function answer(value: HostAnswer): void {
  try {
    port.postMessage(value);
  } catch (err) {
    // An answer that cannot cross threads is still an answer: the test thread must not wait on.
    port.postMessage({ ok: false, message: `answer not transferable: ${String(err)}` } satisfies HostAnswer);
  }
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

// What Miniflare's proxy gives back is not structured-cloneable as it is: a copy of its data is.
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, plain(field)]));
}
