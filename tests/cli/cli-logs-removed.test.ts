import { randomBytes } from 'node:crypto';
import {
  dockerTimestampToUnixNanos,
  type LogLine,
  logEntrySchema,
  searchResponseSchema,
  storedLogPageSchema,
} from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dockerLogs,
  engineFromEnv,
  entriesToStreams,
  openGate,
  type RunningContainer,
  runContainer,
  WAIT_AT_GATE,
  waitForExit,
  waitForStoredLine,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// A container the manager retained (label `bosun.retain=true`) is removed; `bosun logs` then
// answers from the manager's log store exactly what `docker logs` printed before the removal,
// `bosun search` finds its lines, and `--format ndjson` exports them.

const engine = engineFromEnv();
const bed = useCliBed(engine);

const rare = `zebrafinch${randomBytes(4).toString('hex')}`;
const SCRIPT = [
  'echo out-1',
  'echo err-1 >&2',
  `printf 'h\\303\\251llo \\360\\237\\220\\263 w\\303\\266rld\\n'`,
  // Past Docker's 16 KiB chunks: one line of 40 KiB.
  "yes x | head -n 40960 | tr -d '\\n'; echo",
  // Not UTF-8: the store keeps it as base64 and the CLI prints the bytes.
  "printf 'bad \\377\\376 bytes\\n'",
  `echo "the ${rare} sang" >&2`,
  "printf 'crlf line\\r\\n'",
  "printf 'no newline at the end' >&2",
  'sleep 0.1',
  'echo last',
].join('; ');

type Removed = {
  c: RunningContainer;
  before: { stdout: Buffer; stderr: Buffer };
  stamped: { stdout: Buffer; stderr: Buffer };
};

/** The lines the store holds of container `id` (one page's worth). */
async function storedLines(id: string): Promise<LogLine[]> {
  const path = `/api/stored-logs?${new URLSearchParams({ agent: HOST, container: id, limit: '5000' })}`;
  const page = storedLogPageSchema.parse(await bed.admin.ok('GET', path));
  expect(page.newer).toBeNull();
  return page.entries.filter((entry) => entry.kind === 'line');
}

/** Runs the script in a retained container, waits until the store holds its last line, removes it. */
async function retainedThenRemoved(): Promise<Removed> {
  const c = await runContainer(engine, {
    name: 'removed',
    labels: { 'bosun.retain': 'true' },
    cmd: ['sh', '-c', SCRIPT],
  });
  expect(await waitForExit(engine, c.id)).toBe(0);
  const before = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
  const stamped = await dockerLogs(engine, c.id, { stdout: true, stderr: true, timestamps: true });
  await waitForStoredLine(bed.admin, HOST, c.id, 'last');
  await c.container.remove({ force: true });
  return { c, before, stamped };
}

const exportRecordSchema = z.object({ host: z.string(), container: z.string() });

