import { searchResponseSchema } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { dockerLogs, runContainer, waitForExit, waitForStoredLine } from '../kit/index.ts';
import { useContractBed } from './contract-kit.ts';
import { CONTRACT_RUNTIMES } from './runtimes.ts';

// Retention and search through each runtime's log store (SQLite beside the Node manager, the
// Durable Object's own SQLite on Cloudflare): a retained container's lines outlive it, byte for
// byte, and a search finds them.

const HOST = 'store-host';
const RARE = 'zebracorn';
const SCRIPT = `i=1; while [ $i -le 200 ]; do echo "line $i"; i=$((i+1)); done; echo "a ${RARE} here" >&2; echo last`;

describe.each(CONTRACT_RUNTIMES)('stored logs on $name', (runtime) => {
  const bed = useContractBed(runtime, HOST);

  it('keeps a retained container’s lines after it is removed, and finds them by search', async () => {
    const c = await runContainer(bed.engine, {
      name: 'kept',
      labels: { 'bosun.retain': 'true' },
      cmd: ['sh', '-c', SCRIPT],
    });
    expect(await waitForExit(bed.engine, c.id)).toBe(0);
    const before = await dockerLogs(bed.engine, c.id, { stdout: true, stderr: true });
    await waitForStoredLine(bed.admin, HOST, c.id, 'last');
    await c.container.remove({ force: true });

    const logs = await bed.bosun(['logs', `${HOST}/${c.name}`]);
    expect(logs.code).toBe(0);
    expect(logs.stdout.equals(before.stdout)).toBe(true);
    expect(logs.stderr).toBe(before.stderr.toString('utf8'));

    const found = searchResponseSchema.parse(await bed.admin.ok('GET', `/api/search?q=${RARE}&since=1h`));
    expect(
      found.hits.map((hit) => [hit.hostName, hit.containerName, hit.line.text, hit.line.stream]),
    ).toEqual([[HOST, c.name, `a ${RARE} here`, 'stderr']]);
    expect(found.indexed).toBe(true);
    const search = await bed.bosun(['search', RARE, '--since', '1h']);
    expect(search.code).toBe(0);
    expect(search.stdout.toString('utf8')).toMatch(new RegExp(`^${HOST}/${c.name} \\S+ a ${RARE} here\\n$`));
  });
});
