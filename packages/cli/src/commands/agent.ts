import { homedir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { AgentOptions } from './agent-run.ts';

/**
 * Where the agent keeps its credential: `/var/lib/bosun/agent` for root, else under
 * XDG_STATE_HOME (or ~/.local/state).
 */
export function defaultAgentStateDir(): string {
  if (process.getuid?.() === 0) return '/var/lib/bosun/agent';
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'bosun', 'agent');
}

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
        '--status-file <file>',
        "where the link's status is kept for health checks (default: link-status.json in the state folder)",
      ).env('BOSUN_STATUS_FILE'),
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
      const { runAgent } = await import('./agent-run.ts');
      await runAgent(options);
    });
}
