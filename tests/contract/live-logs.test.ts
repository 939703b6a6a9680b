import { join } from 'node:path';
import { joinTokenCreatedSchema, type LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { openGate, runContainer, WAIT_AT_GATE, waitFor, waitForDockerLog } from '../kit/index.ts';
import { openViewer } from '../kit/test-manager.ts';
import {
  entriesOf,
  expectConsecutive,
  IDLE,
  linesOf,
  printInto,
  printLines,
  skippedOf,
  startAgentProcess,
  statesOf,
  useContractBed,
  waitForLines,
} from './contract-kit.ts';
import { CONTRACT_RUNTIMES } from './runtimes.ts';

// Live logs over /ws/logs as every runtime must deliver them: history then live, a restart
// marker, a viewer resuming from its last seq, a filtered subscription, and a stream that goes
// on without loss or repeat across an agent killed and started again.

const HOST = 'live-host';
const texts = (lines: readonly LogLine[]) => lines.map((l) => l.text);
const numbered = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);

describe.each(CONTRACT_RUNTIMES)('live logs on $name', (runtime) => {
  const bed = useContractBed(runtime, HOST);

  it('a subscriber gets the history, then live lines, numbered on without a gap', async () => {
    const c = await runContainer(bed.engine, {
      name: 'hist-live',
      cmd: ['sh', '-c', `${printLines('old', 30)}; ${WAIT_AT_GATE}; ${printLines('new', 30)}; ${IDLE}`],
    });
    await bed.admin.waitForContainer({ id: c.id });
    await waitForDockerLog(bed.engine, c.id, 'old 30\n');
    const viewer = await bed.viewer();
    const reply = await viewer.request('logs.subscribe', { sub: 's', agent: HOST, container: c.name });
    expect(reply).toMatchObject({ ok: true, result: { sub: 's', container: c.id } });
    await waitForLines(viewer, 's', 30);
    await openGate(c.container);
    const lines = await waitForLines(viewer, 's', 60);
    expect(texts(lines)).toEqual([...numbered('old', 1, 30), ...numbered('new', 1, 30)]);
    expectConsecutive(lines, 0);
    // The history is whole before the first live batch.
    const subjects = viewer.frames.map((f) => f.subject).filter((s) => s.startsWith('logs.'));
    const lastHistory = subjects.lastIndexOf('logs.history');
    expect(lastHistory).toBeGreaterThanOrEqual(0);
    expect(subjects.indexOf('logs.batch')).toBeGreaterThan(lastHistory);
    await c.container.remove({ force: true });
  });

  it('a container restarted through the API: a restart marker, then its lines go on under the same numbering', async () => {
    const c = await runContainer(bed.engine, {
      name: 'restarted',
      cmd: ['sh', '-c', `${printLines('tick', 5)}; ${IDLE}`],
    });
    await bed.admin.waitForContainer({ id: c.id });
    const viewer = await bed.viewer();
    expect(await viewer.request('logs.subscribe', { sub: 'r', agent: HOST, container: c.id })).toMatchObject({
      ok: true,
    });
    await waitForLines(viewer, 'r', 5);
    await bed.admin.ok('POST', `/api/agents/${HOST}/containers/${c.id}/restart`);
    const lines = await waitForLines(viewer, 'r', 10);
    expect(texts(lines)).toEqual([...numbered('tick', 1, 5), ...numbered('tick', 1, 5)]);
    expectConsecutive(lines, 0);
    const kinds = entriesOf(viewer, 'r').map((e) => (e.kind === 'line' ? e.seq : e.kind));
    expect(kinds).toEqual([0, 1, 2, 3, 4, 'restart', 5, 6, 7, 8, 9]);
    expect(entriesOf(viewer, 'r')[5]).toMatchObject({ kind: 'restart', afterSeq: 4 });
    await c.container.remove({ force: true });
  });

  it('a viewer whose socket dropped resumes from its last seq: exactly the lines it missed, none twice', async () => {
    const c = await runContainer(bed.engine, {
      name: 'viewer-drop',
      cmd: ['sh', '-c', `${printLines('a', 20)}; ${WAIT_AT_GATE}; ${printLines('b', 20)}; ${IDLE}`],
    });
    await bed.admin.waitForContainer({ id: c.id });
    const first = await openViewer(bed.url, bed.admin.headersForSocket());
    expect(await first.request('logs.subscribe', { sub: 'v', agent: HOST, container: c.id })).toMatchObject({
      ok: true,
    });
    const before = await waitForLines(first, 'v', 20);
    // No close frame: the connection just drops, as a network failure would.
    first.ws.terminate();
    await openGate(c.container);
    await waitForDockerLog(bed.engine, c.id, 'b 20\n');
    const second = await bed.viewer();
    const fromSeq = (before.at(-1)?.seq ?? -1) + 1;
    expect(
      await second.request('logs.subscribe', { sub: 'v', agent: HOST, container: c.id, fromSeq }),
    ).toMatchObject({ ok: true });
    const after = await waitForLines(second, 'v', 20);
    expect(texts(after)).toEqual(numbered('b', 1, 20));
    expectConsecutive(after, 20);
    // A last line printed after the resume comes next: nothing was repeated before it.
    await printInto(c.container, 'last');
    const all = await waitForLines(second, 'v', 21);
    expect(texts(all)).toEqual([...numbered('b', 1, 20), 'last']);
    expectConsecutive(all, 20);
    await c.container.remove({ force: true });
  });

  it('a filtered subscription gets only the matching lines, history and live, and counts the rest as skipped', async () => {
    // Lines 1..200 of each half: "ERROR n" every 50th, noise otherwise.
    const half = (tag: string) =>
      `i=1; while [ $i -le 200 ]; do if [ $((i % 50)) -eq 0 ]; then echo "ERROR ${tag} $i"; ` +
      `else echo "noise ${tag} $i"; fi; i=$((i+1)); done`;
    const c = await runContainer(bed.engine, {
      name: 'filtered',
      cmd: ['sh', '-c', `${half('old')}; ${WAIT_AT_GATE}; ${half('new')}; ${IDLE}`],
    });
    await bed.admin.waitForContainer({ id: c.id });
    await waitForDockerLog(bed.engine, c.id, 'ERROR old 200\n');
    const viewer = await bed.viewer();
    const reply = await viewer.request('logs.subscribe', {
      sub: 'f',
      agent: HOST,
      container: c.id,
      filter: { pattern: 'error' },
    });
    expect(reply).toMatchObject({ ok: true, result: { filtered: true } });
    await waitForLines(viewer, 'f', 4);
    await openGate(c.container);
    const lines = await waitForLines(viewer, 'f', 8);
    expect(texts(lines)).toEqual([
      'ERROR old 50',
      'ERROR old 100',
      'ERROR old 150',
      'ERROR old 200',
      'ERROR new 50',
      'ERROR new 100',
      'ERROR new 150',
      'ERROR new 200',
    ]);
    // Each line keeps its place in the whole stream.
    expect(lines.map((l) => l.seq)).toEqual([49, 99, 149, 199, 249, 299, 349, 399]);
    await waitFor(() => skippedOf(viewer, 'f') === 392, {
      timeoutMs: 15_000,
      what: 'the 392 held-back lines to be counted as skipped',
      detail: () => `skipped so far: ${skippedOf(viewer, 'f')}`,
    });
    expect(linesOf(viewer, 'f')).toHaveLength(8);
    await c.container.remove({ force: true });
  });

  it('an agent killed and started again from its state folder: the viewer gets every line once, in order', async () => {
    const name = 'live-host-2';
    const { token } = await bed.admin.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', { name });
    const stateDir = join(bed.dir, 'agent-state');
    const options = { engine: bed.engine, managerUrl: bed.url, name, stateDir };
    let agent = startAgentProcess({ ...options, joinToken: token });
    bed.defer(() => agent.stop());
    await bed.admin.waitForAgentOnline(name);
    const c = await runContainer(bed.engine, {
      name: 'agent-drop',
      cmd: ['sh', '-c', `${printLines('before', 25)}; ${WAIT_AT_GATE}; ${printLines('during', 25)}; ${IDLE}`],
    });
    await bed.admin.waitForContainer({ id: c.id, agentName: name });
    const viewer = await bed.viewer();
    expect(await viewer.request('logs.subscribe', { sub: 'k', agent: name, container: c.id })).toMatchObject({
      ok: true,
    });
    await waitForLines(viewer, 'k', 25);

    await agent.kill();
    await waitFor(
      async () => {
        const { agents } = await bed.admin.ok('GET', '/api/agents');
        return agents.some((a: { name: string; online: boolean }) => a.name === name && !a.online);
      },
      { timeoutMs: 15_000, what: 'the manager to see the killed agent offline' },
    );
    await openGate(c.container);
    await waitForDockerLog(bed.engine, c.id, 'during 25\n');
    agent = startAgentProcess(options);
    await bed.admin.waitForAgentOnline(name);

    const lines = await waitForLines(viewer, 'k', 50);
    expect(texts(lines)).toEqual([...numbered('before', 1, 25), ...numbered('during', 1, 25)]);
    expectConsecutive(lines, 0);
    expect(statesOf(viewer, 'k')).toContain('agent_offline');
    await c.container.remove({ force: true });
  });
});
