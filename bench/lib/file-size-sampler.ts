import { Worker } from 'node:worker_threads';

// The worker stats the files every millisecond, on its own thread: the store writes synchronously
// on the main one, so a sampler there would only ever see the sizes between two writes.
const WORKER = `
const { statSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { paths, state } = workerData;
const cells = new BigInt64Array(state);
const pause = new Int32Array(new SharedArrayBuffer(4));
while (Atomics.load(cells, 0) === 0n) {
  let bytes = 0;
  for (const path of paths) bytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (BigInt(bytes) > Atomics.load(cells, 1)) Atomics.store(cells, 1, BigInt(bytes));
  Atomics.add(cells, 2, 1n);
  Atomics.wait(pause, 0, 0, 1);
}
`;

/** The largest total size of some files seen while sampling, and how many samples were taken. */
export type SampledSize = { largestBytes: number; samples: number };

/**
 * Samples the summed size of `paths` about every millisecond on a worker thread until `stop`,
 * which resolves to the largest total seen (a missing file counts as 0 bytes).
 */
export function sampleFileSizes(paths: readonly string[]): { stop(): Promise<SampledSize> } {
  const state = new SharedArrayBuffer(3 * 8);
  const cells = new BigInt64Array(state);
  const worker = new Worker(WORKER, { eval: true, workerData: { paths, state } });
  const exited = new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  return {
    async stop() {
      Atomics.store(cells, 0, 1n);
      await exited;
      return { largestBytes: Number(Atomics.load(cells, 1)), samples: Number(Atomics.load(cells, 2)) };
    },
  };
}
