import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubOptions } from '@bosun/hub';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { OBJECT_STARTED } from '../src/object-started.ts';
import { buildWorker } from './build-worker.ts';

/** How to run the Cloudflare manager locally (`startLocalCloudflare`); every field is optional. */
export type LocalCloudflareOptions = {
  /** `host:port` to listen on (default 127.0.0.1:8787); port 0 picks a free one. */
  listen?: string;
  /** The first admin's password, used on the very first start only. */
  adminPassword?: string;
  /** Where D1 and the object's storage persist between starts; in memory when absent. */
  persistDir?: string;
  /** The built web UI (default: packages/web/dist when it exists). */
  webDir?: string;
  /** The manager's URL as others reach it. */
  publicUrl?: string;
  /** Hub bounds to change (tests shorten heartbeats and lingers). */
  hubOptions?: Partial<Omit<HubOptions, 'logger'>>;
  /** `debug`, `info` (default), `warn` or `error`: what the Worker logs. */
  logLevel?: string;
  /** Where the Worker's log lines go (default: this process's stdout). */
  onLog?: (line: string) => void;
};

/** A running local Cloudflare manager. */
export type LocalCloudflare = {
  /** The URL it answers on, e.g. http://127.0.0.1:8787. */
  url: string;
  /** The Miniflare instance, for tests that read bindings (D1) directly. */
  miniflare: Miniflare;
  /**
   * How many times the manager object has started: its first start, and each time it was woken
   * after hibernation or eviction (counted from its log, so asking does not wake it).
   */
  objectStarts(): number;
  close(): Promise<void>;
};

const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** The compatibility date wrangler.jsonc names too. */
export const COMPATIBILITY_DATE = '2026-11-01';

function parseListen(listen: string): { host: string; port: number } {
  const match = /^(.*):(\d{1,5})$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65_535) throw new Error(`cannot listen on ${listen}: expected host:port`);
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * The Worker, its Durable Object and a local D1 in workerd through Miniflare's API: what
 * `npm run dev:cloudflare`, the contract suite and the bench run. Offline: nothing is fetched.
 */
export async function startLocalCloudflare(options: LocalCloudflareOptions = {}): Promise<LocalCloudflare> {
  const { host, port } = parseListen(options.listen ?? '127.0.0.1:8787');
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const bindings: Record<string, string> = {};
  if (options.adminPassword !== undefined) bindings.BOSUN_ADMIN_PASSWORD = options.adminPassword;
  if (options.publicUrl !== undefined) bindings.BOSUN_PUBLIC_URL = options.publicUrl;
  if (options.hubOptions !== undefined) bindings.BOSUN_HUB_OPTIONS = JSON.stringify(options.hubOptions);
  if (options.logLevel !== undefined) bindings.BOSUN_LOG_LEVEL = options.logLevel;
  const persist = options.persistDir;
  const onLog = options.onLog ?? ((line: string) => process.stdout.write(`${line}\n`));
  let starts = 0;
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      host,
      port,
      cf: false,
      handleStructuredLogs: ({ message }) => {
        if (message.includes(`"msg":"${OBJECT_STARTED}"`)) starts += 1;
        onLog(message);
      },
      // Miniflare 5 keeps every binding's data under this one folder; its v4 option converter
      // drops v4's per-binding d1Persist and durableObjectsPersist without a word.
      ...(persist === undefined ? {} : { resourcePersistencePath: persist }),
      workers: [
        {
          name: 'bosun',
          modules: true,
          script: await buildWorker(),
          compatibilityDate: COMPATIBILITY_DATE,
          bindings,
          durableObjects: { MANAGER: { className: 'ManagerObject', useSQLite: true } },
          d1Databases: { DB: 'bosun' },
          ...(existsSync(join(webDir, 'index.html'))
            ? {
                assets: {
                  directory: webDir,
                  binding: 'ASSETS',
                  // As wrangler.jsonc's run_worker_first: the manager object serves every path.
                  routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
                  assetConfig: { not_found_handling: 'single-page-application' },
                },
              }
            : {}),
        },
      ],
    }),
  );
  const ready = await miniflare.ready;
  return {
    url: ready.origin,
    miniflare,
    objectStarts: () => starts,
    close: () => miniflare.dispose(),
  };
}
