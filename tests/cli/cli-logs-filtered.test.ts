import { managerStatusSchema } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import {
  engineFromEnv,
  openGate,
  runContainer,
  WAIT_AT_GATE,
  waitFor,
  waitForDockerLog,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// `bosun logs -f --grep` subscribes with the manager-side filter: a container printing mostly
// noise and a few ERROR lines gives exactly those lines, in order, and the manager sends this
// viewer almost nothing of the noise.

const engine = engineFromEnv();
const bed = useCliBed(engine);

const NOISE = 3000;
// Noise with an ERROR line after every thousand, then a last one to wait for.
const noisyPart = (tag: string) =>
  `i=0; while [ $i -lt ${NOISE} ]; do echo "noise $i request handled"; i=$((i+1)); ` +
  `if [ $((i % 1000)) -eq 0 ]; then echo "ERROR ${tag} $i"; fi; done`;

function linesOf(stdout: Buffer): string[] {
  return stdout.toString('utf8').split('\n').slice(0, -1);
}

async function entriesSentToViewers(): Promise<number> {
  const status = await bed.admin.okExactly(managerStatusSchema, 'GET', '/api/status');
  return status.logs.entriesOut;
}

describe('bosun logs -f --grep', () => {
  it('prints exactly the matching lines of history and live, in order, and the manager sends little else', async () => {
    const script = `${noisyPart('old')}; ${WAIT_AT_GATE}; ${noisyPart('new')}; echo 'ERROR last'; exec sleep 1000`;
    const c = await runContainer(engine, { name: 'grep-noisy', cmd: ['sh', '-c', script] });
    await bed.waitForContainer(c.name);
    await waitForDockerLog(engine, c.id, 'ERROR old 3000', { what: 'the history lines' });
    const sentBefore = await entriesSentToViewers();
    const bosun = await bed.followLive(['--grep', 'ERROR', `${HOST}/${c.name}`]);
    await openGate(c.container);
    await waitFor(() => bosun.stdout().includes('ERROR last\n'), {
      timeoutMs: 30_000,
      what: 'bosun to print the last live line',
    });
    const sent = (await entriesSentToViewers()) - sentBefore;
    const result = await bosun.interrupt();
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout)).toEqual([
      'ERROR old 1000',
      'ERROR old 2000',
      'ERROR old 3000',
      'ERROR new 1000',
      'ERROR new 2000',
      'ERROR new 3000',
      'ERROR last',
    ]);
    // 6,000 lines of noise went by; the viewer was sent the ERROR lines and the stream's markers.
    expect(sent).toBeLessThan(20);
    await c.container.remove({ force: true });
  });
});
