import { inject } from 'vitest';
import { type Engine, engineAt } from './docker-engine.ts';

/**
 * The primary engine as a test file sees it. Global setup runs in another
 * process and owns the engine, so tests get a handle that cannot stop it.
 */
export function engineFromEnv(): Engine {
  return engineAt('primary', inject('dockerHost'));
}
