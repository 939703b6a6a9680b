import { beforeAll, describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  type RunningContainer,
  runContainer,
  spawnBosun,
  waitFor,
  watchChild,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// bosun hosts, inspect, events and the names completion asks for, against a real manager, a
// real agent and real containers.

const engine = engineFromEnv();
const bed = useCliBed(engine);
let web: RunningContainer;

beforeAll(async () => {
  web = await runContainer(engine, { name: 'fleet-web', cmd: ['sh', '-c', 'exec sleep 1000'] });
  await bed.waitForContainer(web.name);
});

const jsonLines = (stdout: Buffer) =>
  stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

describe('bosun hosts', () => {
  it("shows the host online with its containers, its agent's and Docker's versions and its facts", async () => {
    const result = await bed.bosun(['hosts']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.toString('utf8').trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+STATE\s+LAST SEEN\s+CONTAINERS\s+AGENT\s+DOCKER\s+CPUS\s+MEMORY\s+OS$/);
    // No terminal, so no colour codes.
    expect(result.stdout.toString('utf8')).not.toContain('\u001b[');
    const row = rows.find((line) => line.startsWith(`${HOST} `));
    expect(row).toMatch(
      /^\S+\s+online\s+now\s+[1-9]\d*\/[1-9]\d*\s+\S+\s+\d+\.\d+\S*\s+[1-9]\d*\s+\d+\.\d (MiB|GiB)\s+linux /,
    );
  });

  it('prints each host as JSON with its state word and last contact as RFC 3339', async () => {
    const result = await bed.bosun(['hosts', '--format', 'json']);
    expect(result.code).toBe(0);
    const host = jsonLines(result.stdout).find((row) => row.name === HOST);
    expect(host).toMatchObject({ state: 'online', online: true, docker: { available: true } });
    expect(new Date(host.lastSeen).getTime()).toBe(host.lastSeenAt);
    expect(host.host.cpus).toBeGreaterThan(0);
    expect(host.containers.total).toBeGreaterThan(0);
  });
});

describe('bosun inspect', () => {
  it("prints the container's details as key: value lines", async () => {
    const result = await bed.bosun(['inspect', `${HOST}/${web.name}`]);
    expect(result.code).toBe(0);
    const text = result.stdout.toString('utf8');
    expect(text).toMatch(new RegExp(`^Host:\\s+${HOST}$`, 'm'));
    expect(text).toMatch(new RegExp(`^Name:\\s+${web.name}$`, 'm'));
    expect(text).toMatch(new RegExp(`^ID:\\s+${web.id}$`, 'm'));
    expect(text).toMatch(/^State:\s+running$/m);
    expect(text).toMatch(/^Command:\s+sh -c 'exec sleep 1000'$/m);
    expect(text).toMatch(/^Restarts:\s+0$/m);
  });

  it('prints the details as one JSON object with --format json', async () => {
    const result = await bed.bosun(['inspect', `${HOST}/${web.id.slice(0, 12)}`, '--format', 'json']);
    expect(result.code).toBe(0);
    const [details] = jsonLines(result.stdout);
    expect(details).toMatchObject({ id: web.id, name: web.name, state: 'running', restartCount: 0 });
    expect(details.command).toEqual(['sh', '-c', 'exec sleep 1000']);
  });

  it('says which of host and container is missing, as bosun logs does (exit 4)', async () => {
    const noContainer = await bed.bosun(['inspect', `${HOST}/no-such-thing`]);
    expect([noContainer.code, noContainer.stderr]).toEqual([
      4,
      `bosun: no such container no-such-thing on host ${HOST}\n`,
    ]);
    const noHost = await bed.bosun(['inspect', 'no-such-host/web']);
    expect([noHost.code, noHost.stderr]).toEqual([4, 'bosun: no such host no-such-host\n']);
    const bad = await bed.bosun(['inspect', 'web']);
    expect(bad.code).toBe(2);
  });
});

describe('bosun events', () => {
  it('without -f prints the fleet as it is, each host then each container, and exits', async () => {
    const result = await bed.bosun(['events']);
    expect(result.code).toBe(0);
    const lines = result.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines.find((line) => line.includes(' agent.updated '))).toMatch(
      new RegExp(`^\\S+Z agent\\.updated\\s+${HOST} online, agent \\S+, \\d+/\\d+ containers running$`),
    );
    expect(lines.find((line) => line.includes(web.name))).toMatch(
      new RegExp(`^\\S+Z container\\.upserted ${HOST}/${web.name} running: Up`),
    );
  });

  it('filters by --host and --type, and prints JSON lines with the names', async () => {
    const result = await bed.bosun(['events', '--host', HOST, '--type', 'container', '--format', 'json']);
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.type === 'container.upserted' && event.host === HOST)).toBe(true);
    expect(events.find((event) => event.container.id === web.id)).toMatchObject({
      containerName: web.name,
      time: expect.stringMatching(/Z$/),
    });
    expect((await bed.bosun(['events', '--host', 'no-such-host'])).stdout.toString()).toBe('');
    expect((await bed.bosun(['events', '--type', 'bogus'])).code).toBe(2);
  });

  it('with -f prints a container started and removed while following, and ends quietly on Ctrl-C', async () => {
    const follower = watchChild(spawnBosun(['events', '-f', '-v', '--type', 'container'], bed.env));
    try {
      await waitFor(() => follower.stderr().includes("following the fleet's events"), {
        timeoutMs: 15_000,
        what: 'the live event stream',
        detail: follower.stderr,
      });
      expect(follower.stdout()).toBe('');
      const late = await runContainer(engine, { name: 'fleet-late', cmd: ['sh', '-c', 'exec sleep 1000'] });
      await waitFor(() => follower.stdout().includes(`container.upserted ${HOST}/${late.name} running`), {
        timeoutMs: 20_000,
        what: 'the new container in the event stream',
        detail: follower.stdout,
      });
      await late.container.remove({ force: true });
      const removed = new RegExp(`container\\.removed +${HOST}/${late.name} removed\n`);
      await waitFor(() => removed.test(follower.stdout()), {
        timeoutMs: 20_000,
        what: 'the removal in the event stream',
        detail: follower.stdout,
      });
      const lines = follower.stdout().trimEnd().split('\n');
      expect(lines.every((line) => / container\.(upserted|removed) /.test(line))).toBe(true);
    } finally {
      const done = await follower.interrupt();
      expect(done.code).toBe(0);
      expect(done.stderr).toBe("bosun: following the fleet's events\n");
    }
  });
  it('with -f ends quietly when its reader goes away (a closed pipe)', async () => {
    const follower = watchChild(spawnBosun(['events', '-f', '-v'], bed.env));
    await waitFor(() => follower.stderr().includes("following the fleet's events"), {
      timeoutMs: 15_000,
      what: 'the live event stream',
      detail: follower.stderr,
    });
    follower.child.stdout?.destroy();
    // The next event written finds the pipe closed.
    const late = await runContainer(engine, { name: 'fleet-pipe', cmd: ['sh', '-c', 'exec sleep 1000'] });
    const done = await follower.done;
    await late.container.remove({ force: true });
    expect([done.code, done.stderr]).toEqual([0, "bosun: following the fleet's events\n"]);
  });

  it('with -f reconnects after the manager restarts and goes on printing', async () => {
    const follower = watchChild(spawnBosun(['events', '-f', '-v', '--type', 'container.upserted'], bed.env));
    try {
      await waitFor(() => follower.stderr().includes("following the fleet's events"), {
        timeoutMs: 15_000,
        what: 'the live event stream',
        detail: follower.stderr,
      });
      await bed.restartManager();
      await waitFor(() => follower.stderr().includes('the event stream is back'), {
        timeoutMs: 30_000,
        what: 'the reconnect',
        detail: follower.stderr,
      });
      expect(follower.stderr()).toMatch(/lost the event stream \(.+\); reconnecting/);
      const late = await runContainer(engine, { name: 'fleet-after', cmd: ['sh', '-c', 'exec sleep 1000'] });
      await waitFor(() => follower.stdout().includes(`container.upserted ${HOST}/${late.name} running`), {
        timeoutMs: 30_000,
        what: 'a container started after the reconnect',
        detail: follower.stdout,
      });
    } finally {
      expect((await follower.interrupt()).code).toBe(0);
    }
  });
});

