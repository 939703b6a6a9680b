import type { Scheduler } from '../logs/container-log-pipeline.ts';

/**
 * Flushes once the current I/O turn is over: every chunk Docker delivered in
 * that turn lands in one batch, and a quiet stream's single line waits no
 * timer at all.
 */
export const immediateScheduler: Scheduler = {
  schedule(fn) {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  },
};
