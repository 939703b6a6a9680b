import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, runContainer, startEngine, waitFor, waitForExit } from '../kit/index.ts';
import { HOST } from './fault-bed.ts';
import { dockerLines, settle, tickerScript, useFaultBed, waitForShown, watchContainer } from './fault-run.ts';
import { judgeFault } from './fault-verdict.ts';

// The processes around a stream fail while viewers and `bosun logs -f` watch it: the agent and
// the manager are killed, Docker restarts, the agent's link to the manager goes dark. Afterwards
// every line Docker holds has reached every client once and in order, and neither process holds
// more memory than before. BOSUN_LONG=1 (`npm run test:long`) runs longer streams and cuts.

const LONG = process.env.BOSUN_LONG === '1';
// A long variant may take many minutes; the normal one keeps the project's own timeout.
const TIMEOUT_MS = LONG ? 1_800_000 : 120_000;
const CUT_MS = LONG ? 120_000 : 30_000;

// An engine of the suite's own: one fault stops and starts its daemon.
let engine: Engine;
beforeAll(async () => {
  engine = await startEngine('faults');
});
afterAll(async () => {
  await engine?.stop();
});
const beds = useFaultBed(() => engine);

/** Waits until every viewer of the audience was told the stream is in `state`. */
async function toldState(watched: { states: string[] }[], state: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(() => watched.every((w) => w.states.includes(state)), {
    timeoutMs,
    what: `every viewer to be told the stream is ${state}`,
    detail: () => JSON.stringify(watched.map((w) => w.states)),
  });
}

/** Lets the fault last `ms`: the fault's own length, not a wait for some state. */
async function holdFor(ms: number): Promise<void> {
  const until = performance.now() + ms;
  await waitFor(() => performance.now() >= until, {
    timeoutMs: ms + 1000,
    intervalMs: 250,
    what: 'the fault to last',
  });
}

describe('faults of the processes around a stream', () => {
  it(
    'kill -9 the agent mid-stream, start it again',
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const lines = LONG ? 3000 : 300;
      const c = await runContainer(engine, {
        name: 'agent-kill',
        cmd: ['sh', '-c', tickerScript('agent-kill', lines, 0.02)],
      });
      const audience = await watchContainer(bed, c);
      await waitForShown(audience, 'agent-kill 50');
      await bed.restartAgent(() => toldState(audience.watched, 'agent_offline'));
      await bed.waitForAgentOnline();
      await waitForExit(engine, c.id, { timeoutMs: 60_000 });
      const settled = await settle(bed, audience, c);
      expect(audience.cli.stderr()).toContain(`host ${HOST} is offline`);
      expect(audience.cli.stderr()).toContain('the log stream is live again');
      await judgeFault(bed, 'agent-kill', baseline, settled.total);
    },
    TIMEOUT_MS,
  );

  it(
    'kill -9 the manager, start it again on the same data',
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const lines = LONG ? 3000 : 300;
      const c = await runContainer(engine, {
        name: 'manager-kill',
        cmd: ['sh', '-c', tickerScript('manager-kill', lines, 0.02)],
      });
      const audience = await watchContainer(bed, c);
      await waitForShown(audience, 'manager-kill 50');
      await bed.restartManager();
      await bed.waitForAgentOnline();
      await waitForExit(engine, c.id, { timeoutMs: 60_000 });
      const settled = await settle(bed, audience, c);
      expect(audience.viewers.every((v) => v.reconnects >= 1)).toBe(true);
      expect(audience.cli.stderr()).toContain('reconnected to the manager');
      await judgeFault(bed, 'manager-kill', baseline, settled.total);
    },
    TIMEOUT_MS,
  );

  it(
    'stop and start dockerd',
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const c = await runContainer(engine, {
        name: 'dockerd-restart',
        cmd: ['sh', '-c', tickerScript('dockerd', 0, 0.05)],
        restartPolicy: { Name: 'always' },
      });
      const audience = await watchContainer(bed, c);
      await waitForShown(audience, 'dockerd 30');
      let held = 0;
      await engine.restartDaemon(async () => {
        await toldState(audience.watched, 'docker_unavailable');
        held = Math.max(...audience.watched.map((w) => w.lines.length));
      });
      // The container came back with the daemon and goes on numbering.
      await waitFor(async () => (await dockerLines(bed, c)).length >= held + 40, {
        timeoutMs: 60_000,
        what: 'the container to write again after the daemon came back',
      });
      await c.container.stop();
      const settled = await settle(bed, audience, c);
      expect(audience.watched.every((w) => w.markers.includes('restart'))).toBe(true);
      expect(audience.cli.stderr()).toContain(`Docker on ${HOST} is unavailable`);
      await judgeFault(bed, 'dockerd-restart', baseline, settled.total);
    },
    TIMEOUT_MS,
  );

  it(
    `cut the agent's link for ${CUT_MS / 1000} s: stalled, then dropped, then healed`,
    async () => {
      const { bed } = beds;
      const baseline = await bed.heaps();
      const c = await runContainer(engine, {
        name: 'link-cut',
        cmd: ['sh', '-c', tickerScript('link-cut', 0, 0.1)],
      });
      const audience = await watchContainer(bed, c);
      await waitForShown(audience, 'link-cut 20');
      const silent = 'no pong from manager; reconnecting';
      const silentBefore = bed.agent.logged(silent);
      const cutAt = performance.now();
      bed.proxy.stall();
      // Nothing closes a stalled path: only the agent's heartbeat can tell it is dead.
      await waitFor(() => bed.agent.logged(silent) > silentBefore, {
        timeoutMs: CUT_MS + 30_000,
        what: "the agent's heartbeat to notice the stalled link",
      });
      bed.proxy.drop();
      await toldState(audience.watched, 'agent_offline');
      await holdFor(Math.max(2000, CUT_MS - (performance.now() - cutAt)));
      bed.proxy.heal();
      await bed.waitForAgentOnline(90_000);
      const after = (await dockerLines(bed, c)).length;
      await waitFor(async () => (await dockerLines(bed, c)).length >= after + 20, {
        timeoutMs: 30_000,
        what: 'the container to write more after the link healed',
      });
      await c.container.stop();
      const settled = await settle(bed, audience, c);
      expect(audience.cli.stderr()).toContain(`host ${HOST} is offline`);
      expect(audience.cli.stderr()).toContain('the log stream is live again');
      await judgeFault(bed, 'link-cut', baseline, settled.total);
    },
    CUT_MS + 180_000,
  );
});