describe('bosun logs of a removed container, from the log store', () => {
  it('prints, searches and exports what docker logs printed before the removal', async () => {
    const { c, before, stamped } = await retainedThenRemoved();
    const target = `${HOST}/${c.name}`;

    const logs = await bed.bosun(['logs', target]);
    expect(logs.stderr).toBe(before.stderr.toString('utf8'));
    expect(logs.code).toBe(0);
    expect(logs.stdout.length).toBe(before.stdout.length);
    expect(logs.stdout.equals(before.stdout)).toBe(true);

    const timed = await bed.bosun(['logs', '-t', `${HOST}/${c.id.slice(0, 12)}`]);
    expect(timed.code).toBe(0);
    // `docker logs -t` also stamps each 16 KiB chunk inside a long line; bosun, like Docker
    // without -t, keeps the line whole under its first stamp.
    const chunkStamps = /(?<=[^\n])\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /g;
    expect(timed.stdout.toString('latin1')).toBe(stamped.stdout.toString('latin1').replace(chunkStamps, ''));
    expect(timed.stderr).toBe(stamped.stderr.toString('utf8'));

    // The line of the rare term, as `docker logs -t` stamped it.
    const rareLine = stamped.stderr
      .toString('utf8')
      .split('\n')
      .find((line) => line.includes(rare));
    expect(rareLine).toBeDefined();
    const [stamp, ...text] = rareLine!.split(' ');
    const search = await bed.bosun(['search', rare, '--since', '1h']);
    expect(search.stderr).toBe('');
    expect(search.code).toBe(0);
    expect(search.stdout.toString('utf8')).toBe(`${HOST}/${c.name} ${stamp} ${text.join(' ')}\n`);
    const found = searchResponseSchema.parse(await bed.admin.ok('GET', `/api/search?q=${rare}&since=1h`));
    expect(
      found.hits.map((hit) => [hit.hostName, hit.containerName, hit.containerId, hit.line.stream]),
    ).toEqual([[HOST, c.name, c.id, 'stderr']]);

    const exported = await bed.bosun(['logs', '--format', 'ndjson', '--since', '1h', target]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const records = exported.stdout
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((record): unknown => JSON.parse(record));
    const entries = records.map((record) => logEntrySchema.parse(record));
    expect(records.map((record) => exportRecordSchema.parse(record))).toEqual(
      records.map(() => ({ host: HOST, container: c.name })),
    );
    const lines = entries.filter((entry) => entry.kind === 'line');
    expect(lines.map((line) => line.seq)).toEqual(lines.map((line) => line.seq).toSorted((a, b) => a - b));
    // -n counts the lines of both streams in the store's order, as docker logs -n counts its file's.
    const tail = await bed.bosun(['logs', '-n', '3', '--stream', 'stdout', target]);
    expect(tail.code).toBe(0);
    const lastThree = lines.slice(-3).filter((line) => line.stream === 'stdout');
    expect(tail.stdout.equals(entriesToStreams(lastThree).stdout)).toBe(true);
    const streams = entriesToStreams(entries);
    expect(streams.stdout.equals(before.stdout)).toBe(true);
    expect(streams.stderr.equals(before.stderr)).toBe(true);
  });

  it("puts the stored lines Docker rotated away before Docker's, with no duplicate or hole at the seam", async () => {
    const script = `echo ready; ${WAIT_AT_GATE}; for i in $(seq 1 200); do echo "rotated line $i ........................................"; sleep 0.01; done; echo done`;
    const c = await runContainer(engine, {
      name: 'rotated',
      labels: { 'bosun.retain': 'true' },
      logOptions: { 'max-size': '4k', 'max-file': '2' },
      cmd: ['sh', '-c', script],
    });
    // The store follows the stream from its first line, before anything rotates.
    await waitForStoredLine(bed.admin, HOST, c.id, 'ready');
    await openGate(c.container);
    expect(await waitForExit(engine, c.id)).toBe(0);
    await waitForStoredLine(bed.admin, HOST, c.id, 'done');
    const docker = await dockerLogs(engine, c.id, { stdout: true, stderr: true, timestamps: true });
    const dockerText = docker.stdout.toString('utf8');
    expect(dockerText).not.toContain('rotated line 1 ');
    // Docker's first stamp splits the two: the store's lines before it, then Docker's from it.
    const firstStamp = dockerTimestampToUnixNanos(dockerText.slice(0, dockerText.indexOf(' ')));
    const stored = await storedLines(c.id);
    const older = stored
      .filter((line) => dockerTimestampToUnixNanos(line.ts) < firstStamp)
      .map((line) => `${line.text}\n`);
    const fromDocker = dockerText.replaceAll(/^\S+ /gm, '');
    expect(older.join('')).toContain('rotated line 1 ');
    const logs = await bed.bosun(['logs', `${HOST}/${c.name}`]);
    expect(logs.stderr).toBe('');
    expect(logs.code).toBe(0);
    expect(logs.stdout.toString('utf8')).toBe(older.join('') + fromDocker);
    const stamped = await bed.bosun(['logs', '--since', '1h', '-t', `${HOST}/${c.name}`]);
    expect(stamped.stdout.toString('utf8').endsWith(dockerText)).toBe(true);
    await c.container.remove({ force: true });
  });

  it('a container the store never held stays not found', async () => {
    const result = await bed.bosun(['logs', `${HOST}/never-was-${rare}`]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`bosun: no such container never-was-${rare} on host ${HOST}\n`);
  });
});
