import type { TestProject } from 'vitest/node';
import { removeTestContainers } from './containers.ts';
import { type Engine, primaryEngine, startEngine } from './docker-engine.ts';
import { ensureFixtureImage } from './fixture-image.ts';
import { cannotStartEngines } from './owned-dockerd.ts';
import { TestbedError } from './testbed-error.ts';

/**
 * Global setup of an integration project: an engine per lane (the files the project runs at
 * once), each with the fixture image and no containers left over from earlier runs. Lane 1 is
 * the primary engine; the others are private engines the kit starts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const lanes = Math.max(1, project.config.maxWorkers);
  if (lanes > 1) {
    const why = cannotStartEngines();
    if (why !== undefined) {
      throw new TestbedError(
        `the integration tests run ${lanes} files at a time, each on an engine of its own, but ${why}. Set BOSUN_TEST_LANES=1 to run them one at a time on one engine.`,
      );
    }
  }
  const started = await Promise.allSettled([
    primaryEngine(),
    ...Array.from({ length: lanes - 1 }, (_, i) => startEngine(`lane-${i + 2}`)),
  ]);
  const engines = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = () => Promise.all(engines.map((engine) => engine.stop()));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await stopAll();
    throw failed.reason;
  }
  try {
    await Promise.all(
      engines.map(async (engine: Engine) => {
        await ensureFixtureImage(engine);
        await removeTestContainers(engine);
      }),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  project.provide(
    'dockerHosts',
    engines.map((engine) => engine.dockerHost),
  );
  return async () => {
    try {
      await Promise.all(engines.map((engine) => removeTestContainers(engine)));
    } finally {
      await stopAll();
    }
  };
}
