import { readFile, stat } from 'node:fs/promises';
import { auditEntryViewSchema, managerStatusSchema } from '@bosun/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineFromEnv, type RunningContainer, runContainer, startTestAgent, waitFor } from '../kit/index.ts';
import { ADMIN_PASSWORD, HOST, useCliBed } from './cli-bed.ts';

// bosun login, ps, start/stop/restart and token create as a person runs them, against a real
// manager, a real agent and real containers.

const engine = engineFromEnv();
const bed = useCliBed(engine);
let web: RunningContainer;

async function stateOf(id: string): Promise<string> {
  return (await engine.docker.getContainer(id).inspect()).State.Status;
}

beforeAll(async () => {
  web = await runContainer(engine, { name: 'web', cmd: ['sh', '-c', 'echo up; exec sleep 1000'] });
  await bed.waitForContainer(web.name);
});

describe('bosun login', () => {
  it('keeps the manager and an API token in a 0600 file', async () => {
    const path = bed.env.BOSUN_CONFIG!;
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.manager).toBe(bed.managerUrl);
    expect(saved.token).toMatch(/^bsn_/);
  });

  it('refuses a wrong password with exit 3 and one line', async () => {
    const result = await bed.bosun(['login', '--config', `${bed.env.BOSUN_CONFIG}.other`], {
      BOSUN_PASSWORD: 'wrong password',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('bosun: wrong user name or password\n');
  });

  it('without a login, says how to log in (exit 3)', async () => {
    const result = await bed.bosun(['ps'], { BOSUN_CONFIG: `${bed.env.BOSUN_CONFIG}.none` });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('bosun: not logged in: run bosun login --manager URL or set BOSUN_TOKEN\n');
  });
});

describe('bosun ps', () => {
  it('lists the container in a table', async () => {
    const result = await bed.bosun(['ps']);
    expect(result.code).toBe(0);
    const lines = result.stdout.toString().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^HOST\s+NAME\s+IMAGE\s+STATE\s+STATUS\s+PORTS\s+CREATED$/);
    const row = lines.find((line) => line.includes(web.name));
    expect(row).toMatch(new RegExp(`^${HOST}\\s+${web.name}\\s+\\S+\\s+running\\s+Up`));
  });

  it('prints one JSON object per line with --format json, and takes a host', async () => {
    const result = await bed.bosun(['ps', HOST, '--format', 'json']);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const row = rows.find((r) => r.name === web.name);
    expect(row).toMatchObject({ id: web.id, agentName: HOST, state: 'running' });
    expect(rows.every((r) => r.agentName === HOST)).toBe(true);
  });

  it('exits 4 for an unknown host', async () => {
    const result = await bed.bosun(['ps', 'no-such-host']);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe('bosun: no such host no-such-host\n');
  });
});

