import { joinTokenCreatedSchema } from '@bosun/protocol';
import type { ManagerOptions } from '@bosun/server';
import type { Engine } from './docker-engine.ts';
import { startTestAgent, type TestAgent } from './test-agent.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from './test-manager.ts';

/**
 * A real manager, its admin logged in, and one real agent joined to it and online. `cleanup`
 * stops the agent too, before the manager.
 */
export type ManagerWithAgent = TestManager & { admin: ApiClient; agent: TestAgent };

/**
 * Joins a real agent named `name` on `engine` to the admin's manager with a join token made for
 * it, and waits until the manager lists it online. `stateDir`: a folder the caller owns, so the
 * agent can be started again from it.
 */
export async function joinTestAgent(
  admin: ApiClient,
  options: { engine: Engine; name: string; stateDir?: string },
): Promise<TestAgent> {
  const { name } = options;
  const { token } = await admin.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', { name });
  const agent = await startTestAgent({ ...options, managerUrl: admin.url, joinToken: token });
  try {
    await admin.waitForAgentOnline(name);
  } catch (error) {
    await agent.stop();
    throw error;
  }
  return agent;
}

/** A real manager on a free loopback port (`options` as `startTestManager` takes them) with one real agent on `engine`. */
export async function startManagerWithAgent(
  engine: Engine,
  agentName: string,
  options: Partial<ManagerOptions> = {},
): Promise<ManagerWithAgent> {
  const manager = await startTestManager(options);
  try {
    const admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
    const agent = await joinTestAgent(admin, { engine, name: agentName });
    return {
      ...manager,
      admin,
      agent,
      cleanup: async () => {
        await agent.stop();
        await manager.cleanup();
      },
    };
  } catch (error) {
    await manager.cleanup();
    throw error;
  }
}
