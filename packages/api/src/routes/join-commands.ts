import type { JoinCommands } from '@bosun/protocol';
import { shellWord } from '../http/shell-word.ts';

/** Where a host's join line points and what it runs. */
export type JoinCommandInput = {
  /** The manager's address as the host dials it. */
  manager: string;
  token: string;
  /** The agent image the container form runs. */
  image: string;
  /** Whether the manager hands the image out, so the container form loads it when missing. */
  imageServed: boolean;
};

/** The container name and the volume holding its credential; a re-paste finds them by these names. */
export const AGENT_CONTAINER = 'bosun-agent';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * The line to paste on a new host, in both forms.
 *
 * Container: replaces a container of the same name (an earlier paste, an older version) but keeps
 * the volume, where the agent keeps its credential, so pasting a newer line upgrades the host
 * under the same identity, its token then unused. With a loopback manager URL the container
 * shares the host's network, since its own loopback is not the manager's.
 *
 * Native: the manager's install script, which is idempotent (a second run upgrades the agent and
 * restarts it) and can uninstall (`sh -s -- --uninstall`).
 */
export function joinCommands(input: JoinCommandInput): JoinCommands {
  const manager = shellWord(input.manager);
  const token = shellWord(input.token);
  const image = shellWord(input.image);
  const run = [
    'docker run -d',
    `--name ${AGENT_CONTAINER}`,
    '--restart unless-stopped',
    '-v /var/run/docker.sock:/var/run/docker.sock',
    `-v ${AGENT_CONTAINER}:/var/lib/bosun/agent`,
    ...(isLoopback(input.manager) ? ['--network host'] : []),
    `-e BOSUN_MANAGER=${manager}`,
    `-e BOSUN_JOIN_TOKEN=${token}`,
    image,
  ].join(' ');
  const replace = `{ docker rm -f ${AGENT_CONTAINER} >/dev/null 2>&1; ${run}; }`;
  const fetch = input.imageServed
    ? `curl -fsSL ${shellWord(`${input.manager}/download/bosun-agent-image`)} | docker load`
    : `docker pull ${image}`;
  // The image first, so a host that cannot get it keeps the agent it runs.
  const container = `(docker image inspect ${image} >/dev/null 2>&1 || ${fetch}) && ${replace}`;
  const native = `curl -fsSL ${shellWord(`${input.manager}/install.sh`)} | BOSUN_JOIN_TOKEN=${token} sh`;
  return { container, native };
}

function isLoopback(manager: string): boolean {
  const host = new URL(manager).hostname;
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
