import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { agentListResponseSchema, joinTokenCreatedSchema, managerStatusSchema } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltImages,
  buildBosunImages,
  containerOutput,
  describeLogFidelity,
  engineFromEnv,
  freeLoopbackPort,
  removeVolumes,
  runContainer,
  runImage,
  ScriptedManager,
  waitFor,
  waitForHealth,
} from '../kit/index.ts';
import { ApiClient } from '../kit/test-manager.ts';

// bosun's two images, built by `npm run build:images` on the test engine (on a base made from
// this machine's files: the engine reaches no registry) and run there as a user would run them.
// The engine has no bridge, so both run on the host's network and meet on loopback. The manager
// and the agent that streams the fidelity cases run confined like the systemd units (the same
// system-call filter, no capabilities, a read-only root: tests/kit/unit-confinement.ts), which
// no systemd on these machines can show.

const engine = engineFromEnv();
const PASSWORD = 'images test admin password';
const suffix = randomBytes(3).toString('hex');
const MANAGER_VOLUME = `bosun-t-manager-${suffix}`;
const AGENT_VOLUME = `bosun-t-agent-${suffix}`;
const FIDELITY_VOLUME = `bosun-t-agent-fidelity-${suffix}`;
const HOST_NAME = 'image-host';

let built: BuiltImages;
const containers: string[] = [];

async function run(options: Parameters<typeof runImage>[1]): Promise<string> {
  const id = await runImage(engine, options);
  containers.push(id);
  return id;
}

beforeAll(async () => {
  built = await buildBosunImages(engine);
  const sizes = Object.entries(built.sizes).map(([image, bytes]) => `${image} ${bytes} bytes`);
  process.stdout.write(`images built in ${built.buildSeconds.toFixed(1)} s: ${sizes.join(', ')}\n`);
}, 900_000);

afterAll(async () => {
  await Promise.all(
    containers.map((id) =>
      engine.docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => {
          // Gone already; the global teardown removes labelled leftovers anyway.
        }),
    ),
  );
  await removeVolumes(engine, [MANAGER_VOLUME, AGENT_VOLUME, FIDELITY_VOLUME]);
});

