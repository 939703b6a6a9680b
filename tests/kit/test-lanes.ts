/**
 * How many integration files run at once, each on an engine of its own (a lane). Most of an
 * integration test's time is spent waiting on engines, processes and deadlines, so two files at a
 * time on a 2-core machine roughly halve the suite's wall time. `BOSUN_TEST_LANES=1` runs them one
 * at a time on one engine (where only one engine is to be had, e.g. DOCKER_HOST and not root).
 */
export function testLanes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.BOSUN_TEST_LANES;
  if (raw === undefined || raw === '') return 2;
  const lanes = Number(raw);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 8) {
    throw new Error(`BOSUN_TEST_LANES=${raw}: give a whole number of lanes from 1 to 8`);
  }
  return lanes;
}

/** The lane of the test file running in this worker: vitest's pool id, 1-based. */
export function currentLane(env: Record<string, string | undefined> = process.env): number {
  const id = Number(env.VITEST_POOL_ID ?? '1');
  return Number.isInteger(id) && id >= 1 ? id : 1;
}
