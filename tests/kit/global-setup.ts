import type { TestProject } from 'vitest/node';
import { removeTestContainers } from './containers.ts';
import { primaryEngine } from './docker-engine.ts';
import { ensureFixtureImage } from './fixture-image.ts';

/**
 * Global setup of the integration project: one primary engine for all test
 * files, with the fixture image and no containers left over from earlier runs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await primaryEngine();
  try {
    await ensureFixtureImage(engine);
    await removeTestContainers(engine);
  } catch (error) {
    await engine.stop();
    throw error;
  }
  project.provide('dockerHost', engine.dockerHost);
  return async () => {
    try {
      await removeTestContainers(engine);
    } finally {
      await engine.stop();
    }
  };
}