describe('the manager and agent images', () => {
  let port: number;
  let url: string;
  let manager: string;
  let admin: ApiClient;

  async function startManager(env: Record<string, string>): Promise<void> {
    manager = await run({
      image: built.managerImage,
      name: 'manager',
      network: 'host',
      env: { BOSUN_LISTEN: `127.0.0.1:${port}`, ...env },
      binds: [`${MANAGER_VOLUME}:/var/lib/bosun`],
      healthIntervalMs: 1000,
      confined: true,
    });
    await waitForAnswer();
  }

  async function waitForAnswer(): Promise<void> {
    await waitFor(
      async () => {
        try {
          return (await fetch(`${url}/healthz`)).status === 200;
        } catch {
          return false; // not listening yet
        }
      },
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `the manager image to answer on ${url}`,
        detail: () => `manager container ${manager.slice(0, 12)}`,
      },
    ).catch(async (error: Error) => {
      error.message += `\n${await containerOutput(engine, manager)}`;
      throw error;
    });
  }

  // /healthz answers 200 only once the manager has finished starting (its first admin made), so
  // a login right after it must succeed: no retry here.
  async function logIn(username: string, password: string): Promise<ApiClient> {
    return ApiClient.login(url, username, password).catch(async (error: Error) => {
      error.message += `\n${await containerOutput(engine, manager)}`;
      throw error;
    });
  }

  beforeAll(async () => {
    port = await freeLoopbackPort();
    url = `http://127.0.0.1:${port}`;
    await startManager({ BOSUN_ADMIN_PASSWORD: PASSWORD });
    admin = await logIn('admin', PASSWORD);
  });

  it('the manager image serves the web UI and the API', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>bosun</title>');
    const script = /<script type="module"[^>]* src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const app = await fetch(`${url}${script}`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toContain('javascript');
    const status = await admin.okExactly(managerStatusSchema, 'GET', '/api/status');
    expect(status.version).toBe(built.version);
  });

  it('the manager image turns healthy and runs as uid 1000', async () => {
    await waitForHealth(engine, manager, 'healthy');
    const { State, Config } = await engine.docker.getContainer(manager).inspect();
    expect(Config.User).toBe('1000:1000');
    // The container's main process as this machine sees it.
    const status = await readFile(`/proc/${State.Pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe('1000');
  });

  it('the manager keeps its data in its volume: a new container on it knows the password and the users', async () => {
    await admin.ok('POST', '/api/users', { username: 'ops', password: 'ops password', role: 'viewer' });
    await engine.docker.getContainer(manager).remove({ force: true });
    // No BOSUN_ADMIN_PASSWORD this time: a manager with an empty folder would make up another.
    await startManager({});
    admin = await logIn('admin', PASSWORD);
    await logIn('ops', 'ops password');
  });

  describe('the agent image', () => {
    let agent: string;
    let agentId: string;

    beforeAll(async () => {
      const { token } = await admin.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', {
        name: HOST_NAME,
      });
      agent = await run({
        image: built.agentImage,
        name: 'agent',
        network: 'host',
        env: { BOSUN_MANAGER: url, BOSUN_JOIN_TOKEN: token },
        binds: [`${engine.socketPath}:/var/run/docker.sock`, `${AGENT_VOLUME}:/var/lib/bosun/agent`],
        healthIntervalMs: 1000,
      });
    });

    async function onlineAgents() {
      const { agents } = await admin.okExactly(agentListResponseSchema, 'GET', '/api/agents');
      return agents.filter((a) => a.name === HOST_NAME);
    }

    async function waitForOnline(): Promise<void> {
      await admin.waitForAgentOnline(HOST_NAME, 60_000).catch(async (error: Error) => {
        error.message += `\n${await containerOutput(engine, agent)}`;
        throw error;
      });
    }

    it('joins the manager, shows online with its version and turns healthy', async () => {
      await waitForOnline();
      const [view] = await onlineAgents();
      expect(view?.agentVersion).toBe(built.version);
      agentId = view!.id;
      await waitForHealth(engine, agent, 'healthy');
    });

    it("serves the engine it was given: the manager lists that engine's containers", async () => {
      const c = await runContainer(engine, { name: 'seen-by-image', cmd: ['sleep', '300'] });
      await admin.waitForContainer({ name: c.name, agentName: HOST_NAME }, 30_000);
      await c.container.remove({ force: true });
    });

    it('is unhealthy while its manager is down, and healthy again once it is back', async () => {
      await engine.docker.getContainer(manager).stop({ t: 5 });
      await waitForHealth(engine, agent, 'unhealthy');
      await engine.docker.getContainer(manager).start();
      await waitForAnswer();
      admin = await logIn('admin', PASSWORD);
      await waitForOnline();
      await waitForHealth(engine, agent, 'healthy');
    });

    it('comes back online after `docker restart` with its stored credential', async () => {
      const before = (await engine.docker.getContainer(agent).inspect()).State.StartedAt;
      await engine.docker.getContainer(agent).restart({ t: 5 });
      const after = (await engine.docker.getContainer(agent).inspect()).State.StartedAt;
      expect(after).not.toBe(before);
      // Health starts over with a restart, and the agent writes "disconnected" as it starts: so
      // healthy means this run connected. The join token was spent by the first run.
      await waitForHealth(engine, agent, 'healthy');
      await waitForOnline();
      const views = await onlineAgents();
      expect(views.map((v) => v.id)).toEqual([agentId]);
    });
  });
});

describe('the agent image streams logs', () => {
  let scripted: ScriptedManager;
  let agent: string;

  beforeAll(async () => {
    scripted = await ScriptedManager.start();
    agent = await run({
      image: built.agentImage,
      name: 'agent-fidelity',
      network: 'host',
      env: { BOSUN_MANAGER: scripted.url, BOSUN_JOIN_TOKEN: scripted.createJoinToken() },
      binds: [`${engine.socketPath}:/var/run/docker.sock`, `${FIDELITY_VOLUME}:/var/lib/bosun/agent`],
      // The systemd units' hardening, as far as Docker imposes it: the agent streams every case
      // under their system-call filter, without capabilities, on a read-only root.
      confined: true,
    });
    await scripted.waitForAgent(60_000).catch(async (error: Error) => {
      error.message += `\n${await containerOutput(engine, agent)}`;
      throw error;
    });
  });

  afterAll(async () => {
    await scripted?.close();
  });

  it('runs confined: the system-call filter on, no new privileges, no capabilities, a read-only root', async () => {
    const { State } = await engine.docker.getContainer(agent).inspect();
    const status = await readFile(`/proc/${State.Pid}/status`, 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1];
    expect(field('Seccomp')).toBe('2');
    expect(field('NoNewPrivs')).toBe('1');
    expect(field('CapEff')).toBe('0000000000000000');
    expect(field('CapBnd')).toBe('0000000000000000');
    const exec = await engine.docker.getContainer(agent).exec({
      Cmd: ['sh', '-c', 'touch /opt/bosun/probe 2>&1; echo "exit $?"'],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/Read-only file system[\s\S]*exit 1/);
  });

  describeLogFidelity("the agent image's lines against docker logs", engine, () => ({
    manager: scripted,
    agentLog: () => containerOutput(engine, agent),
  }));
});
