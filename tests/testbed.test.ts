import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  type Engine,
  engineFromEnv,
  ensureFixtureImage,
  FIXTURE_IMAGE,
  LogDemuxer,
  runContainer,
  startEngines,
  waitForExit,
} from './kit/index.ts';

// The test bed's own tests: if these fail, every other integration test would
// fail for reasons that have nothing to do with bosun.

describe('primary engine', () => {
  const engine = engineFromEnv();

  it('answers /_ping and has the fixture image', async () => {
    expect((await engine.docker.ping()).toString()).toBe('OK');
    const image = await engine.docker.getImage(FIXTURE_IMAGE).inspect();
    expect(image.RepoTags).toContain(FIXTURE_IMAGE);
  });

  it('returns the exact bytes a container wrote to stdout and stderr', async () => {
    const { id } = await runContainer(engine, {
      name: 'bytes',
      cmd: [
        'sh',
        '-c',
        String.raw`printf 'out\001\002\tend\n'; printf 'err\033[1m\n' >&2; printf 'no newline'`,
      ],
    });
    expect(await waitForExit(engine, id)).toBe(0);
    const logs = await dockerLogs(engine, id, { stdout: true, stderr: true });
    expect(logs.stdout).toEqual(Buffer.from('out\x01\x02\tend\nno newline'));
    expect(logs.stderr).toEqual(Buffer.from('err\x1b[1m\n'));
  });

  it('keeps non-UTF-8 bytes with the local log driver; json-file replaces them with U+FFFD', async () => {
    const cmd = ['sh', '-c', String.raw`printf 'a\377\376b\n'`];
    const local = await runContainer(engine, { cmd, logDriver: 'local' });
    const json = await runContainer(engine, { cmd, logDriver: 'json-file' });
    await Promise.all([waitForExit(engine, local.id), waitForExit(engine, json.id)]);
    const fromLocal = await dockerLogs(engine, local.id, { stdout: true, stderr: false });
    const fromJson = await dockerLogs(engine, json.id, { stdout: true, stderr: false });
    expect(fromLocal.stdout).toEqual(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    expect(fromJson.stdout).toEqual(Buffer.from('a\ufffd\ufffdb\n'));
  });

  it('returns one stream alone when only that one is asked for', async () => {
    const { id } = await runContainer(engine, { cmd: ['sh', '-c', 'echo to-out; echo to-err >&2'] });
    await waitForExit(engine, id);
    expect(await dockerLogs(engine, id, { stdout: false, stderr: true })).toEqual({
      stdout: Buffer.alloc(0),
      stderr: Buffer.from('to-err\n'),
    });
  });

  it('returns a TTY container’s logs raw, with \\r\\n line ends and no frame headers', async () => {
    const { id } = await runContainer(engine, { tty: true, cmd: ['sh', '-c', 'echo one; echo two'] });
    await waitForExit(engine, id);
    const logs = await dockerLogs(engine, id, { stdout: true, stderr: true });
    expect(logs.stdout.toString('latin1')).toBe('one\r\ntwo\r\n');
    expect(logs.stderr.length).toBe(0);
  });
});

describe('log demultiplexer', () => {
  it('reassembles frames split at every possible byte', () => {
    const frame = (type: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = type;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    const stream = Buffer.concat([frame(1, 'out-1\n'), frame(2, 'err\n'), frame(1, ''), frame(1, 'out-2')]);
    const demuxer = new LogDemuxer();
    for (const byte of stream) demuxer.push(Buffer.from([byte]));
    expect(demuxer.end()).toEqual({ stdout: Buffer.from('out-1\nout-2'), stderr: Buffer.from('err\n') });
  });

  it('fails loudly on a truncated or unframed stream', () => {
    const truncated = new LogDemuxer();
    truncated.push(Buffer.from([1, 0, 0, 0, 0, 0, 0, 5, 0x61]));
    expect(() => truncated.end()).toThrow(/ended inside a frame/);
    expect(() => new LogDemuxer().push(Buffer.from('plain text'))).toThrow(/not multiplexed/);
  });
});

describe('two engines started by the kit', () => {
  let engines: Engine[] = [];

  beforeAll(async () => {
    engines = await startEngines(2);
    await Promise.all(engines.map((engine) => ensureFixtureImage(engine)));
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
    for (const engine of engines) expect(existsSync(engine.socketPath)).toBe(false);
  });

  it('each run their own containers and serve their logs', async () => {
    expect(engines).toHaveLength(2);
    const runs = await Promise.all(
      engines.map(async (engine) => {
        const run = await runContainer(engine, { cmd: ['echo', `hello from ${engine.name}`] });
        expect(await waitForExit(engine, run.id)).toBe(0);
        return { engine, id: run.id };
      }),
    );
    for (const { engine, id } of runs) {
      const logs = await dockerLogs(engine, id, { stdout: true, stderr: true });
      expect(logs.stdout.toString()).toBe(`hello from ${engine.name}\n`);
    }
  });

  it('are independent of each other', async () => {
    const [first, second] = engines as [Engine, Engine];
    expect(first.owned && second.owned).toBe(true);
    expect(first.socketPath).not.toBe(second.socketPath);
    const [infoA, infoB] = await Promise.all([first.docker.info(), second.docker.info()]);
    expect(infoA.ID).not.toBe(infoB.ID);
    expect(infoA.DockerRootDir).not.toBe(infoB.DockerRootDir);

    const { id } = await runContainer(first, { cmd: ['true'], start: false });
    const onFirst = await first.docker.listContainers({ all: true });
    const onSecond = await second.docker.listContainers({ all: true });
    expect(onFirst.map((c) => c.Id)).toContain(id);
    expect(onSecond.map((c) => c.Id)).not.toContain(id);
  });
});