describe('bosun status', () => {
  it('prints the manager at a glance, one labelled line per part', async () => {
    const result = await bed.bosun(['status']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.toString().split('\n');
    expect(lines[0]).toMatch(/^manager\s+\d+\.\d+\.\d+, up /);
    expect(lines).toContainEqual(expect.stringMatching(/^store\s+ok \(0 errors since start\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^agents\s+1 online of 1 known$/));
  });

  it('prints the answer as one JSON object with --format json', async () => {
    const result = await bed.bosun(['status', '--format', 'json']);
    expect(result.code).toBe(0);
    const status = managerStatusSchema.parse(JSON.parse(result.stdout.toString()));
    expect(status.agents).toEqual({ online: 1, total: 1, outdated: 0 });
    expect(status.store.ok).toBe(true);
  });
});

describe('bosun version', () => {
  it("prints bosun's version and the manager's, with -V bosun's alone", async () => {
    const both = await bed.bosun(['version']);
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
    expect(both.stdout.toString()).toMatch(
      /^bosun {4}\d+\.\d+\.\d+\nmanager {2}\d+\.\d+\.\d+ \(http:\/\/127\.0\.0\.1:\d+\)\n$/,
    );
    const alone = await bed.bosun(['-V']);
    expect(alone.code).toBe(0);
    expect(alone.stdout.toString()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('bosun start, stop, restart', () => {
  it('change the real state of the container', async () => {
    const target = `${HOST}/${web.name}`;
    const stopped = await bed.bosun(['stop', target, '-t', '0']);
    expect(stopped.stderr).toBe('');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout.toString()).toBe(`${target}\n`);
    expect(await stateOf(web.id)).toBe('exited');

    const started = await bed.bosun(['start', `${HOST}/${web.id.slice(0, 12)}`]);
    expect(started.code).toBe(0);
    expect(await stateOf(web.id)).toBe('running');

    const before = (await engine.docker.getContainer(web.id).inspect()).State.StartedAt;
    const restarted = await bed.bosun(['restart', target], { BOSUN_STOP_TIMEOUT: '0' });
    expect(restarted.code).toBe(0);
    const after = await engine.docker.getContainer(web.id).inspect();
    expect(after.State.Status).toBe('running');
    expect(after.State.StartedAt).not.toBe(before);
  });

  it('exits 4 with one line for an unknown container', async () => {
    const result = await bed.bosun(['stop', `${HOST}/web-9-none`]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`bosun: no such container web-9-none on host ${HOST}\n`);
  });

  it('exits 2 naming the problem for a malformed target', async () => {
    const result = await bed.bosun(['stop', 'just-a-name']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bosun: expected HOST\/CONTAINER/);
  });

  it('exits 3 for a viewer', async () => {
    await bed.admin.ok('POST', '/api/users', {
      username: 'watcher',
      password: 'watcher-password',
      role: 'viewer',
    });
    const config = `${bed.env.BOSUN_CONFIG}.viewer`;
    const login = await bed.bosun(['login', '--user', 'watcher', '--config', config], {
      BOSUN_PASSWORD: 'watcher-password',
    });
    expect(login.code).toBe(0);
    const result = await bed.bosun(['stop', `${HOST}/${web.name}`], { BOSUN_CONFIG: config });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('bosun: viewers cannot stop containers\n');
    expect(await stateOf(web.id)).toBe('running');
  });
});

describe('bosun token create', () => {
  it('prints a join token and a bosun agent command that works', async () => {
    const result = await bed.bosun(['token', 'create', '--name', 'second-host', '--ttl', '10m']);
    expect(result.code).toBe(0);
    const out = result.stdout.toString();
    const command = out.split('\n').find((line) => line.includes('bosun agent'));
    expect(command).toBeDefined();
    const token = /BOSUN_JOIN_TOKEN=(\S+)/.exec(command!)?.[1] ?? /--join-token (\S+)/.exec(command!)?.[1];
    const manager = /--manager (\S+)/.exec(command!)?.[1];
    expect(out).toContain(`Join token: ${token}`);
    expect(manager).toBe(bed.managerUrl);
    // Both lines to paste, labelled, with the same token.
    expect(out).toMatch(
      /^Container \(any Docker host.*\n {2}\(docker image inspect .* docker run -d --name bosun-agent .*$/m,
    );
    expect(out).toContain(`\n  curl -fsSL ${bed.managerUrl}/install.sh | BOSUN_JOIN_TOKEN=${token} sh\n`);
    expect(out).toContain(`-e BOSUN_JOIN_TOKEN=${token} `);
    const second = await startTestAgent({ managerUrl: manager!, engine, joinToken: token! });
    try {
      await waitFor(
        async () => {
          const { agents } = await bed.admin.ok<{ agents: Array<{ name: string; online: boolean }> }>(
            'GET',
            '/api/agents',
          );
          // An agent that brings its own name (the test agent uses the hostname) keeps it.
          return agents.filter((a) => a.online && a.name !== HOST).length === 1;
        },
        { timeoutMs: 15_000, what: 'the second agent to join' },
      );
      expect(second.fatal).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a bad --ttl before asking the manager', async () => {
    const result = await bed.bosun(['token', 'create', '--ttl', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bosun: --ttl expects a duration/);
  });
});

describe('bosun logout', () => {
  it('revokes the token on the manager and forgets it', async () => {
    const config = `${bed.env.BOSUN_CONFIG}.logout`;
    expect((await bed.bosun(['login', '--config', config], { BOSUN_PASSWORD: ADMIN_PASSWORD })).code).toBe(0);
    const { token } = JSON.parse(await readFile(config, 'utf8'));
    expect((await bed.bosun(['ps'], { BOSUN_CONFIG: config })).code).toBe(0);
    const out = await bed.bosun(['logout', '--config', config]);
    expect(out.code).toBe(0);
    expect(JSON.parse(await readFile(config, 'utf8'))).toEqual({ manager: bed.managerUrl });
    const revoked = await bed.bosun(['ps'], { BOSUN_CONFIG: config, BOSUN_TOKEN: token });
    expect(revoked.code).toBe(3);
  });
});

describe('bosun audit', () => {
  it('shows a stop done just before, with who did it and from where, as JSON lines and as a table', async () => {
    const target = `${HOST}/${web.name}`;
    expect((await bed.bosun(['stop', target, '-t', '0'])).code).toBe(0);
    expect((await bed.bosun(['start', target])).code).toBe(0);

    const json = await bed.bosun(['audit', '--since', '1h', '--action', 'container.', '--format', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const entries = json.stdout
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => auditEntryViewSchema.parse(JSON.parse(line)));
    expect(entries.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'container.start', outcome: 'ok', source: '127.0.0.1' }),
      expect.objectContaining({
        action: 'container.stop',
        actorName: 'admin',
        target: expect.stringMatching(new RegExp(`/${web.id}$`)),
        outcome: 'ok',
        source: '127.0.0.1',
      }),
    ]);

    const table = await bed.bosun(['audit', '--user', 'admin', '--action', 'container.stop', '--limit', '1']);
    expect(table.code).toBe(0);
    const lines = table.stdout.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^TIME\s+USER\s+ACTION\s+TARGET\s+OUTCOME\s+SOURCE$/);
    expect(lines[1]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+admin\s+container\.stop\s+\S+\s+ok\s+127\.0\.0\.1$/,
    );
  });
});
