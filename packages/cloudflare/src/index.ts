/** The Worker's entry (wrangler's `main`). */
export { default, ManagerObject } from './worker.ts';
