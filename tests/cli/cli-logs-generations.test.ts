import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  runContainer,
  spawnBosun,
  waitFor,
  waitForDockerLog,
  watchChild,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// `bosun logs -f` follows a container's identity: when `docker compose up` replaces it (here the
// same labels set by hand, as the tests have no Compose), the new container's lines follow the old
// ones after a marker on stderr, in the one command.

const engine = engineFromEnv();
const bed = useCliBed(engine);

function composeLabels(project: string): Record<string, string> {
  return {
    'com.docker.compose.project': project,
    'com.docker.compose.service': 'web',
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
  };
}

describe('bosun logs -f across a recreation', () => {
  it('goes on with the next container of the same Compose service after a marker', async () => {
    const labels = composeLabels(`p${randomBytes(4).toString('hex')}`);
    const script = (generation: number) => `echo "generation ${generation} says hello"; exec sleep 1000`;
    const first = await runContainer(engine, { name: 'web', labels, cmd: ['sh', '-c', script(1)] });
    await bed.waitForContainer(first.name);
    await waitForDockerLog(engine, first.id, 'generation 1 says hello', {
      what: 'the first container to print',
    });
    const bosun = watchChild(spawnBosun(['logs', '-f', `${HOST}/${first.name}`], bed.env));
    await waitFor(() => bosun.stdout().includes('generation 1 says hello'), {
      timeoutMs: 15_000,
      what: 'the first generation to print',
      detail: bosun.stderr,
    });
    await first.container.remove({ force: true });
    const second = await runContainer(engine, { name: 'web', labels, cmd: ['sh', '-c', script(2)] });
    await waitFor(() => bosun.stdout().includes('generation 2 says hello'), {
      timeoutMs: 20_000,
      what: 'the second generation to print',
      detail: bosun.stderr,
    });
    const result = await bosun.interrupt();
    expect(result.stdout.toString()).toBe('generation 1 says hello\ngeneration 2 says hello\n');
    expect(result.stderr).toMatch(
      new RegExp(
        `^bosun: new container ${second.id.slice(0, 12)} \\(generation 2\\) created at \\d{4}-\\d\\d-\\d\\dT`,
        'm',
      ),
    );
  });

  it('ps shows the Compose service', async () => {
    const labels = composeLabels(`p${randomBytes(4).toString('hex')}`);
    const c = await runContainer(engine, { name: 'svc', labels, cmd: ['sh', '-c', 'exec sleep 1000'] });
    await bed.waitForContainer(c.name);
    const result = await bed.bosun(['ps', HOST]);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.toString().split('\n');
    expect(header).toMatch(/^HOST\s+NAME\s+SERVICE\s+IMAGE/);
    expect(rows.find((row) => row.includes(c.name))).toContain(
      `${labels['com.docker.compose.project']}/web#1`,
    );
  });
});