describe('bosun __complete (for shell completion)', () => {
  it('prints host names, and HOST/CONTAINER names starting with what was typed', async () => {
    const hosts = await bed.bosun(['__complete', 'hosts', HOST.slice(0, 3)]);
    expect([hosts.code, hosts.stdout.toString(), hosts.stderr]).toEqual([0, `${HOST}\n`, '']);
    const containers = await bed.bosun(['__complete', 'containers', `${HOST}/${web.name.slice(0, 8)}`]);
    expect(containers.stdout.toString().split('\n')).toContain(`${HOST}/${web.name}`);
    expect(
      containers.stdout
        .toString()
        .split('\n')
        .every((line) => line === '' || line.startsWith(`${HOST}/`)),
    ).toBe(true);
  });

  it('prints nothing at all when not logged in or when the manager does not answer', async () => {
    const none = await bed.bosun(['__complete', 'hosts', ''], {
      BOSUN_CONFIG: `${bed.env.BOSUN_CONFIG}.none`,
    });
    expect([none.code, none.stdout.toString(), none.stderr]).toEqual([0, '', '']);
    const down = await bed.bosun(['__complete', 'containers', ''], {
      BOSUN_MANAGER: 'http://127.0.0.1:9',
      BOSUN_TOKEN: 'bsn_whatever',
    });
    expect([down.code, down.stdout.toString(), down.stderr]).toEqual([0, '', '']);
  });
});
