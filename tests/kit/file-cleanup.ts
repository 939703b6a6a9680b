import { afterAll } from 'vitest';
import { removeTestContainers } from './containers.ts';
import { engineFromEnv } from './test-engine.ts';

// A setup file of the integration projects: each test file leaves its lane's engine as it found
// it. A container a file forgot (a retained one left exited, say) would otherwise be read by the
// next file's manager and counted in its figures. Registered before the file's own hooks, so it
// runs after them: the file's managers and agents are gone by then.
afterAll(async () => {
  await removeTestContainers(engineFromEnv());
});
