import type { AgentConfig } from '@bosun/agent';
import { afterAll, beforeAll } from 'vitest';
import type { Engine } from './docker-engine.ts';
import { ScriptedManager } from './scripted-manager.ts';
import { startTestAgent, type TestAgent } from './test-agent.ts';

export type ScriptedAgentBed = { manager: ScriptedManager; agent: TestAgent };

/**
 * For a describe block: a scripted manager and one real agent joined to it on
 * `engine`, set up before the block's tests and torn down after them.
 */
export function useScriptedAgent(
  engine: Engine | (() => Engine),
  config: Partial<AgentConfig> = {},
  manager: { heartbeatSeconds?: number; packedBatches?: boolean } = {},
): ScriptedAgentBed {
  const bed = {} as ScriptedAgentBed;
  beforeAll(async () => {
    bed.manager = await ScriptedManager.start();
    if (manager.heartbeatSeconds !== undefined) bed.manager.heartbeatSeconds = manager.heartbeatSeconds;
    if (manager.packedBatches !== undefined) bed.manager.packedBatches = manager.packedBatches;
    bed.agent = await startTestAgent({
      managerUrl: bed.manager.url,
      engine: typeof engine === 'function' ? engine() : engine,
      joinToken: bed.manager.createJoinToken(),
      config,
    });
    await bed.manager.waitForAgent();
  });
  afterAll(async () => {
    await bed.agent?.stop();
    await bed.manager?.close();
  });
  return bed;
}
