import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, agentSocketUrl } from '@bosun/agent';
import { EXIT, UsageError } from '../exit-codes.ts';
import { createLogger } from '../logger.ts';
import { parseAgentName, parseJoinToken } from '../validate.ts';
import { defaultAgentStateDir } from './agent.ts';

/** The options of `bosun agent`, as Commander parsed them. */
export type AgentOptions = {
  manager?: string;
  joinToken?: string;
  name?: string;
  stateDir?: string;
  statusFile?: string;
  dockerHost?: string;
  ca?: string;
};

/** What `bosun agent` does, loaded only when it runs. */
export async function runAgent(options: AgentOptions): Promise<void> {
  if (!options.manager) throw new UsageError('--manager (or BOSUN_MANAGER) is required');
  const managerUrl = parseOrUsage(() => agentSocketUrl(options.manager!));
  const ca = options.ca ? await readCa(options.ca) : undefined;
  const joinToken = options.joinToken ? parseOrUsage(() => parseJoinToken(options.joinToken!)) : undefined;
  const name = options.name ? parseOrUsage(() => parseAgentName(options.name!)) : undefined;
  const logger = await createLogger('bosun-agent');
  const stateDir = options.stateDir ?? defaultAgentStateDir();
  const agent = new Agent({
    managerUrl,
    ...(ca ? { tls: { ca } } : {}),
    stateDir,
    statusFile: options.statusFile ?? join(stateDir, 'link-status.json'),
    ...(joinToken ? { joinToken } : {}),
    ...(name ? { name } : {}),
    ...(options.dockerHost || process.env.DOCKER_HOST
      ? { dockerHost: options.dockerHost ?? process.env.DOCKER_HOST }
      : {}),
    log: (level, msg, fields) => logger[level](fields ?? {}, msg),
    onFatal: (error) => {
      process.stderr.write(`bosun agent: the manager refused this agent: ${error.message}\n`);
      process.exitCode = EXIT.unauthorized;
    },
  });
  await agent.start();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      agent.stop();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    agent.onStopped(resolve);
  });
}

async function readCa(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --ca ${file}: ${(error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(`--ca ${file} holds no PEM certificate`);
  }
  return pem;
}

function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
