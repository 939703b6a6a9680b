import type { LogEntry, LogLine } from '@bosun/protocol';
import type { RunningManager } from '@bosun/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allStoredEntries,
  dockerLogs,
  engineFromEnv,
  openGate,
  runContainer,
  type TestAgent,
  WAIT_AT_GATE,
  waitFor,
  waitForExit,
} from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager } from '../kit/test-manager.ts';

// Docker rotates a retained container's json-file every few dozen lines while the manager
// ingests it: the store holds each line Docker let it read exactly once, in order. Docker
// 20.10's follow sends lines again at each rotation (one line when the writer is slow, a whole
// file in a burst); the agent must not pass them on.

const engine = engineFromEnv();
const cleanups: Array<() => Promise<void>> = [];
let manager: RunningManager;
let agentId: string;

beforeAll(async () => {
  const started = await startTestManager();
  cleanups.push(() => started.cleanup());
  manager = started.manager;
  const admin = await ApiClient.login(started.url, 'admin', ADMIN_PASSWORD);
  const agent: TestAgent = await joinTestAgent(admin, { engine, name: 'rotation-host' });
  cleanups.push(() => agent.stop());
  const { agents } = await admin.ok('GET', '/api/agents');
  agentId = agents.find((a: { name: string }) => a.name === 'rotation-host').id;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs `count` numbered lines with `pause` between them in a rotating, retained container; returns what the store holds. */
async function rotatedRun(count: number, pause: string): Promise<{ id: string; stored: LogEntry[] }> {
  const body = `echo "line $i ........................................................................................"`;
  const script = `echo ready; ${WAIT_AT_GATE}; for i in $(seq 1 ${count}); do ${body};${pause} done; echo done`;
  const c = await runContainer(engine, {
    name: 'rotating',
    labels: { 'bosun.retain': 'true' },
    logOptions: { 'max-size': '4k', 'max-file': '2' },
    cmd: ['sh', '-c', script],
  });
  cleanups.push(() => c.container.remove({ force: true }));
  const hasLine = async (text: string) =>
    (await allStoredEntries(manager, agentId, c.id)).some(
      (entry) => entry.kind === 'line' && entry.text === text,
    );
  // The ingest follows the container from its first line, before anything rotates.
  await waitFor(() => hasLine('ready'), { timeoutMs: 20_000, what: 'the store to hold "ready"' });
  await openGate(c.container);
  expect(await waitForExit(engine, c.id)).toBe(0);
  await waitFor(() => hasLine('done'), { timeoutMs: 30_000, what: 'the store to hold "done"' });
  return { id: c.id, stored: await allStoredEntries(manager, agentId, c.id) };
}

/** The numbers of the stored `line N` lines, in stored order. */
function numbers(entries: readonly LogEntry[]): number[] {
  const lines = entries.filter((entry): entry is LogLine => entry.kind === 'line');
  return lines.flatMap((line) => {
    const match = /^line (\d+) /.exec(line.text);
    return match ? [Number(match[1])] : [];
  });
}

function oneTo(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

describe('ingest of a container whose json-file Docker rotates fast', () => {
  it('stores each line once, in order, when lines come 10 ms apart', async () => {
    const { stored } = await rotatedRun(300, ' sleep 0.01;');
    expect(numbers(stored)).toEqual(oneTo(300));
    expect(stored.filter((entry) => entry.kind !== 'line')).toEqual([]);
  });

  // Docker rotates a 4 KiB file every few dozen lines here, faster than any reader: its own follow
  // (and `docker logs` after the fact) no longer has most of them. The store holds none twice,
  // in order, and every line Docker still holds.
  it('stores no line twice in a burst with no pause, and every line Docker still holds', async () => {
    const { id, stored } = await rotatedRun(2000, '');
    const held = numbers(stored);
    expect(held).toEqual([...new Set(held)].sort((a, b) => a - b));
    const docker = await dockerLogs(engine, id, { stdout: true, stderr: true });
    const inDocker = [...docker.stdout.toString('utf8').matchAll(/^line (\d+) /gm)].map((m) => Number(m[1]));
    expect(inDocker.length).toBeGreaterThan(0);
    expect(held.slice(-inDocker.length)).toEqual(inDocker);
  });
});
