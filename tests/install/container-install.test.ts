import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBosunImages } from '../kit/bosun-images.ts';
import { type Engine, startEngine } from '../kit/docker-engine.ts';
import type { HostRun } from '../kit/fresh-host.ts';
import { engineFromEnv } from '../kit/test-engine.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from '../kit/test-manager.ts';
import { waitFor } from '../kit/wait-for.ts';

// The container form of the join line, pasted exactly as printed where /var/run/docker.sock is a
// fresh engine: a private dockerd whose mount namespace has a /run of its own, listening there on
// /var/run/docker.sock, and a shell entered into that namespace (nsenter), as on a host with
// nothing of bosun's. The engine has no images: the line must load the agent image from the
// manager, which hands out packages/cli/dist/bosun-agent-image.tar.gz (npm run build:images).

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const IMAGE_FILE = `${REPO}packages/cli/dist/bosun-agent-image.tar.gz`;
const AGENT_NAME = 'container-host';

let engine: Engine;
let manager: TestManager;
let admin: ApiClient;

type AgentRow = { id: string; name: string; online: boolean };

function run(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<HostRun> {
  return new Promise((resolve) => {
    execFile(program, args, { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs `line` with sh in the engine's mount namespace, where /var/run/docker.sock is that engine. */
function pasteOnHost(line: string): Promise<HostRun> {
  const pid = engine.daemonPid();
  if (pid === undefined) throw new Error('the private engine is not running');
  // The pasted line talks to the default socket, as on a host.
  const { DOCKER_HOST: _host, DOCKER_BUILDKIT: _buildkit, ...env } = process.env;
  return run('nsenter', [`--mount=/proc/${pid}/ns/mnt`, 'sh', '-c', line], env);
}

async function agent(): Promise<AgentRow | undefined> {
  return (await admin.ok<{ agents: AgentRow[] }>('GET', '/api/agents')).agents.find(
    (row) => row.name === AGENT_NAME,
  );
}

beforeAll(async () => {
  // The images are built on the primary engine from the local base (no registry here); the
  // build also writes the archive the manager hands out.
  await buildBosunImages(engineFromEnv());
  if (!existsSync(IMAGE_FILE)) throw new Error(`npm run build:images did not make ${IMAGE_FILE}`);
  engine = await startEngine('container-host', { defaultSocket: true });
  manager = await startTestManager();
  admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await engine?.stop();
  await manager?.cleanup();
});

describe('the container join line', () => {
  let line = '';

  it('loads the agent image from the manager, runs it, and the host comes online', async () => {
    const created = await admin.ok<{ commands: { container: string } }>('POST', '/api/join-tokens', {
      name: AGENT_NAME,
    });
    line = created.commands.container;
    expect(line).toContain('/download/bosun-agent-image | docker load');
    expect(line).toContain(' --network host ');

    const pasted = await pasteOnHost(line);
    expect(pasted.code, `${pasted.stdout}\n${pasted.stderr}`).toBe(0);
    await waitFor(async () => (await agent())?.online === true, {
      timeoutMs: 60_000,
      what: `${AGENT_NAME} to come online`,
    });
    await admin.waitForContainer({ name: 'bosun-agent', agentName: AGENT_NAME });
  });

  it('comes back online after the engine restarts (--restart unless-stopped)', async () => {
    const before = await agent();
    await engine.restartDaemon();
    await waitFor(async () => (await agent())?.online === true, {
      timeoutMs: 90_000,
      what: `${AGENT_NAME} to come back online after the engine restarted`,
    });
    expect((await agent())?.id).toBe(before?.id);
  });

  it('pasting the line again replaces the container and keeps the identity', async () => {
    const before = await agent();
    const pasted = await pasteOnHost(line);
    expect(pasted.code, `${pasted.stdout}\n${pasted.stderr}`).toBe(0);
    const containers = await engine.docker.listContainers({ all: true, filters: { name: ['bosun-agent'] } });
    expect(containers).toHaveLength(1);
    await waitFor(async () => (await agent())?.online === true, {
      timeoutMs: 60_000,
      what: `${AGENT_NAME} online after the second paste`,
    });
    expect((await agent())?.id).toBe(before?.id);
  });
});
