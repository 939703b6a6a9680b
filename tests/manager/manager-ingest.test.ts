import type { LogEntry } from '@bosun/protocol';
import type { RunningManager } from '@bosun/server';
import type Dockerode from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allStoredEntries,
  dockerLogs,
  engineFromEnv,
  entriesToStreams,
  runContainer,
  type TestAgent,
  waitFor,
  waitForDockerLog,
} from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager } from '../kit/test-manager.ts';

// Continuous ingest against a real engine: a container labelled bosun.retain=true is kept in the
// manager's log store with nobody watching, byte for byte as `docker logs` prints it, and every
// line exactly once in order across a manager restart in the middle of a burst.

const engine = engineFromEnv();
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// A gate of the container's own (the kit's uses one file): the script waits for `file`.
const waitAt = (file: string) => `while [ ! -f ${file} ]; do sleep 0.05; done`;

async function open(container: Dockerode.Container, file: string): Promise<void> {
  const exec = await container.exec({ Cmd: ['touch', file] });
  await exec.start({});
}

// The first burst: 3,000 stdout lines with multi-byte UTF-8, one line of bytes that are not
// UTF-8, ANSI colours and tabs, 300 stderr lines among them, and a 40 KiB line Docker splits.
const FIRST_BURST = [
  'i=1; while [ $i -le 3000 ]; do',
  "printf 'first %d café 🚢 日本語\\t\\033[31mred\\033[0m\\n' $i;",
  'if [ $((i % 10)) = 0 ]; then echo "warn $i" >&2; fi;',
  "if [ $i = 1500 ]; then printf 'raw \\377\\376 bytes\\n'; yes x | head -n 40960 | tr -d '\\n'; echo; fi;",
  'i=$((i + 1)); done; echo "first done"',
].join(' ');

// The second burst, paced so the manager stops in its middle, then the rest once the test says.
const SECOND_BURST = [
  'i=1; while [ $i -le 1000 ]; do echo "second $i"; if [ $((i % 50)) = 0 ]; then sleep 0.1; fi; i=$((i + 1)); done;',
  waitAt('/tmp/rest'),
  '; i=1; while [ $i -le 2000 ]; do echo "rest $i" >&2; echo "rest $i"; i=$((i + 1)); done; echo "all done"',
].join(' ');

/** Waits until the store holds as many bytes of the container as `docker logs` prints, and returns them. */
async function waitForStored(manager: RunningManager, agentId: string, containerId: string) {
  const expected = await dockerLogs(engine, containerId, { stdout: true, stderr: true });
  let stored: LogEntry[] = [];
  await waitFor(
    async () => {
      stored = await allStoredEntries(manager, agentId, containerId);
      const got = entriesToStreams(stored);
      return got.stdout.length + got.stderr.length >= expected.stdout.length + expected.stderr.length;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: `the store to hold every byte of ${containerId.slice(0, 12)}`,
      detail: () => `${stored.length} entries stored; ingest: ${JSON.stringify(manager.hub.ingestStats())}`,
    },
  );
  return { stored, expected };
}

function expectEveryLineOnceInOrder(stored: readonly LogEntry[]): void {
  expect(stored.filter((entry) => entry.kind !== 'line')).toEqual([]);
  const seqs = stored.flatMap((entry) => (entry.kind === 'line' ? [entry.seq] : []));
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
}

describe('continuous ingest into the log store', () => {
  it('keeps a bosun.retain=true container with no viewer, byte for byte and exactly once across a manager restart', async () => {
    const first = await startTestManager();
    cleanups.push(() => first.cleanup());
    const admin = await ApiClient.login(first.url, 'admin', ADMIN_PASSWORD);
    const agent: TestAgent = await joinTestAgent(admin, { engine, name: 'ingest-host' });
    cleanups.push(() => agent.stop());
    const { agents } = await admin.ok('GET', '/api/agents');
    const agentId: string = agents.find((a: { name: string }) => a.name === 'ingest-host').id;

    const kept = await runContainer(engine, {
      name: 'kept',
      labels: { 'bosun.retain': 'true' },
      cmd: ['sh', '-c', `${FIRST_BURST}; ${waitAt('/tmp/second')}; ${SECOND_BURST}; exec sleep 3600`],
    });
    const plain = await runContainer(engine, {
      name: 'plain',
      cmd: ['sh', '-c', 'for i in $(seq 1 200); do echo "plain $i"; done; exec sleep 3600'],
    });
    cleanups.push(() =>
      kept.container.remove({ force: true }).then(() => plain.container.remove({ force: true })),
    );
    await waitForDockerLog(engine, kept.id, 'first done');

    const burst = await waitForStored(first.manager, agentId, kept.id);
    expect(entriesToStreams(burst.stored).stdout.equals(burst.expected.stdout)).toBe(true);
    expect(entriesToStreams(burst.stored).stderr.equals(burst.expected.stderr)).toBe(true);
    expect(burst.expected.stderr.length).toBeGreaterThan(0);
    expectEveryLineOnceInOrder(burst.stored);

    // The second burst starts; the manager stops once part of it is stored, the rest is
    // written while it is down and after it is back.
    await open(kept.container, '/tmp/second');
    const storedBefore = burst.stored.length;
    await waitFor(
      async () => (await allStoredEntries(first.manager, agentId, kept.id)).length > storedBefore,
      {
        timeoutMs: 30_000,
        what: 'the store to take the first lines of the second burst',
      },
    );
    await first.close();
    await open(kept.container, '/tmp/rest');
    const second = await startTestManager({
      dataDir: first.dataDir,
      listen: `127.0.0.1:${first.manager.address.port}`,
    });
    cleanups.push(() => second.close());
    await waitForDockerLog(engine, kept.id, 'all done');

    const all = await waitForStored(second.manager, agentId, kept.id);
    expect(entriesToStreams(all.stored).stdout.equals(all.expected.stdout)).toBe(true);
    expect(entriesToStreams(all.stored).stderr.equals(all.expected.stderr)).toBe(true);
    expectEveryLineOnceInOrder(all.stored);

    // The unlabelled container, under the default policy, has nothing stored.
    expect(await allStoredEntries(second.manager, agentId, plain.id)).toEqual([]);
    const streams = await second.manager.logStore.streams();
    expect(streams.map((stream) => stream.containerId)).toEqual([kept.id]);
  });
});
