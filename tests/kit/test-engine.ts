import { inject } from 'vitest';
import { type Engine, engineAt } from './docker-engine.ts';
import { currentLane } from './test-lanes.ts';

/**
 * The engine of this file's lane as a test file sees it. Global setup runs in another process and
 * owns the engines, so tests get a handle that cannot stop it. Files run one at a time per lane,
 * so a file has its engine to itself.
 */
export function engineFromEnv(): Engine {
  const hosts = inject('dockerHosts');
  const lane = currentLane();
  const host = hosts[(lane - 1) % hosts.length];
  if (host === undefined) throw new Error('the global setup provided no engine');
  return engineAt(lane === 1 ? 'primary' : `lane-${lane}`, host);
}
