import { describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  runContainer,
  useScriptedAgent,
  waitFor,
  waitForExit,
} from '../kit/index.ts';

// When the link to the manager is slower than the container, the agent's
// memory stays bounded: it drops the oldest queued lines and says so with a
// gap entry naming exactly the lost range. Nothing disappears silently.

const QUEUE_BYTES = 256 * 1024;
const LINES = 300_000;

describe('agent backpressure', () => {
  const engine = engineFromEnv();
  // The link is stalled on purpose for as long as the container runs, which under load can be
  // seconds: with the scripted manager's usual 1 s heartbeat the agent would take the link for
  // dead, reconnect and drop its queue (the stand-in does not resume streams as the hub does).
  const bed = useScriptedAgent(engine, { queueBytes: QUEUE_BYTES }, { heartbeatSeconds: 120 });

  it('drops the oldest lines under a stalled link, reports them as gaps, and loses nothing silently', async () => {
    const c = await runContainer(engine, {
      cmd: [
        'sh',
        '-c',
        `seq 1 ${LINES} | sed 's/$/ the quick brown fox jumps over the lazy dog again and again/'`,
      ],
      start: false,
    });
    await bed.manager.request('log.stream.start', { container: c.id, tail: 1_000_000 });
    bed.manager.pauseReading();
    await c.container.start();
    // The link stays stalled until the agent says it is dropping lines: under load it may read
    // Docker's logs slower than the container writes them, and the socket buffers take a lot.
    await waitFor(
      () => bed.agent.logs.some((record) => record.msg.startsWith('the link is slower than the logs')),
      {
        timeoutMs: 60_000,
        what: 'the agent to drop lines under backpressure',
      },
    );
    expect(await waitForExit(engine, c.id, { timeoutMs: 60_000 })).toBe(0);
    bed.manager.resumeReading();

    await waitFor(() => bed.manager.linesOf(c.id).at(-1)?.seq === LINES - 1, {
      timeoutMs: 60_000,
      what: 'the last line after the link recovered',
      detail: () => {
        const last = (bed.manager.entries.get(c.id) ?? []).at(-1);
        return `last entry: ${JSON.stringify(last)}; agent log: ${JSON.stringify(bed.agent.logs.slice(-15))}`;
      },
    });
    // The queue tells, once empty again, how much it dropped and the most it held meanwhile.
    const overflows = () =>
      bed.agent.logs.filter((record) => record.msg === 'outbound log queue empty again after dropping lines');
    await waitFor(() => overflows().length > 0, {
      timeoutMs: 10_000,
      what: 'the end of the overflow',
      detail: () => `agent log: ${JSON.stringify(bed.agent.logs.slice(-15))}`,
    });
    const peaks = overflows().map((record) => Number(record.fields?.peakBytes));
    expect(Math.max(...peaks)).toBeLessThanOrEqual(QUEUE_BYTES);
    const dropped = overflows().reduce((sum, record) => sum + Number(record.fields?.droppedLines), 0);

    const entries = bed.manager.entries.get(c.id) ?? [];
    const covered = new Array<number>(LINES).fill(0);
    for (const e of entries) {
      if (e.kind === 'line') covered[e.seq]! += 1;
      if (e.kind === 'gap') {
        expect(e.reason).toBe('agent_backpressure');
        for (let s = e.fromSeq; s <= e.toSeq; s++) covered[s]! += 1;
      }
    }
    // Every number is accounted for exactly once: as a line or inside a gap.
    expect(covered.every((n) => n === 1)).toBe(true);
    expect(entries.some((e) => e.kind === 'gap')).toBe(true);
    // And the agent's own count of what it dropped is what the gaps say.
    const inGaps = entries.reduce((sum, e) => (e.kind === 'gap' ? sum + e.toSeq - e.fromSeq + 1 : sum), 0);
    expect(dropped).toBe(inGaps);

    // The lines that did arrive are the right ones.
    const stored = (await dockerLogs(engine, c.id, { stdout: true, stderr: false })).stdout
      .toString()
      .split('\n');
    for (const line of bed.manager.linesOf(c.id)) expect(line.text).toBe(stored[line.seq]);
  }, 120_000);
});
