import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type AgentConfig, agentSocketUrl } from '@bosun/agent';
import type { ProtocolError } from '@bosun/protocol';
import type { Engine } from './docker-engine.ts';

export type AgentLogRecord = { level: string; msg: string; fields?: Record<string, unknown> };

export type TestAgent = {
  agent: Agent;
  stateDir: string;
  logs: AgentLogRecord[];
  fatal: ProtocolError[];
  stop(): Promise<void>;
};

/**
 * An agent running in the test process against a real engine, with a fresh
 * state folder, its log lines captured for assertions, and fast reconnects so
 * tests of link loss do not wait out production backoff.
 */
export async function startTestAgent(options: {
  managerUrl: string;
  engine: Engine;
  joinToken?: string;
  stateDir?: string;
  name?: string;
  config?: Partial<AgentConfig>;
}): Promise<TestAgent> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'bosun-agent-')));
  const logs: AgentLogRecord[] = [];
  const fatal: ProtocolError[] = [];
  const agent = new Agent({
    managerUrl: agentSocketUrl(options.managerUrl),
    stateDir,
    dockerHost: options.engine.dockerHost,
    backoff: { initialMs: 100, maxMs: 1000, jitter: 'equal' },
    log: (level, msg, fields) => {
      logs.push(fields ? { level, msg, fields } : { level, msg });
      if (logs.length > 10_000) logs.shift();
    },
    onFatal: (error) => fatal.push(error),
    ...(options.joinToken ? { joinToken: options.joinToken } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...options.config,
  });
  await agent.start();
  return {
    agent,
    stateDir,
    logs,
    fatal,
    stop: async () => {
      agent.stop();
      await new Promise<void>((resolve) => agent.onStopped(resolve));
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}
