import { readdirSync, readFileSync } from 'node:fs';
import { startLocalCloudflare } from '@bosun/cloudflare/local';
import { DEFAULT_HUB_OPTIONS, type HubOptions } from '@bosun/hub';
import { BENCH_ADMIN_PASSWORD } from './manager-process.ts';
import type { BedManager } from './stream-bed.ts';

/** The hub's bounds that are numbers (most of them). */
type NumericHubOption = {
  [K in keyof HubOptions]: HubOptions[K] extends number ? K : never;
}[keyof HubOptions];

function isNumericHubOption(key: string): key is NumericHubOption {
  return typeof (DEFAULT_HUB_OPTIONS as unknown as Record<string, unknown>)[key] === 'number';
}

/**
 * Hub bounds from a JSON object of numbers (`{"fanOutFramesPerSecond":5000}`), for trying the
 * workerd manager with other bounds; undefined for no text, and an error for anything else.
 */
export function numericHubOptions(
  text: string | undefined,
): Partial<Pick<HubOptions, NumericHubOption>> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`hub options ${text}: expected a JSON object`);
  const options: Partial<Pick<HubOptions, NumericHubOption>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!isNumericHubOption(key) || typeof value !== 'number')
      throw new Error(`hub options ${text}: ${key} is not a numeric hub bound`);
    options[key] = value;
  }
  return options;
}

/** This process's children running `workerd`, by pid. */
function workerdChildren(): Set<number> {
  const found = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'workerd')
        found.add(Number(entry));
    } catch {
      // Gone between the listing and the read: not ours to measure.
    }
  }
  return found;
}

/**
 * The Cloudflare manager (the Worker, its Durable Object and D1) in a local workerd through
 * Miniflare's API, in memory, on a free loopback port, its first admin `admin` with the bench's
 * password. `pid` is the workerd process Miniflare spawns: the Worker, the object and D1 all run
 * in it, so its CPU and memory are the manager's, as the Node manager's process is.
 */
export async function startWorkerdManager(
  hubOptions?: Partial<Omit<HubOptions, 'logger'>>,
): Promise<BedManager> {
  const before = workerdChildren();
  const local = await startLocalCloudflare({
    listen: '127.0.0.1:0',
    adminPassword: BENCH_ADMIN_PASSWORD,
    logLevel: 'warn',
    ...(hubOptions ? { hubOptions } : {}),
  });
  const started = [...workerdChildren()].filter((pid) => !before.has(pid));
  if (started.length !== 1) {
    await local.close();
    throw new Error(`expected one new workerd process, found ${started.length}`);
  }
  return { url: local.url, pid: started[0]!, cleanup: () => local.close() };
}
