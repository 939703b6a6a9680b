import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOSUN_BUNDLE } from '../kit/bosun-cli.ts';
import { dockerLogs, finished, runContainer, waitForExit } from '../kit/index.ts';
import { jsonLines, startAgentProcess, useContractBed } from './contract-kit.ts';
import { CONTRACT_RUNTIMES } from './runtimes.ts';

// The `bosun` command against every runtime: login, a join token made with `bosun token create`
// that a new agent process joins with, `bosun hosts` and `ps`, and `bosun logs` equal to
// `docker logs`, whole even when its reader is slower than the read.

const HOST = 'cli-host';
const JOINED = 'cli-joined';

// 40,000 lines of 100 characters: 4 MB, several times a read's flow-control window, so the read
// must wait for its reader instead of being held whole or cut.
const MANY_LINES = 40_000;
const MANY = `line=$(printf '%0100d' 0); yes "$line" | head -n ${MANY_LINES}`;

describe.each(CONTRACT_RUNTIMES)('the bosun CLI on $name', (runtime) => {
  const bed = useContractBed(runtime, HOST);

  it('bosun login refuses a wrong password with exit 3, and keeps the login it made', async () => {
    const wrong = await bed.bosun(['login', '--config', join(bed.dir, 'wrong.json')], {
      BOSUN_PASSWORD: 'not the password',
    });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^bosun: /);
    // The bed's own login (a right password) is what the other commands use.
    const hosts = await bed.bosun(['hosts', '--format', 'json']);
    expect(hosts.code, hosts.stderr).toBe(0);
    expect(jsonLines(hosts.stdout).map((h) => h.name)).toEqual([HOST]);
  });

  it('bosun token create makes a join token a new agent joins with; bosun hosts and ps list it', async () => {
    const created = await bed.bosun(['token', 'create', '--name', JOINED]);
    expect(created.code, created.stderr).toBe(0);
    const token = /^Join token: (\S+)$/m.exec(created.stdout.toString('utf8'))?.[1];
    if (token === undefined) throw new Error(`no join token in: ${created.stdout.toString('utf8')}`);
    const agent = startAgentProcess({
      engine: bed.engine,
      managerUrl: bed.url,
      name: JOINED,
      stateDir: join(bed.dir, 'joined-state'),
      joinToken: token,
    });
    bed.defer(() => agent.stop());
    await bed.admin.waitForAgentOnline(JOINED);
    const hosts = await bed.bosun(['hosts', '--format', 'json']);
    expect(hosts.code, hosts.stderr).toBe(0);
    expect(
      jsonLines(hosts.stdout)
        .map((h) => h.name)
        .sort(),
    ).toEqual([HOST, JOINED].sort());

    const c = await runContainer(bed.engine, { name: 'cli-ps', cmd: ['sh', '-c', 'exec sleep 1000'] });
    bed.defer(() => c.container.remove({ force: true }));
    await bed.admin.waitForContainer({ id: c.id, agentName: JOINED });
    const ps = await bed.bosun(['ps', JOINED, '--format', 'json']);
    expect(ps.code, ps.stderr).toBe(0);
    expect(jsonLines(ps.stdout)).toContainEqual(
      expect.objectContaining({ id: c.id, name: c.name, agentName: JOINED, state: 'running' }),
    );
  });

  it('bosun logs prints what docker logs prints, both streams apart', async () => {
    const c = await runContainer(bed.engine, {
      name: 'cli-logs',
      cmd: ['sh', '-c', 'echo out-1; echo err-1 >&2; printf "h\\303\\251llo\\n"; echo err-2 >&2; echo out-3'],
    });
    bed.defer(() => c.container.remove({ force: true }));
    expect(await waitForExit(bed.engine, c.id)).toBe(0);
    await bed.admin.waitForContainer({ id: c.id, agentName: HOST });
    const expected = await dockerLogs(bed.engine, c.id, { stdout: true, stderr: true });
    const result = await bed.bosun(['logs', `${HOST}/${c.name}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(expected.stdout.toString('utf8'));
    expect(result.stderr).toBe(expected.stderr.toString('utf8'));
  });

  it('bosun logs of a long container into a reader that pauses prints every line, equal to docker logs', async () => {
    const c = await runContainer(bed.engine, { name: 'cli-many', cmd: ['sh', '-c', MANY] });
    bed.defer(() => c.container.remove({ force: true }));
    expect(await waitForExit(bed.engine, c.id)).toBe(0);
    await bed.admin.waitForContainer({ id: c.id, agentName: HOST });
    // The reader takes nothing for two seconds, then all: bosun, the manager and the agent must
    // hold back meanwhile, the pipe being full. The pause is the load, not a wait for some state.
    const read = await finished(
      spawn(
        'bash',
        [
          '-c',
          `set -o pipefail; "${process.execPath}" "${BOSUN_BUNDLE}" logs -n all ${HOST}/${c.name} | (sleep 2; cat)`,
        ],
        { env: { ...process.env, ...bed.cliEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    expect(read.stderr).toBe('');
    expect(read.code).toBe(0);
    const expected = await dockerLogs(bed.engine, c.id, { stdout: true, stderr: true });
    expect(read.stdout.length).toBe(expected.stdout.length);
    expect(read.stdout.equals(expected.stdout)).toBe(true);
  });
});
