import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Agent, agentSocketUrl } from '@bosun/agent';
import { Command, Option } from 'commander';
import { EXIT, UsageError } from '../exit-codes.ts';
import { createLogger } from '../logger.ts';
import { parseAgentName, parseJoinToken } from '../validate.ts';

/**
 * Where the agent keeps its credential: `/var/lib/bosun/agent` for root, else under
 * XDG_STATE_HOME (or ~/.local/state).
 */
export function defaultAgentStateDir(): string {
  if (process.getuid?.() === 0) return '/var/lib/bosun/agent';
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'bosun', 'agent');
}

type AgentOptions = {
  manager?: string;
  joinToken?: string;
  name?: string;
  stateDir?: string;
  dockerHost?: string;
  ca?: string;
};

/** `bosun agent`, or under `name` the same options as a program of its own (bosun-agent). */
export function agentCommand(name = 'agent'): Command {
  return new Command(name)
    .description("Run this host's agent: dial the manager and serve its Docker Engine.")
    .addOption(
      new Option('--manager <url>', 'manager address, e.g. http://manager:7070').env('BOSUN_MANAGER'),
    )
    .addOption(
      new Option('--join-token <token>', 'one-time join token (first run only; prefer the env variable)').env(
        'BOSUN_JOIN_TOKEN',
      ),
    )
    .addOption(
      new Option(
        '--name <name>',
        "name of this host in bosun (default: the join token's name, else the hostname)",
      ).env('BOSUN_AGENT_NAME'),
    )
    .addOption(
      new Option(
        '--state-dir <dir>',
        `where the credential is kept (default: ${defaultAgentStateDir()})`,
      ).env('BOSUN_STATE_DIR'),
    )
    .addOption(
      new Option(
        '--docker-host <url>',
        'Docker Engine to serve (default: DOCKER_HOST or the local socket)',
      ).env('BOSUN_DOCKER_HOST'),
    )
    .addOption(
      new Option(
        '--ca <file>',
        "PEM certificate(s) of the CA that signed a wss:// or https:// manager's certificate, instead of the system's CAs",
      ).env('BOSUN_CA'),
    )
    .action(async (options: AgentOptions) => {
      if (!options.manager) throw new UsageError('--manager (or BOSUN_MANAGER) is required');
      const managerUrl = parseOrUsage(() => agentSocketUrl(options.manager!));
      const ca = options.ca ? await readCa(options.ca) : undefined;
      const joinToken = options.joinToken
        ? parseOrUsage(() => parseJoinToken(options.joinToken!))
        : undefined;
      const name = options.name ? parseOrUsage(() => parseAgentName(options.name!)) : undefined;
      const logger = await createLogger('bosun-agent');
      const agent = new Agent({
        managerUrl,
        ...(ca ? { tls: { ca } } : {}),
        stateDir: options.stateDir ?? defaultAgentStateDir(),
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
