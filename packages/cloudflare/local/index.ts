export { buildWorker, WORKER_ENTRY } from './build-worker.ts';
export {
  COMPATIBILITY_DATE,
  type LocalCloudflare,
  type LocalCloudflareOptions,
  startLocalCloudflare,
} from './start-local.ts';
