import { startLocalCloudflare } from '@bosun/cloudflare/local';
import { ADMIN_PASSWORD, startTestManager } from '../kit/test-manager.ts';

/**
 * A running manager as the contract suite sees it: an address, the first admin's password
 * (user `admin`), and a way to stop it and remove its data. Scenarios reach it over HTTP,
 * WebSocket and the `bosun` CLI only, so every runtime can stand behind this shape.
 */
export type ContractManager = { name: string; url: string; adminPassword: string; cleanup(): Promise<void> };

/** One way to run the manager that must keep the contract. */
export type ContractRuntime = { name: 'node' | 'workerd'; start(): Promise<ContractManager> };

/** The Node manager (`packages/server`) in the test process, on a free loopback port. */
const node: ContractRuntime = {
  name: 'node',
  start: async () => {
    const manager = await startTestManager();
    return { name: 'node', url: manager.url, adminPassword: ADMIN_PASSWORD, cleanup: manager.cleanup };
  },
};

/**
 * The Cloudflare manager (`packages/cloudflare`: the Worker, its Durable Object and D1) in a
 * local workerd through Miniflare's API, in memory, on a free loopback port.
 */
const workerd: ContractRuntime = {
  name: 'workerd',
  start: async () => {
    const manager = await startLocalCloudflare({ listen: '127.0.0.1:0', adminPassword: ADMIN_PASSWORD });
    return { name: 'workerd', url: manager.url, adminPassword: ADMIN_PASSWORD, cleanup: manager.close };
  },
};

/** Every runtime the contract suite runs against; each scenario file runs once per entry. */
export const CONTRACT_RUNTIMES: ContractRuntime[] = [node, workerd];
